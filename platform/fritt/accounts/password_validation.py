"""Password rules with their messages in our own catalogue (bokmål first).

Django's rules are kept; only the words are ours. Django 5.2 changed the wording of the
length message, and its bokmål and nynorsk catalogues have not caught up, so the set-password
page showed that one refusal in English.
"""

from __future__ import annotations

from django.contrib.auth import password_validation as django_validation
from django.utils.translation import gettext as _


class MinimumLengthValidator(django_validation.MinimumLengthValidator):
    def __init__(self, min_length: int = 12):
        super().__init__(min_length=min_length)

    def get_error_message(self) -> str:
        # Formatted by the ValidationError's params (min_length).
        return _("Passordet er for kort. Det må ha minst %(min_length)d tegn.")

    def get_help_text(self) -> str:
        return _("Passordet må ha minst %(min_length)d tegn.") % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(django_validation.UserAttributeSimilarityValidator):
    def __init__(self, user_attributes=("email", "full_name"), max_similarity: float = 0.7):
        super().__init__(user_attributes=user_attributes, max_similarity=max_similarity)

    def get_error_message(self) -> str:
        return _("Passordet ligner for mye på det du har oppgitt som %(verbose_name)s.")

    def get_help_text(self) -> str:
        return _("Passordet kan ikke ligne for mye på navnet eller e-postadressen din.")


class CommonPasswordValidator(django_validation.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("Passordet er for vanlig. Velg et som er vanskeligere å gjette.")

    def get_help_text(self) -> str:
        return _("Passordet kan ikke være et vanlig brukt passord.")


class NumericPasswordValidator(django_validation.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("Passordet kan ikke bestå av bare tall.")

    def get_help_text(self) -> str:
        return _("Passordet kan ikke bestå av bare tall.")
