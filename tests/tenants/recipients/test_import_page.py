"""The case worker's CSV import: template and example to download, and an upload that keeps
every line or none, answered with a report per line (line, field, message, code)."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from tenants.recipients.models import Assignment, Recipient, ServiceDecision
from tenants.recipients.services.existing import COLUMNS
from tests.factories import make_fnr, site_client


def _csv(rows) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(COLUMNS)
    writer.writerows([[row.get(name, "") for name in COLUMNS] for row in rows])
    return SimpleUploadedFile("import.csv", ("\ufeff" + out.getvalue()).encode(), "text/csv")


def _row(world, n: int, **changes):
    row = {
        "recipient_reference": f"P-{n}", "full_name": f"Person {n}",
        "fnr": make_fnr("070775"), "address": "Vei 1", "postcode": "5003",
        "postplace": "Bergen", "decision_reference": f"V-{n}",
        "service_type": "praktisk-bistand", "extent": "3,5", "valid_from": "2026-01-01",
        "provider_orgnr": world["a"].supplier.orgnr, "provider_since": "2025-05-01",
    }  # fmt: skip
    row.update(changes)
    return row


def test_the_template_and_the_example_download_with_the_columns(world, case_worker):
    client = site_client("bergen", case_worker)
    template = client.get("/ansatt/mottakere/import/mal.csv")
    assert template.status_code == 200 and template["Content-Type"].startswith("text/csv")
    header = template.content.decode("utf-8-sig").splitlines()[0]
    assert header.split(";") == list(COLUMNS)
    example = client.get("/ansatt/mottakere/import/eksempel.csv").content.decode("utf-8-sig")
    assert len(example.splitlines()) == 3 and "kommunal" in example


def test_one_bad_line_in_the_file_leaves_nothing(world, case_worker):
    client = site_client("bergen", case_worker)
    assert client.get("/ansatt/mottakere/import/").status_code == 200
    rows = [_row(world, 1), _row(world, 2, service_type="ukjent"), _row(world, 3)]
    failed = client.post("/ansatt/mottakere/import/", {"file": _csv(rows)})
    assert failed.status_code == 400
    assert failed.context["report"].errors[0].line == 3
    assert failed.context["report"].errors[0].code == "service_type"
    assert 'data-testid="import-errors"' in failed.content.decode()
    assert not Recipient.objects.exists() and not ServiceDecision.objects.exists()

    del rows[1]
    done = client.post("/ansatt/mottakere/import/", {"file": _csv(rows)})
    assert done.status_code == 200 and 'data-testid="import-done"' in done.content.decode()
    assert Recipient.objects.count() == 2 and Assignment.objects.count() == 2
    again = client.post("/ansatt/mottakere/import/", {"file": _csv(rows)})
    assert again.context["report"].unchanged == 2 and Assignment.objects.count() == 2


def test_a_file_with_other_columns_is_refused_whole(world, case_worker):
    client = site_client("bergen", case_worker)
    upload = SimpleUploadedFile("x.csv", b"navn;adresse\nKari;Vei 1\n", "text/csv")
    answer = client.post("/ansatt/mottakere/import/", {"file": upload})
    assert answer.status_code == 400 and answer.context["problem"]
    assert not Recipient.objects.exists()
