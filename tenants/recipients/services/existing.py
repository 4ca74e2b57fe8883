"""Recipients who already have a provider (from before the platform, the paper world): one
at a time or a whole import, registered with their decision and current provider, no new
choice. An import is all or nothing, with a report per line, and idempotent by reference."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fritt.accounts.models import User
from fritt.errors import DomainError, error_code
from fritt.events.services import record
from public_site.catalogue.models import ServiceType
from tenants.applications.models import Approval, ApprovalStatus
from tenants.recipients.errors import RecipientError
from tenants.zones.models import Zone

from .. import crypto
from ..models import (
    MAX_EXTENT,
    Assignment,
    AssignmentReason,
    DecisionStatus,
    Recipient,
    ServiceDecision,
)
from .access_log import require_case_worker
from .choice import start_assignment
from .decisions import create_decision
from .registering import _valid_fnr, register_recipient

# The columns of the CSV template and the keys of the API's objects, in the template's order.
COLUMNS = (
    "recipient_reference", "full_name", "fnr", "address", "postcode", "postplace", "zone",
    "phone", "email", "decision_reference", "service_type", "extent", "extent_unit",
    "valid_from", "valid_to", "provider_orgnr", "provider_since",
)  # fmt: skip
REQUIRED = (
    "full_name", "fnr", "address", "postcode", "postplace", "service_type", "extent",
    "valid_from", "provider_since",
)  # fmt: skip
MAX_LINES = 5000
MAX_CSV_BYTES = 5 * 1024 * 1024
MUNICIPAL = "kommunal"


@dataclass(frozen=True)
class ExistingCase:
    """One person with one decision and the provider who serves it today."""

    full_name: str
    fnr: str
    address: str
    postcode: str
    postplace: str
    service_type: ServiceType
    extent: Decimal
    valid_from: datetime.date
    provider_since: datetime.date
    zone: Zone | None = None
    phone: str = ""
    email: str = ""
    recipient_reference: str | None = None
    decision_reference: str | None = None
    extent_unit: str = "timer per uke"
    valid_to: datetime.date | None = None
    provider_orgnr: str | None = None  # None: the municipal provider


@dataclass
class Registered:
    recipient: Recipient
    decision: ServiceDecision
    assignment: Assignment | None
    created: bool


@dataclass
class LineError:
    line: int
    field: str | None
    code: str
    message: str


@dataclass
class ImportReport:
    """What an import did (or would have done): per line, what was made or what was wrong."""

    lines: list[dict[str, Any]] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def created(self) -> int:
        return sum(1 for line in self.lines if line["status"] == "created")

    @property
    def unchanged(self) -> int:
        return sum(1 for line in self.lines if line["status"] == "unchanged")


def _invalid(code: RecipientError, message: str, name: str) -> DomainError:
    return DomainError(code, message, field=name)


def _text(raw: Mapping[str, Any], name: str, limit: int) -> str:
    value = raw.get(name)
    value = "" if value is None else str(value).strip()
    if "\x00" in value:
        raise _invalid(RecipientError.IMPORT_VALUE, _("Feltet inneholder ugyldige tegn."), name)
    if name in REQUIRED and not value:
        raise _invalid(RecipientError.IMPORT_REQUIRED, _("Feltet må fylles ut."), name)
    if len(value) > limit:
        raise _invalid(
            RecipientError.IMPORT_VALUE,
            _("Feltet kan ha høyst %(n)s tegn.") % {"n": limit},
            name,
        )
    return value


def _date(raw: Mapping[str, Any], name: str) -> datetime.date | None:
    value = _text(raw, name, 10)
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise _invalid(
            RecipientError.IMPORT_VALUE, _("Skriv datoen som ÅÅÅÅ-MM-DD."), name
        ) from None


def parse_case(raw: Mapping[str, Any]) -> ExistingCase:
    """One line (CSV cells or a JSON object) as a case, or the first field that is wrong."""
    if not isinstance(raw, Mapping):
        raise _invalid(RecipientError.IMPORT_VALUE, _("Linjen må være et objekt."), None)
    code = _text(raw, "service_type", 60)
    service = ServiceType.objects.filter(code=code).first()
    if service is None:
        raise _invalid(RecipientError.SERVICE_TYPE, _("Ukjent tjenestekode."), "service_type")
    extent_text = _text(raw, "extent", 10).replace(",", ".")
    try:
        extent = Decimal(extent_text)
    except InvalidOperation:
        raise _invalid(RecipientError.EXTENT, _("Omfanget må være et tall."), "extent") from None
    if not extent.is_finite() or extent <= 0:
        raise _invalid(RecipientError.EXTENT, _("Omfanget må være større enn null."), "extent")
    if extent > MAX_EXTENT:
        raise _invalid(
            RecipientError.EXTENT_TOO_LARGE,
            _("Omfanget kan ikke være mer enn %(max)s per uke.") % {"max": MAX_EXTENT},
            "extent",
        )
    zone_name = _text(raw, "zone", 100)
    zone = None
    if zone_name:
        zone = Zone.objects.filter(name__iexact=zone_name).first()
        if zone is None:
            raise _invalid(
                RecipientError.ZONE, _("Kommunen har ingen sone med dette navnet."), "zone"
            )
    orgnr = _text(raw, "provider_orgnr", 20).replace(" ", "")
    if orgnr.lower() == MUNICIPAL:
        orgnr = ""
    if orgnr and not (len(orgnr) == 9 and orgnr.isdigit()):
        raise _invalid(
            RecipientError.PROVIDER,
            _("Organisasjonsnummeret må ha 9 siffer (tomt for kommunal egenregi)."),
            "provider_orgnr",
        )
    return ExistingCase(
        recipient_reference=_text(raw, "recipient_reference", 100) or None,
        full_name=_text(raw, "full_name", 200),
        fnr=_text(raw, "fnr", 20),
        address=_text(raw, "address", 200),
        postcode=_text(raw, "postcode", 4),
        postplace=_text(raw, "postplace", 100),
        zone=zone,
        phone=_text(raw, "phone", 30),
        email=_text(raw, "email", 254),
        decision_reference=_text(raw, "decision_reference", 100) or None,
        service_type=service,
        extent=extent.quantize(Decimal("0.1")),
        extent_unit=_text(raw, "extent_unit", 40) or "timer per uke",
        valid_from=_date(raw, "valid_from"),
        valid_to=_date(raw, "valid_to"),
        provider_orgnr=orgnr or None,
        provider_since=_date(raw, "provider_since"),
    )


def _approval_for(case: ExistingCase) -> Approval | None:
    if case.provider_orgnr is None:
        return None
    approval = (
        Approval.objects.filter(
            supplier__orgnr=case.provider_orgnr,
            scheme__service_type=case.service_type,
            status=ApprovalStatus.ACTIVE,
        )
        .select_related("supplier", "scheme")
        .order_by("pk")
        .first()
    )
    if approval is None:
        raise _invalid(
            RecipientError.PROVIDER,
            _("Leverandøren er ikke godkjent for denne tjenesten i kommunen."),
            "provider_orgnr",
        )
    return approval


def _recipient_for(*, by: User, case: ExistingCase, ip: str | None) -> Recipient:
    """The person: found by fødselsnummer (one person may have several decisions), else
    registered; a reference that names someone else is refused."""
    number = _valid_fnr(case.fnr)
    found = Recipient.objects.filter(fnr_index=crypto.index(number)).first()
    if found is None:
        return register_recipient(
            by=by, full_name=case.full_name, fnr=number, address=case.address,
            postcode=case.postcode, postplace=case.postplace, zone=case.zone, phone=case.phone,
            email=case.email, ip=ip, external_reference=case.recipient_reference,
        )  # fmt: skip
    reference = case.recipient_reference
    if reference and found.external_reference not in (None, reference):
        raise _invalid(
            RecipientError.DUPLICATE_REFERENCE,
            _("Personen er registrert med en annen ekstern referanse."),
            "recipient_reference",
        )
    if reference and found.external_reference is None:
        if Recipient.objects.filter(external_reference=reference).exists():
            raise _invalid(
                RecipientError.DUPLICATE_REFERENCE,
                _("Det finnes allerede en tjenestemottaker med denne eksterne referansen."),
                "recipient_reference",
            )
        found.external_reference = reference
        found.save(update_fields=["external_reference"])
    return found


def _already_there(case: ExistingCase) -> ServiceDecision | None:
    """The decision an earlier import made with this reference (the line is then done), or
    None. A reference of another person's decision is refused."""
    if not case.decision_reference:
        return None
    decision = ServiceDecision.objects.filter(external_reference=case.decision_reference).first()
    if decision is None:
        return None
    if decision.recipient.fnr_index != crypto.index(_valid_fnr(case.fnr)):
        raise _invalid(
            RecipientError.DUPLICATE_REFERENCE,
            _("Det finnes allerede et vedtak med denne eksterne referansen."),
            "decision_reference",
        )
    return decision


@transaction.atomic
def register_with_provider(
    *, by: User, case: ExistingCase, ip: str | None = None, replay: bool = False
) -> Registered:
    """A person served before the platform came: the recipient (or the one already there),
    the decision and the provider who serves it from `provider_since`, without a choice
    deadline. A decision reference already there answers 409 (`existing_id`), or with
    `replay` (an import run again) what is there, unchanged."""
    require_case_worker(by)
    existing = _already_there(case)
    if existing is not None:
        if not replay:
            raise DomainError(
                RecipientError.DUPLICATE_REFERENCE,
                _("Det finnes allerede et vedtak med denne eksterne referansen."),
                field="decision_reference",
                params={"existing_id": existing.pk},
            )
        current = existing.assignments.order_by("-starts_on", "-pk").first()
        return Registered(existing.recipient, existing, current, created=False)
    approval = _approval_for(case)
    if case.valid_to and case.valid_to < case.valid_from:
        raise _invalid(
            RecipientError.DATES, _("Sluttdatoen kan ikke være før startdatoen."), "valid_to"
        )
    if case.valid_to and case.provider_since > case.valid_to:
        raise _invalid(
            RecipientError.DATES,
            _("Leverandøren kan ikke starte etter at vedtaket slutter."),
            "provider_since",
        )
    recipient = _recipient_for(by=by, case=case, ip=ip)
    decision = create_decision(
        by=by, recipient=recipient, service_type=case.service_type, extent=case.extent,
        extent_unit=case.extent_unit, valid_from=case.valid_from, valid_to=case.valid_to,
        choice_days=0, ip=ip, external_reference=case.decision_reference,
    )  # fmt: skip
    # The recipient is served already: no choice period, straight to the current provider.
    assignment = start_assignment(
        decision, approval=approval, starts_on=case.provider_since,
        reason=AssignmentReason.CASE_WORKER,
        detail=_("Leverandør fra før Fritt brukervalg (registrert uten nytt valg)"), by=by,
    )  # fmt: skip
    decision.status = DecisionStatus.SERVED
    decision.save(update_fields=["status"])
    record(
        action="provider.existing_registered",
        subject=assignment,
        by=by,
        data={
            "recipient": recipient.pk,
            "decision": decision.pk,
            "approval": approval and approval.pk,
        },
    )
    return Registered(recipient, decision, assignment, created=True)


def _errors_of(exc: ValidationError, line: int) -> list[LineError]:
    name = getattr(exc, "field", None)
    code = error_code(exc) or "invalid"
    return [LineError(line=line, field=name, code=code, message=m) for m in exc.messages]


def import_cases(
    *, by: User, rows: Iterable[Mapping[str, Any]], first_line: int = 1, ip: str | None = None
) -> ImportReport:
    """Every line or none: each is registered in a savepoint so that every wrong line is
    reported, and if any is wrong the whole import is rolled back. Lines already imported
    (the same decision reference) count as unchanged, so an import can be run again."""
    require_case_worker(by)
    report = ImportReport()
    with transaction.atomic():
        for offset, raw in enumerate(rows):
            line = first_line + offset
            if offset >= MAX_LINES:
                report.errors.append(
                    LineError(line, None, RecipientError.IMPORT_TOO_LARGE,
                              _("Høyst %(n)s linjer per import.") % {"n": MAX_LINES})
                )  # fmt: skip
                break
            try:
                with transaction.atomic():
                    done = register_with_provider(by=by, case=parse_case(raw), ip=ip, replay=True)
            except ValidationError as exc:
                report.errors.extend(_errors_of(exc, line))
                continue
            report.lines.append(
                {
                    "line": line,
                    "status": "created" if done.created else "unchanged",
                    "recipient": done.recipient.pk,
                    "decision": done.decision.pk,
                    "assignment": done.assignment.pk if done.assignment else None,
                }
            )
        if report.errors:
            transaction.set_rollback(True)
    return report


def rows_from_csv(data: bytes) -> list[dict[str, str]]:
    """The lines of an uploaded CSV file (UTF-8, with or without BOM; semicolons, as a
    Norwegian spreadsheet saves it, or commas), checked against the template's columns."""
    if len(data) > MAX_CSV_BYTES:
        raise DomainError(
            RecipientError.IMPORT_TOO_LARGE, _("Filen er for stor (høyst 5 MB)."), field="file"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(
            RecipientError.IMPORT_FILE, _("Filen må være lagret som UTF-8."), field="file"
        ) from None
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") >= header.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = [(name or "").strip() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in columns]
    unknown = [name for name in columns if name not in COLUMNS]
    if missing or unknown:
        raise DomainError(
            RecipientError.IMPORT_FILE,
            _("Kolonnene stemmer ikke med malen (mangler: %(missing)s; ukjente: %(unknown)s).")
            % {"missing": ", ".join(missing) or "–", "unknown": ", ".join(unknown) or "–"},
            field="file",
        )
    reader.fieldnames = columns
    try:
        rows = [{k: v for k, v in row.items() if k in COLUMNS} for row in reader]
    except csv.Error:
        raise DomainError(
            RecipientError.IMPORT_FILE, _("Filen kan ikke leses som CSV."), field="file"
        ) from None
    if not rows:
        raise DomainError(RecipientError.IMPORT_FILE, _("Filen har ingen linjer."), field="file")
    return rows


def template_rows(*, example: bool) -> list[list[str]]:
    """The CSV template: the header, and with `example` two lines to copy (a private
    provider and the municipal provider)."""
    rows = [list(COLUMNS)]
    if example:
        rows.append([
            "GER-4711", "Kari Nordmann", "<11 siffer>", "Storgata 1", "5003", "Bergen", "",
            "", "", "GER-V-991", "praktisk-bistand", "4,0", "timer per uke", "2026-01-01",
            "", "<org.nr. 9 siffer>", "2025-03-01",
        ])  # fmt: skip
        rows.append([
            "GER-4712", "Ola Nordmann", "<11 siffer>", "Fjellveien 2", "5004", "Bergen", "",
            "", "", "GER-V-992", "hjemmesykepleie", "2,5", "timer per uke", "2026-01-01",
            "2026-12-31", "kommunal", "2024-06-15",
        ])  # fmt: skip
    return rows
