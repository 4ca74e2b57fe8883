"""The case worker's lists at volume: the CSV streams in batches of fixed cost, the list filters
"waiting to choose" and "deadline passed" and sorts, the access log is written in one statement
whatever the number of rows, and the role behind it is read once."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.recipients import selectors, services
from tenants.recipients.models import AccessAction, AccessLogEntry, ServiceDecision
from tests.factories import new_decision, new_recipient, site_client

pytestmark = pytest.mark.django_db


def _people(case_worker, world, n: int, *, start: int = 0):
    made = []
    for i in range(start, start + n):
        r = new_recipient(case_worker, name=f"Volum {i:03d}")
        d = new_decision(case_worker, r, world["service"])
        services.choose_provider(by=case_worker, decision=d, approval=world["a"], how="Telefon")
        made.append(r)
    return made


def _export(client, path="/ansatt/mottakere/eksport.csv"):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        assert isinstance(response, StreamingHttpResponse)
        body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body), delimiter=";")), len(captured.captured_queries)


def test_the_export_streams_in_batches_of_fixed_cost(world, case_worker, bergen, monkeypatch):
    monkeypatch.setattr(selectors, "EXPORT_BATCH", 3)
    client = site_client("bergen", case_worker)
    with tenant_context(bergen):
        _people(case_worker, world, 3)
    rows_one_batch, one = _export(client)
    with tenant_context(bergen):
        _people(case_worker, world, 6, start=3)
    rows_three_batches, three = _export(client)
    assert len(rows_one_batch) == 1 + 3 and len(rows_three_batches) == 1 + 9
    # Two more batches, each: recipients, decisions, current providers, the log's role check
    # and insert (with the search_path and savepoint statements around them), never per row.
    per_batch = (three - one) / 2
    assert per_batch == int(per_batch) and per_batch <= 8
    assert rows_three_batches[1][8] == "Alfa Omsorg AS"
    with tenant_context(bergen):
        assert AccessLogEntry.objects.filter(action=AccessAction.EXPORT).count() == 3 + 9


def test_the_list_filters_waiting_and_deadline_passed(world, case_worker, bergen):
    with tenant_context(bergen):
        served = _people(case_worker, world, 1)[0]
        waiting = new_recipient(case_worker, name="Venter Valg")
        new_decision(case_worker, waiting, world["service"])
        late = new_recipient(case_worker, name="Sen Frist")
        decision = new_decision(case_worker, late, world["service"])
        ServiceDecision.objects.filter(pk=decision.pk).update(
            choice_deadline=timezone.localdate() - datetime.timedelta(days=1)
        )
        assert list(selectors.recipient_list(show=selectors.WAITING)) == [waiting]
        assert list(selectors.recipient_list(show=selectors.DEADLINE_PASSED)) == [late]
        assert set(selectors.recipient_list()) == {served, waiting, late}
        newest = list(selectors.recipient_list(order="-registrert"))
        assert newest[0] == late
    client = site_client("bergen", case_worker)
    page = client.get("/ansatt/mottakere/?vis=frist-passert")
    assert page.status_code == 200
    assert "Sen Frist" in page.content.decode() and "Venter Valg" not in page.content.decode()
    rows, _count = _export(client, "/ansatt/mottakere/eksport.csv?vis=venter")
    assert [row[1] for row in rows[1:]] == ["Venter Valg"]


def test_logging_many_rows_is_one_role_read_and_one_insert(world, case_worker, bergen):
    with tenant_context(bergen):
        people = [new_recipient(case_worker, name=f"Logg {i}") for i in range(12)]
        with CaptureQueriesContext(connection) as few:
            services.log_access(
                user=case_worker, recipients=people[:2], action=AccessAction.LIST, what="x"
            )
        with CaptureQueriesContext(connection) as many:
            services.log_access(
                user=case_worker, recipients=people, action=AccessAction.LIST, what="x"
            )
    assert len(few.captured_queries) == len(many.captured_queries)


def test_the_inbox_searches_by_supplier_name_or_orgnr_and_sorts(world, bergen, officer):
    from tenants.applications import selectors as review

    with tenant_context(bergen):
        alfa = world["a"].supplier
        assert review.inbox(status="", supplier="alfa").filter(supplier=alfa).exists()
        assert list(review.inbox(status="", supplier=alfa.orgnr)) == [world["a"].application]
        assert not review.inbox(status="", supplier="finnes ikke").exists()
        by_deadline = list(review.inbox(status="", order="-frist"))
        assert [a.decision_due for a in by_deadline] == sorted(
            (a.decision_due for a in by_deadline), reverse=True
        )
    client = site_client("bergen", officer)
    page = client.get(f"/ansatt/soknader/?status=approved&leverandor={alfa.orgnr}&sorter=-sendt")
    assert page.status_code == 200 and "Alfa Omsorg AS" in page.content.decode()
    assert "Beta Hjemmehjelp AS" not in page.content.decode()
