"""Mails a supplier's users about decisions and supplement requests on its applications."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fritt.accounts.models import RoleAssignment
from fritt.accounts.roles import SUPPLIER_ROLES
from fritt.notifications.models import SentMessage
from fritt.web.context import national_url

from .models import Application

SUBJECTS = {
    "approved": _("Godkjent: %(scheme)s i %(m)s"),
    "rejected": _("Avslag: %(scheme)s i %(m)s"),
    "supplement_requested": _("Kommunen ber om supplering: %(scheme)s i %(m)s"),
    "suspended": _("Godkjenningen er suspendert: %(scheme)s i %(m)s"),
    "reinstated": _("Godkjenningen er gjeninnsatt: %(scheme)s i %(m)s"),
    "revoked": _("Godkjenningen er tilbakekalt: %(scheme)s i %(m)s"),
    "ended": _("Godkjenningen er avsluttet: %(scheme)s i %(m)s"),
}


def notify_supplier(*, application_id: int, kind: str) -> int:
    """Send the notice to every user of the supplier; returns how many were sent."""
    from django.db import connection

    municipality = connection.tenant
    application = Application.objects.select_related("scheme", "supplier").get(pk=application_id)
    event = application.events.order_by("-at", "-pk").first()
    message = event.message if event else ""
    if hasattr(application, "approval"):
        last = application.approval.events.order_by("-at", "-pk").first()
        message = (last.reasons if last and last.reasons else message) or message
    subject = str(SUBJECTS[kind]) % {
        "scheme": application.scheme.title,
        "m": municipality.display_name,
    }
    link = national_url(
        reverse(
            "applying:status",
            kwargs={"pk": application.supplier_id},
            urlconf=settings.PUBLIC_SCHEMA_URLCONF,
        )
    )
    recipients = sorted(
        RoleAssignment.objects.filter(
            supplier_id=application.supplier_id, role__in=sorted(SUPPLIER_ROLES)
        )
        .values_list("user__email", flat=True)
        .distinct()
    )
    body = render_to_string(
        "applications/notify_supplier.txt",
        {
            "subject": subject,
            "supplier": application.supplier,
            "message": message,
            "link": link,
            "municipality": municipality,
        },
    )
    for email in recipients:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
        SentMessage.objects.create(kind=f"application_{kind}", to_email=email, subject=subject)
    return len(recipients)
