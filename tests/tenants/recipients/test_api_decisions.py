"""The decision lifecycle through the API: list, read, change extent and period, end, annul;
every view and change is in the access log and each change leaves an event."""

import datetime

from django.utils import timezone

from fritt.accounts.services import issue_api_token
from fritt.events.models import Event
from tenants.recipients import services
from tenants.recipients.models import AccessLogEntry
from tests.factories import new_decision, new_recipient, site_client


def _auth(case_worker):
    return {"HTTP_AUTHORIZATION": f"Token {issue_api_token(user=case_worker).secret}"}


def test_a_system_lists_reads_and_changes_a_decision(world, case_worker):
    recipient = new_recipient(case_worker)
    decision = new_decision(case_worker, recipient, world["service"])
    auth, client = _auth(case_worker), site_client("bergen")
    listed = client.get(f"/api/v1/mottakere/{recipient.pk}/vedtak/", **auth).json()
    assert [d["id"] for d in listed] == [decision.pk]
    read = client.get(f"/api/v1/vedtak/{decision.pk}/", **auth).json()
    assert read["recipient"] == recipient.pk and read["extent"] == "4.0"
    changed = client.patch(
        f"/api/v1/vedtak/{decision.pk}/", {"extent": "7.5"}, content_type="application/json",
        **auth,
    )  # fmt: skip
    assert changed.status_code == 200 and changed.json()["extent"] == "7.5"
    backwards = client.patch(
        f"/api/v1/vedtak/{decision.pk}/",
        {"valid_to": str(decision.valid_from - datetime.timedelta(days=1))},
        content_type="application/json", **auth,
    )  # fmt: skip
    assert backwards.status_code == 400 and backwards.json()["code"] == "dates"
    actions = list(
        AccessLogEntry.objects.filter(recipient=recipient)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[-3:] == ["api_read", "api_read", "change"]
    assert Event.objects.filter(action="decision.updated", subject_id=str(decision.pk)).exists()


def test_ending_a_decision_ends_its_providers_assignment(world, case_worker):
    recipient = new_recipient(case_worker, zone=world["arna"])
    decision = new_decision(case_worker, recipient, world["service"])
    services.choose_provider(
        by=case_worker, decision=decision, approval=world["a"], how="På telefon"
    )
    auth, client = _auth(case_worker), site_client("bergen")
    ends_on = timezone.localdate() + datetime.timedelta(days=10)
    ended = client.post(
        f"/api/v1/vedtak/{decision.pk}/avslutt/", {"ends_on": str(ends_on)},
        content_type="application/json", **auth,
    )  # fmt: skip
    assert ended.status_code == 200, ended.content
    assert ended.json()["status"] == "ended" and ended.json()["valid_to"] == str(ends_on)
    assert [a.ends_on for a in decision.assignments.all()] == [ends_on]
    again = client.post(
        f"/api/v1/vedtak/{decision.pk}/avslutt/", {"ends_on": str(ends_on)},
        content_type="application/json", **auth,
    )  # fmt: skip
    assert again.status_code == 400 and again.json()["code"] == "decision_closed"


def test_annulling_needs_a_reason_and_closes_the_decision(world, case_worker):
    recipient = new_recipient(case_worker)
    decision = new_decision(case_worker, recipient, world["service"])
    auth, client = _auth(case_worker), site_client("bergen")
    path = f"/api/v1/vedtak/{decision.pk}/annuller/"
    blank = client.post(path, {"reason": " "}, content_type="application/json", **auth)
    assert blank.status_code == 400
    annulled = client.post(
        path, {"reason": "Registrert på feil person"}, content_type="application/json", **auth
    )
    assert annulled.status_code == 200 and annulled.json()["status"] == "annulled"
    assert Event.objects.filter(action="decision.annulled", subject_id=str(decision.pk)).exists()
    patch = client.patch(
        f"/api/v1/vedtak/{decision.pk}/", {"extent": "2"}, content_type="application/json", **auth
    )
    assert patch.status_code == 400 and patch.json()["code"] == "decision_closed"
