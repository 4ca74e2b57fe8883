"""A deviation from Min side: the recipient (or a proxy) reports that a delivered visit was
not right, or that one never came, and it lands in the municipality's quality cases, tied to
the provider's assignment, the day, and the delivered line."""

import datetime as dt

from django.utils import timezone
from django_tenants.utils import tenant_context

from fritt.events.models import Event
from tenants.recipients import services as recipient_services
from tenants.recipients.errors import RecipientError
from tenants.recipients.models import AccessLogEntry, AccessRelation, QualityCase
from tenants.settlement import services
from tests.factories import grant_confirmed, make_user, refused, site_client


def _visit(w, day):
    [line] = services.report_lines(
        by=w["alfa_user"], source="web",
        lines=[services.LineInput(w["a1"].pk, day, dt.time(8), dt.time(9), "Dusjhjelp")],
    )  # fmt: skip
    return line


def test_the_recipient_reports_a_deviation_from_a_delivered_visit_on_min_side(
    bergen, month_world, case_worker
):
    w = month_world
    citizen = make_user(full_name="Astrid Alfakunde")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with tenant_context(bergen):
        line = _visit(w, yesterday)
        recipient = w["a1"].decision.recipient
        grant_confirmed(case_worker, recipient, citizen, AccessRelation.SELF)
    client = site_client("bergen", citizen)
    assert f"/min-side/{recipient.pk}/avvik/?linje={line.pk}" in client.get("/min-side/").text
    url = f"/min-side/{recipient.pk}/avvik/"
    page = client.get(url, {"linje": line.pk})
    assert page.status_code == 200 and "08:00–09:00" in page.text
    sent = client.post(url, {
        "linje": line.pk, "assignment": w["a1"].pk, "visit_date": yesterday.isoformat(),
        "description": "Hjelperen gikk etter et kvarter.",
    })  # fmt: skip
    assert sent.status_code == 302
    with tenant_context(bergen):
        case = QualityCase.objects.get()
        assert (case.kind, case.from_my_page, case.visit_date) == ("deviation", True, yesterday)
        assert (case.delivery_line_id, case.assignment_id) == (line.pk, w["a1"].pk)
        assert (case.approval_id, case.recipient_id, case.created_by_id) == (
            w["alfa"].pk, recipient.pk, citizen.pk,
        )  # fmt: skip
        event = Event.objects.get(action="quality_case.deviation_reported")
        assert "Hjelperen" not in str(event.data)  # ids only, never the free text
        assert AccessLogEntry.objects.filter(
            user=citizen, recipient=recipient, action="create"
        ).exists()
    # It is a deviation like any other in the case workers' list, with the visit beside it.
    detail = site_client("bergen", case_worker).get(f"/ansatt/klager-og-avvik/{case.pk}/")
    assert detail.status_code == 200 and "Alfa Omsorg AS" in detail.text
    assert "08:00–09:00" in detail.text


def test_a_visit_that_never_came_is_reported_without_a_line(bergen, month_world, case_worker):
    w = month_world
    proxy = make_user(full_name="Frida Fullmektig")
    day = timezone.localdate() - dt.timedelta(days=2)
    with tenant_context(bergen):
        recipient = w["a1"].decision.recipient
        recipient_services.add_contact(
            by=case_worker, recipient=recipient, full_name="Frida Fullmektig", relation="proxy"
        )
        grant_confirmed(case_worker, recipient, proxy, AccessRelation.PROXY)
        case = recipient_services.report_deviation(
            by=proxy, recipient=recipient, assignment=w["a1"], visit_date=day,
            description="Ingen kom på tirsdag.",
        )  # fmt: skip
        assert (case.delivery_line, case.visit_date, case.kind) == (None, day, "deviation")


def test_only_the_recipient_or_a_proxy_and_only_about_their_own_visits(
    bergen, month_world, case_worker
):
    w = month_world
    citizen = make_user(full_name="Astrid Alfakunde")
    stranger = make_user(full_name="Sne Snok")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with tenant_context(bergen):
        line = _visit(w, yesterday)
        mine, other = w["a1"].decision.recipient, w["b1"].decision.recipient
        grant_confirmed(case_worker, mine, citizen, AccessRelation.SELF)

        def report(by=citizen, recipient=mine, assignment=w["a1"], day=yesterday, line_id=None):
            return recipient_services.report_deviation(
                by=by, recipient=recipient, assignment=assignment, visit_date=day,
                description="Noe var galt.", delivery_line_id=line_id,
            )  # fmt: skip

        with refused(RecipientError.NOT_FOR_THIS_PERSON):
            report(by=stranger)
        with refused(RecipientError.NOT_FOR_THIS_PERSON):
            report(recipient=other, assignment=w["b1"])
        with refused(RecipientError.PROVIDER):
            report(assignment=w["b1"])  # another recipient's provider
        with refused(RecipientError.DATES):
            report(day=timezone.localdate() + dt.timedelta(days=1))
        with refused(RecipientError.PROVIDER):
            report(day=yesterday - dt.timedelta(days=1), line_id=line.pk)  # not that day's visit
        assert not QualityCase.objects.exists()
    # Another person's page is not found, whoever asks.
    assert site_client("bergen", citizen).get(f"/min-side/{other.pk}/avvik/").status_code == 404
