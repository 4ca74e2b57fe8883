"""Writes about invoices: recording one, producing its EHF (validated), marking it paid."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fritt.errors import DomainError
from fritt.events.services import record
from tenants.municipalities.models import Municipality

from .ehf.builder import build_invoice_xml
from .ehf.validation import Report, validate_invoice
from .errors import BillingError
from .models import Invoice, InvoiceLine, InvoiceStatus

PAYMENT_DAYS = 30


def kid_mod10(base: str) -> str:
    """A KID number: `base` plus its Luhn (MOD10) check digit, as Norwegian banks expect."""
    total = 0
    for index, char in enumerate(reversed(base)):
        digit = int(char) * (2 if index % 2 == 0 else 1)
        total += digit - 9 if digit > 9 else digit
    return base + str((10 - total % 10) % 10)


@dataclass(frozen=True)
class LineInput:
    description: str
    unit_price: Decimal
    period_start: datetime.date
    period_end: datetime.date
    quantity: Decimal = Decimal(1)
    vat_percent: Decimal = Decimal(25)


class InvalidEhf(DomainError):
    """The EHF failed the schema or a rule; `report` names every failed rule."""

    def __init__(self, report: Report):
        rules = sorted(report.rule_ids) or ["XSD"]
        super().__init__(
            BillingError.EHF_INVALID,
            _("EHF-fakturaen er ikke gyldig: %(rules)s"),
            params={"rules": ", ".join(rules)},
        )
        self.report = report


@transaction.atomic
def create_invoice(
    *,
    municipality: Municipality,
    buyer_reference: str,
    lines: list[LineInput],
    issue_date: datetime.date | None = None,
    stripe_invoice_id: str = "",
) -> Invoice:
    """Record an invoice and produce its EHF; nothing is stored unless the EHF is valid."""
    issue_date = issue_date or timezone.localdate()
    invoice = Invoice.objects.create(
        municipality=municipality,
        number=f"pending-{timezone.now().timestamp()}",
        issue_date=issue_date,
        due_date=issue_date + datetime.timedelta(days=PAYMENT_DAYS),
        period_start=min(line.period_start for line in lines),
        period_end=max(line.period_end for line in lines),
        buyer_reference=buyer_reference,
        kid="0",
        stripe_invoice_id=stripe_invoice_id,
    )
    invoice.number = f"FB{issue_date.year}{invoice.pk:06d}"
    invoice.kid = kid_mod10(f"{municipality.kommunenummer}{invoice.pk:08d}")
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=invoice,
            description=line.description,
            quantity=line.quantity,
            unit_price=line.unit_price,
            vat_percent=line.vat_percent,
            period_start=line.period_start,
            period_end=line.period_end,
        )
        for line in lines
    )
    invoice.ehf_xml = produce_ehf(invoice=invoice).decode("utf-8")
    invoice.save(update_fields=["number", "kid", "ehf_xml"])
    record(
        action="invoice.issued",
        subject=invoice,
        data={"municipality": municipality.kommunenummer, "number": invoice.number},
    )
    return invoice


def produce_ehf(*, invoice: Invoice) -> bytes:
    """Build the EHF and refuse it unless it passes the schema and both rule sets."""
    xml = build_invoice_xml(invoice)
    report = validate_invoice(xml)
    if not report.ok:
        raise InvalidEhf(report)
    return xml


@transaction.atomic
def mark_paid(*, invoice: Invoice, by=None, out_of_band: bool = False) -> Invoice:
    """Payment arrived (by Stripe, or by bank transfer with the KID)."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status == InvoiceStatus.PAID:
        return invoice
    invoice.status = InvoiceStatus.PAID
    invoice.paid_at = timezone.now()
    invoice.save(update_fields=["status", "paid_at"])
    record(
        action="invoice.paid",
        subject=invoice,
        by=by,
        data={"number": invoice.number, "out_of_band": out_of_band},
    )
    from .dunning import restore_if_paid

    municipality = Municipality.registry.select_for_update().get(pk=invoice.municipality_id)
    restore_if_paid(municipality=municipality)  # payment restores a suspended site at once
    return invoice


@transaction.atomic
def record_bank_payment(*, kid: str, by=None) -> Invoice:
    """A bank transfer with the invoice's KID arrived: the invoice is paid (out of band in
    Stripe too, when billing is on)."""
    invoice = Invoice.objects.filter(kid=kid).first()
    if invoice is None:
        raise DomainError(
            BillingError.UNKNOWN_KID, _("Ingen faktura har KID %(kid)s."), params={"kid": kid}
        )
    if invoice.stripe_invoice_id:
        from .subscriptions import pay_out_of_band

        pay_out_of_band(stripe_invoice_id=invoice.stripe_invoice_id)
    return mark_paid(invoice=invoice, by=by, out_of_band=True)


@transaction.atomic
def send_invoice(*, invoice: Invoice, by=None) -> Invoice:
    """Send the EHF through the configured access point; refused when sending is off."""
    from .ehf.sending import configured_sender

    sender = configured_sender()
    if sender is None:
        raise DomainError(
            BillingError.SENDING_OFF,
            _("Utsending av EHF er ikke slått på. Last ned fakturaen i stedet."),
        )
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.sent_at is not None:
        return invoice
    reference = sender.send(
        number=invoice.number,
        receiver=f"0192:{invoice.municipality.orgnr}",
        xml=invoice.ehf_xml.encode("utf-8"),
    )
    invoice.sent_at = timezone.now()
    invoice.sent_reference = reference
    invoice.save(update_fields=["sent_at", "sent_reference"])
    record(action="invoice.sent", subject=invoice, by=by, data={"number": invoice.number})
    return invoice
