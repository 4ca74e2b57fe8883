"""Composes and sends notifications, recording each in the current schema's outbox."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from fritt.accounts.models import User
from fritt.accounts.roles import Role
from fritt.web.context import municipality_url, national_url

from .models import SentMessage


def _current_municipality():
    tenant = getattr(connection, "tenant", None)
    return tenant if getattr(tenant, "kommunenummer", None) else None


def send_welcome_mail(*, user: User, role: str, organisation: str = "") -> SentMessage:
    """Welcome a new colleague to the municipality whose schema this runs in, or (in the
    public schema) to a national organisation such as a supplier."""
    municipality = _current_municipality()
    token_kwargs = {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    urlconf = settings.ROOT_URLCONF if municipality else settings.PUBLIC_SCHEMA_URLCONF

    def site_link(name: str) -> str:
        path = reverse(name, kwargs=token_kwargs, urlconf=urlconf)
        return municipality_url(municipality.slug, path) if municipality else national_url(path)

    link = site_link("accounts:set_password")
    # Staff may instead take the invitation with Ansattporten: the first login binds them.
    ansattporten_link = (
        site_link("accounts:accept_invitation") if role and settings.ANSATTPORTEN_ISSUER else ""
    )
    site = municipality.display_name if municipality else (organisation or "Fritt brukervalg")
    subject = f"Velkommen til Fritt brukervalg – {site}"
    body = render_to_string(
        "notifications/welcome.txt",
        {
            "user": user,
            "site": site,
            # No role: a recipient or proxy given access to their own page.
            "role": Role(role).label if role else _("tilgang til Min side"),
            "link": link,
            "ansattporten_link": ansattporten_link,
        },
    )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return SentMessage.objects.create(kind="welcome", to_email=user.email, subject=subject)
