"""Dunning: reminders after the due date, read-only after the grace period, and payment
restores the site at once; the suspended site keeps its reads and refuses writes."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from fritt.accounts.roles import Role
from fritt.errors import DomainError
from fritt.events.models import Event
from public_site.billing.dunning import run_dunning
from public_site.billing.errors import BillingError
from public_site.billing.invoicing import LineInput, create_invoice, record_bank_payment
from public_site.billing.models import InvoiceStatus
from tenants.municipalities.models import Lifecycle
from tests.factories import make_user, site_client

ISSUED = datetime.date(2027, 1, 1)


@pytest.fixture
def overdue(eidfjord):
    return create_invoice(
        municipality=eidfjord,
        buyer_reference="EIDFJORD-1",
        issue_date=ISSUED,
        lines=[
            LineInput(
                "Abonnement 2027", Decimal("60000.00"), ISSUED, ISSUED.replace(month=12, day=31)
            )
        ],
    )


def _day(n: int) -> datetime.date:
    return ISSUED + datetime.timedelta(days=30 + n)  # n days after the due date


def test_reminders_then_suspension_then_payment_restores(
    overdue, eidfjord, django_capture_on_commit_callbacks
):
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=eidfjord)
    assert run_dunning(today=_day(0)) == {"reminders": 0, "suspended": 0}
    with django_capture_on_commit_callbacks(execute=False) as mails:
        assert run_dunning(today=_day(7)) == {"reminders": 1, "suspended": 0}
        assert run_dunning(today=_day(8)) == {"reminders": 0, "suspended": 0}  # idempotent
        assert run_dunning(today=_day(14))["reminders"] == 1
    assert len(mails) == 2
    eidfjord.refresh_from_db()
    assert eidfjord.lifecycle == Lifecycle.ACTIVE
    assert run_dunning(today=_day(31)) == {"reminders": 0, "suspended": 1}
    eidfjord.refresh_from_db()
    assert eidfjord.is_suspended

    # Read-only: citizens and staff still read, nothing is written, nothing is deleted.
    page = site_client("eidfjord").get("/")
    assert page.status_code == 200 and "skrivebeskyttet" in page.content.decode()
    staff = site_client("eidfjord", user=admin)
    assert staff.get("/ansatt/faktura/").status_code == 200
    refused = staff.post(
        "/ansatt/brukere/", {"email": "ny@eidfjord.example", "role": "case_worker"}
    )
    assert refused.status_code == 503
    connection.set_schema_to_public()  # the test client leaves the connection on the site

    paid = record_bank_payment(kid=overdue.kid)
    assert paid.status == InvoiceStatus.PAID
    eidfjord.refresh_from_db()
    assert eidfjord.lifecycle == Lifecycle.ACTIVE
    assert site_client("eidfjord", user=admin).get("/ansatt/").status_code == 200
    connection.set_schema_to_public()
    actions = set(
        Event.objects.filter(data__number=overdue.number).values_list("action", flat=True)
    )
    assert {"invoice.issued", "invoice.reminded", "invoice.paid"} <= actions
    assert Event.objects.filter(action="municipality.restored").exists()


def test_an_unknown_kid_is_refused(db):
    with pytest.raises(DomainError) as refused:
        record_bank_payment(kid="0000000000")
    assert refused.value.code == BillingError.UNKNOWN_KID
