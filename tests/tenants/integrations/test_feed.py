"""The event feed: a municipality's events in order, by an opaque cursor, ids and codes only."""

import datetime

from django.utils import timezone
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from fritt.accounts.services import issue_api_token
from fritt.events.models import Event
from tenants.integrations import selectors
from tests.factories import make_fnr, make_user, new_recipient, site_client


def _feed(client, token, **params):
    return client.get("/api/v1/hendelser/", params, HTTP_AUTHORIZATION=f"Token {token}")


def _end() -> str:
    """The feed's end now (committed tests of the session may have left events behind)."""
    last = Event.objects.order_by("at", "pk").last()
    return selectors.Cursor.of(last).encode() if last else ""


def _decoded(text: str):
    return selectors.Cursor.decode(text) if text else None


def test_events_come_in_order_after_the_cursor_and_carry_no_names(bergen, case_worker):
    fnr = make_fnr("150585")
    with tenant_context(bergen):
        start = _end()
        first = new_recipient(case_worker, name="Synnøve Feedsen", fnr=fnr)
        second = new_recipient(case_worker, name="Tor Feedsen")
    token = issue_api_token(user=case_worker).secret
    client = site_client("bergen")
    page = _feed(client, token, antall=1, **({"etter": start} if start else {}))
    assert page.status_code == 200, page.content
    body = page.json()
    assert [e["type"] for e in body["events"]] == ["recipient.registered"]
    assert body["events"][0]["subject"] == {"type": "recipients.recipient", "id": str(first.pk)}
    assert body["events"][0]["kommunenummer"] == "4601"
    assert body["has_more"] is True
    rest = _feed(client, token, etter=body["next_cursor"]).json()
    assert [e["subject"]["id"] for e in rest["events"]] == [str(second.pk)]
    assert rest["has_more"] is False
    # Nothing new: the same cursor comes back, so the client keeps its place.
    again = _feed(client, token, etter=rest["next_cursor"]).json()
    assert again == {"events": [], "next_cursor": rest["next_cursor"], "has_more": False}
    text = page.content.decode() + str(rest)
    assert "Feedsen" not in text and fnr not in text


def test_an_event_stamped_before_an_earlier_id_is_not_passed_over(bergen, case_worker):
    # Ordered by (at, id): an event with a higher id but an earlier stamp comes first, and a
    # cursor after it still reaches the other one.
    with tenant_context(bergen):
        start = _decoded(_end())
        now = timezone.now()
        late = Event.objects.create(action="x.late", subject_type="t", subject_id="1")
        early = Event.objects.create(action="x.early", subject_type="t", subject_id="2")
        Event.objects.filter(pk__in=[late.pk, early.pk]).update(at=now)  # after the start
        Event.objects.filter(pk=late.pk).update(at=now + datetime.timedelta(microseconds=5))
        seen = [e.action for e in selectors.events_after(start, limit=10)]
        assert seen == ["x.early", "x.late"]
        after_early = selectors.Cursor.of(Event.objects.get(pk=early.pk))
        assert [e.action for e in selectors.events_after(after_early, limit=10)] == ["x.late"]


def test_the_settle_window_holds_back_fresh_events(bergen, case_worker, settings):
    settings.FRITT_EVENT_FEED_SETTLE_SECONDS = 60
    with tenant_context(bergen):
        start = _decoded(_end())
        new_recipient(case_worker)
        assert selectors.events_after(start, limit=10) == []


def test_each_municipality_reads_only_its_own_events(bergen, trondheim, case_worker):
    with tenant_context(trondheim):
        start = _end()
    with tenant_context(bergen):
        new_recipient(case_worker)
    other = make_user(Role.CASE_WORKER, municipality=trondheim)
    token = issue_api_token(user=other).secret
    body = _feed(site_client("trondheim"), token, **({"etter": start} if start else {})).json()
    assert "recipient.registered" not in {e["type"] for e in body["events"]}
    # And Trondheim's account is refused on Bergen's feed.
    assert _feed(site_client("bergen"), token).status_code == 403


def test_bad_cursor_and_missing_credentials_are_answered_with_codes(bergen, case_worker):
    token = issue_api_token(user=case_worker).secret
    client = site_client("bergen")
    for bad in ["x", "bm90LWpzb24", "WyJub3QtYS1kYXRlIiwgMV0"]:
        answer = _feed(client, token, etter=bad)
        assert answer.status_code == 400, bad
        assert answer.json()["code"] == "bad_cursor"
        assert answer["Content-Type"] == "application/problem+json"
    assert _feed(client, token, antall=0).json()["code"] == "min_value"
    assert _feed(client, token, etter="a\x00b").status_code == 400
    anonymous = client.get("/api/v1/hendelser/")
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"]
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
    assert site_client("bergen", officer).get("/api/v1/hendelser/").status_code == 403


def test_the_feed_is_in_the_openapi_document(national_client):
    paths = national_client.get("/api/schema/?format=json").json()["paths"]
    assert "/api/v1/hendelser/" in paths and "/api/v1/webhooker/" in paths
