"""Saved searches: a supplier is told of a matching new announcement, queued in public."""

from django.core import mail

from public_site.applying.models import SavedSearch
from public_site.applying.notifications import notify_saved_searches
from tests.factories import announce, site_client


def test_saved_search_is_told_of_a_matching_new_announcement(
    supplier_admin, bergen, officer_bergen
):
    client = site_client(None, supplier_admin)
    listing = client.get("/kunngjoringer/?q=bistand").content.decode()
    assert "Lagre søket" in listing
    client.post("/leverandor/lagrede-sok/", {"name": "Bistand", "q": "bistand"})
    client.post("/leverandor/lagrede-sok/", {"name": "Trondheim", "kommune": "trondheim"})
    assert SavedSearch.objects.filter(user=supplier_admin).count() == 2
    announcement = announce(bergen, officer_bergen)
    mail.outbox.clear()
    assert notify_saved_searches(announcement_id=announcement.pk) == 1
    assert [m.subject for m in mail.outbox] == [
        "Ny kunngjøring som passer «Bistand»: Praktisk bistand"
    ]
    assert mail.outbox[0].to == [supplier_admin.email]


def test_publishing_a_new_announcement_queues_the_saved_search_task_in_public(
    bergen, officer_bergen, monkeypatch, django_capture_on_commit_callbacks
):
    from public_site.applying import tasks

    queued = []
    monkeypatch.setattr(
        tasks.notify_saved_searches,
        "apply_async",
        lambda args, headers: queued.append((args, headers)),
    )
    with django_capture_on_commit_callbacks(execute=True):
        announcement = announce(bergen, officer_bergen, title="Ny ordning")
    assert queued == [((announcement.pk,), {"_schema_name": "public"})]


def _searches(user, n: int) -> None:
    """Saved searches of every kind: text, service, county, municipality, joint, status."""
    kinds = [
        {"q": "bistand"}, {"q": "sykepleie"}, {"q": "praktisk bistand bergen"},
        {"tjeneste": "praktisk-bistand"}, {"tjeneste": "bpa"}, {"fylke": "46"}, {"fylke": "50"},
        {"kommune": "bergen"}, {"kommune": "trondheim"}, {"interkommunal": "1"},
        {"status": "closed"}, {"q": "bistand", "fylke": "46", "tjeneste": "praktisk-bistand"},
    ]  # fmt: skip
    SavedSearch.objects.bulk_create(
        SavedSearch(user=user, name=f"Søk {i}", params=kinds[i % len(kinds)]) for i in range(n)
    )


def test_matching_is_the_same_as_one_search_each_in_a_fixed_number_of_queries(
    supplier_admin, bergen, officer_bergen
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from public_site.applying.selectors import matches, matching_searches

    announcement = announce(bergen, officer_bergen)
    _searches(supplier_admin, 12)
    with CaptureQueriesContext(connection) as few:
        found = matching_searches(announcement)
    expected = [s.pk for s in SavedSearch.objects.order_by("pk") if matches(s, announcement)]
    assert found == expected and 0 < len(found) < 12
    _searches(supplier_admin, 60)
    with CaptureQueriesContext(connection) as many:
        found = matching_searches(announcement)
    assert found == [s.pk for s in SavedSearch.objects.order_by("pk") if matches(s, announcement)]
    assert len(few.captured_queries) == len(many.captured_queries)


def test_alerts_are_sent_in_batches_of_fixed_cost(
    supplier_admin, bergen, officer_bergen, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fritt.notifications.models import SentMessage
    from public_site.applying import notifications

    monkeypatch.setattr(notifications, "ALERT_BATCH", 5)
    announcement = announce(bergen, officer_bergen)
    SavedSearch.objects.bulk_create(
        SavedSearch(user=supplier_admin, name=f"Bistand {i}", params={"q": "bistand"})
        for i in range(5)
    )
    mail.outbox.clear()
    with CaptureQueriesContext(connection) as one_batch:
        assert notify_saved_searches(announcement_id=announcement.pk) == 5
    SavedSearch.objects.bulk_create(
        SavedSearch(user=supplier_admin, name=f"Mer bistand {i}", params={"q": "bistand"})
        for i in range(10)
    )
    mail.outbox.clear()
    with CaptureQueriesContext(connection) as three_batches:
        assert notify_saved_searches(announcement_id=announcement.pk) == 15
    assert len(mail.outbox) == 15
    per_batch = (len(three_batches.captured_queries) - len(one_batch.captured_queries)) / 2
    assert per_batch <= 4
    assert SentMessage.objects.filter(kind="saved_search").count() == 20
    assert not SavedSearch.objects.filter(last_notified_at__isnull=True).exists()
