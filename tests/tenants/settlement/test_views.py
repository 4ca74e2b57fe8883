"""The supplier's month (form, CSV upload all-or-nothing, template, statement) and the
officer's month page (approve, ask, statement), through the pages."""

import datetime as dt

from django.contrib.messages import get_messages
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.recipients.models import AccessLogEntry
from tenants.settlement import csvio, services
from tenants.settlement.models import DeliveryLine, ReportMonth, ReportStatus
from tests.factories import site_client

OCTOBER = "2026-10"


def _csv(*rows):
    return ("oppdrag;dato;fra;til;tjeneste\n" + "\n".join(";".join(r) for r in rows)).encode()


def _upload(client, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        "/oppdrag/timer/last-opp/",
        {"maaned": OCTOBER, "file": SimpleUploadedFile("oktober.csv", content, "text/csv")},
    )


def test_a_supplier_reports_a_visit_with_the_form_and_sees_it(bergen, month_world):
    w = month_world
    client = site_client("bergen", w["alfa_user"])
    posted = client.post(
        "/oppdrag/timer/",
        {"maaned": OCTOBER, "assignment": w["a1"].pk, "date": "2026-10-06", "start": "21:00",
         "end": "01:00", "service": "Nattbesøk"},
    )  # fmt: skip
    assert posted.status_code == 302, posted.content.decode()[:2000]
    with tenant_context(bergen):
        saved = DeliveryLine.objects.get()
        assert (saved.minutes, saved.source) == (240, "web")
    page = client.get(f"/oppdrag/timer/?maaned={OCTOBER}")
    assert page.status_code == 200
    assert "Nattbesøk" in page.content.decode()
    with tenant_context(bergen):
        assert AccessLogEntry.objects.filter(action="assignment", user=w["alfa_user"]).exists()


def test_an_upload_with_one_bad_line_leaves_nothing_behind_and_names_the_line(bergen, month_world):
    w = month_world
    a1, a2 = str(w["a1"].pk), str(w["a2"].pk)
    client = site_client("bergen", w["alfa_user"])
    response = _upload(client, _csv(
        [a1, "05.10.2026", "08:00", "09:00", "Rengjøring"],
        [a2, "05.10.2026", "08:00", "09:00", "Rengjøring"],
        [a1, "05.10.2026", "08:30", "10:00", "Rengjøring"],
        [a2, "32.10.2026", "08:00", "09:00", ""],
    ))  # fmt: skip
    assert response.status_code == 302
    tags = {m.extra_tags for m in get_messages(response.wsgi_request) if m.extra_tags}
    assert tags == {"linje-4 overlap", "linje-5 date"}
    with tenant_context(bergen):
        assert not DeliveryLine.objects.exists()
        assert not ReportMonth.objects.exists()
    good = _upload(client, _csv(
        [a1, "05.10.2026", "08:00", "09:00", "Rengjøring"],
        [a2, "2026-10-05", "08:00", "09:00", "Rengjøring"],
    ))  # fmt: skip
    assert good.status_code == 302
    with tenant_context(bergen):
        assert DeliveryLine.objects.filter(source="csv").count() == 2


def test_the_csv_reader_reports_what_it_cannot_read():
    lines, problems = csvio.parse_upload(b"feil;kolonner\n1;2")
    assert (lines, [(p.number, p.code) for p in problems]) == ([], [(1, "csv_header")])
    lines, problems = csvio.parse_upload(
        "\ufeffoppdrag;dato;fra;til;tjeneste\n7;01.10.2026;8.00;24:00;\nx;01.10.2026;08:00;09:00;".encode()
    )
    assert [(x.assignment_id, x.start, x.end) for x in lines] == [(7, dt.time(8), dt.time(0))]
    assert [(p.number, p.code) for p in problems] == [(3, "not_your_assignment")]


def test_the_template_has_the_suppliers_own_assignments(bergen, month_world):
    w = month_world
    response = site_client("bergen", w["alfa_user"]).get(f"/oppdrag/timer/mal.csv?maaned={OCTOBER}")
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig").splitlines()
    assert body[0] == "oppdrag;dato;fra;til;tjeneste"
    assert {row.split(";")[0] for row in body[1:]} == {str(w["a1"].pk), str(w["a2"].pk)}


def test_a_supplier_cannot_read_another_suppliers_settlement(bergen, month_world, officer):
    w = month_world
    with tenant_context(bergen):
        [line] = services.report_lines(
            by=w["alfa_user"], source="web",
            lines=[services.LineInput(w["a1"].pk, dt.date(2026, 10, 5), dt.time(8), dt.time(9))],
        )  # fmt: skip
    beta = site_client("bergen", w["beta_user"])
    assert beta.get(f"/oppdrag/timer/oppgjor.csv?maaned={OCTOBER}").status_code == 404
    assert beta.get(f"/ansatt/oppgjor/{line.report_id}/oppgjor.csv").status_code == 403
    page = beta.get(f"/oppdrag/timer/?maaned={OCTOBER}").content.decode()
    assert "Astrid Alfakunde" not in page
    alfa = site_client("bergen", w["alfa_user"])
    own = alfa.get(f"/oppdrag/timer/oppgjor.csv?maaned={OCTOBER}")
    assert own.status_code == 200 and "Astrid Alfakunde" in own.content.decode("utf-8-sig")


def test_the_officer_sees_the_month_asks_approves_and_downloads_the_statement(
    bergen, month_world, officer
):
    w = month_world
    with tenant_context(bergen):
        saved = services.report_lines(
            by=w["alfa_user"], source="web",
            lines=[services.LineInput(w["a1"].pk, dt.date(2026, 10, 5), dt.time(8), dt.time(9)),
                   services.LineInput(w["a2"].pk, dt.date(2026, 10, 5), dt.time(8), dt.time(9))],
        )  # fmt: skip
    report_id = saved[0].report_id
    client = site_client("bergen", officer)
    listing = client.get(f"/ansatt/oppgjor/?maaned={OCTOBER}")
    assert listing.status_code == 200 and "Alfa Omsorg AS" in listing.content.decode()
    page = client.get(f"/ansatt/oppgjor/{report_id}/")
    assert page.status_code == 200 and "1024,00" in page.content.decode()  # nb: decimal comma
    asked = client.post(
        f"/ansatt/oppgjor/{report_id}/",
        {"handling": "spor", "line": saved[0].pk, "question": "Hvem var der?"},
    )
    assert asked.status_code == 302
    with tenant_context(bergen):
        assert ReportMonth.objects.get().status == ReportStatus.QUERIED
    client.post(f"/ansatt/oppgjor/{report_id}/", {"handling": "godkjenn"})
    with tenant_context(bergen):
        assert ReportMonth.objects.get().status == ReportStatus.APPROVED
    pdf = client.get(f"/ansatt/oppgjor/{report_id}/oppgjor.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    csv_text = client.get(f"/ansatt/oppgjor/{report_id}/oppgjor.csv").content.decode("utf-8-sig")
    assert csv_text.rstrip().endswith("1024,00")
    supplier_page = site_client("bergen", w["alfa_user"]).get(f"/oppdrag/timer/?maaned={OCTOBER}")
    assert "Hvem var der?" in supplier_page.content.decode()


def test_the_recipient_sees_the_delivered_visits_on_min_side(bergen, month_world, case_worker):
    from tenants.recipients.models import AccessRelation
    from tests.factories import grant_confirmed, make_user

    w = month_world
    citizen = make_user(full_name="Astrid Alfakunde")
    with tenant_context(bergen):
        services.report_lines(
            by=w["alfa_user"], source="web",
            lines=[services.LineInput(w["a1"].pk, timezone.localdate() - dt.timedelta(days=1),
                                      dt.time(8), dt.time(9, 15), "Dusjhjelp")],
        )  # fmt: skip
        grant_confirmed(case_worker, w["a1"].decision.recipient, citizen, AccessRelation.SELF)
    page = site_client("bergen", citizen).get("/min-side/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Dusjhjelp" in body and "08:00–09:15" in body


def test_the_municipal_provider_reports_on_its_own_page(bergen, month_world, case_worker):
    from public_site.catalogue.models import ServiceType
    from tenants.recipients import services as recipient_services
    from tests.factories import new_decision, new_recipient

    with tenant_context(bergen):
        recipient = new_recipient(case_worker, name="Kari Kommunal")
        decision = new_decision(
            case_worker, recipient, ServiceType.objects.get(code="praktisk-bistand"),
            valid_from=dt.date(2026, 10, 1),
        )  # fmt: skip
        own = recipient_services.choose_provider(
            by=case_worker, decision=decision, approval=None, how="Telefon",
            today=dt.date(2026, 10, 1),
        )  # fmt: skip
    client = site_client("bergen", case_worker)
    posted = client.post(
        "/ansatt/egenregi/timer/",
        {"maaned": OCTOBER, "assignment": own.pk, "date": "2026-10-06", "start": "08:00",
         "end": "09:00"},
    )  # fmt: skip
    assert posted.status_code == 302
    with tenant_context(bergen):
        line = DeliveryLine.objects.get()
        assert (line.report.provider_kind, line.amount) == ("municipal", 0)
    # A supplier is refused there.
    assert (
        site_client("bergen", month_world["alfa_user"]).get("/ansatt/egenregi/timer/").status_code
        == 403
    )
