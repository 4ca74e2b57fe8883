"""Mails about registering a supplier, sent to whoever owns the address given."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from fritt.accounts.models import User
from fritt.notifications.models import SentMessage
from fritt.web.context import national_url


def _public(name: str, **kwargs) -> str:
    return national_url(reverse(name, kwargs=kwargs, urlconf=settings.PUBLIC_SCHEMA_URLCONF))


def send_registration_mail(*, user: User, kind: str, orgnr: str, signed: str) -> SentMessage:
    """`finish`: a link to choose a password and create the supplier; `existing_account`: the
    address already has an account, so log in and register from there."""
    if kind == "finish":
        link = _public(
            "suppliers:finish_registration",
            uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
            token=default_token_generator.make_token(user),
        )
        link = f"{link}?{urlencode({'r': signed})}"
    else:
        register = reverse("suppliers:register", urlconf=settings.PUBLIC_SCHEMA_URLCONF)
        link = f"{_public('accounts:login')}?{urlencode({'next': register})}"
    subject = f"Registrering av leverandør {orgnr} på Fritt brukervalg"
    body = render_to_string(
        f"suppliers/mail/registration_{kind}.txt", {"user": user, "orgnr": orgnr, "link": link}
    )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return SentMessage.objects.create(
        kind=f"supplier_registration_{kind}", to_email=user.email, subject=subject
    )
