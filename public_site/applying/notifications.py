"""Mails the owners of saved searches that a new announcement matches."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fritt.notifications.models import SentMessage
from fritt.web.context import national_url
from public_site.announcements.models import Announcement

from .models import SavedSearch
from .selectors import matches


def notify_saved_searches(*, announcement_id: int) -> int:
    announcement = Announcement.objects.select_related("host").filter(pk=announcement_id).first()
    if announcement is None:  # withdrawn before the worker got to it: nothing to tell
        return 0
    link = national_url(
        reverse(
            "announcements:detail",
            kwargs={"pk": announcement.pk},
            urlconf=settings.PUBLIC_SCHEMA_URLCONF,
        )
    )
    sent = 0
    for saved in SavedSearch.objects.select_related("user"):
        if not matches(saved, announcement):
            continue
        subject = _("Ny kunngjøring som passer «%(name)s»: %(title)s") % {
            "name": saved.name,
            "title": announcement.title,
        }
        body = _("%(host)s har kunngjort «%(title)s».\n\nLes mer og søk: %(link)s\n") % {
            "host": announcement.host.display_name,
            "title": announcement.title,
            "link": link,
        }
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [saved.user.email])
        SentMessage.objects.create(kind="saved_search", to_email=saved.user.email, subject=subject)
        SavedSearch.objects.filter(pk=saved.pk).update(last_notified_at=timezone.now())
        sent += 1
    return sent
