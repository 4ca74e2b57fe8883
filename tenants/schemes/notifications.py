"""Mails the invited municipality's admins about an invitation into a joint scheme."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from fritt.accounts.models import RoleAssignment
from fritt.accounts.roles import Role
from fritt.notifications.models import SentMessage
from fritt.web.context import municipality_url


def notify_joint_invitation(*, membership_id: int) -> int:
    """Runs in the invited municipality's schema (its outbox records the mail); returns how
    many admins were told."""
    from public_site.announcements.models import JointMembership

    here = connection.tenant
    membership = JointMembership.objects.select_related("host").get(
        pk=membership_id, participant_id=here.pk
    )
    admins = RoleAssignment.objects.filter(
        municipality_id=here.pk, role=Role.MUNICIPAL_ADMIN
    ).select_related("user")
    subject = _("Invitasjon til interkommunal ordning: %(scheme)s (%(host)s)") % {
        "scheme": membership.scheme_title,
        "host": membership.host.display_name,
    }
    body = render_to_string(
        "schemes/joint_invitation_mail.txt",
        {
            "membership": membership,
            "municipality": here,
            "link": municipality_url(
                here.slug, reverse("schemes:joint_invitations", urlconf=settings.ROOT_URLCONF)
            ),
        },
    )
    sent = 0
    for admin in admins:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [admin.user.email])
        SentMessage.objects.create(
            kind="joint_invitation", to_email=admin.user.email, subject=subject
        )
        sent += 1
    return sent
