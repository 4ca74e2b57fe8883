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
