"""Mails the owners of saved searches that a new announcement matches."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fritt.notifications.models import SentMessage
from fritt.web.context import national_url
from public_site.announcements.models import Announcement

from .models import SavedSearch
from .selectors import matching_searches

# Mails leave in batches: each batch is one read of its searches and users, one mail
# connection, one insert of the sent messages and one update of the searches.
ALERT_BATCH = 200


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
    matched = matching_searches(announcement)
    sent = 0
    for start in range(0, len(matched), ALERT_BATCH):
        sent += _send_batch(announcement, link, matched[start : start + ALERT_BATCH])
    return sent


def _send_batch(announcement: Announcement, link: str, search_ids: list[int]) -> int:
    searches = list(SavedSearch.objects.filter(pk__in=search_ids).select_related("user"))
    body = _("%(host)s har kunngjort «%(title)s».\n\nLes mer og søk: %(link)s\n") % {
        "host": announcement.host.display_name,
        "title": announcement.title,
        "link": link,
    }
    messages = []
    for saved in searches:
        subject = _("Ny kunngjøring som passer «%(name)s»: %(title)s") % {
            "name": saved.name,
            "title": announcement.title,
        }
        messages.append(
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [saved.user.email])
        )
    with get_connection() as connection:
        connection.send_messages(messages)
    SentMessage.objects.bulk_create(
        SentMessage(kind="saved_search", to_email=m.to[0], subject=m.subject) for m in messages
    )
    SavedSearch.objects.filter(pk__in=[s.pk for s in searches]).update(
        last_notified_at=timezone.now()
    )
    return len(messages)
