"""The decision letter (vedtaksbrev) on an application: approval with its contract, or rejection.

Written in bokmål whatever language the reader browses in: it is the municipality's formal
decision under forvaltningsloven, and one wording is what both parties can point to later.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone

from fritt.pdf import TaggedPDF, norwegian_amount, norwegian_date, norwegian_datetime
from tenants.municipalities.models import Municipality

from .models import (
    Application,
    ApplicationAction,
    ApplicationStatus,
    Approval,
    AssessmentOutcome,
)
from .selectors import ChecklistRow, checklist

APPEAL_WEEKS = 3


def case_number(application: Application) -> str:
    """Saksnummer: the year it came in and the application's number in this municipality."""
    return f"{application.submitted_at:%Y}/{application.pk:05d}"


def _decision_event(application: Application):
    action = (
        ApplicationAction.APPROVED
        if application.status == ApplicationStatus.APPROVED
        else ApplicationAction.REJECTED
    )
    return (
        application.events.filter(action=action).select_related("by").order_by("-at", "-pk").first()
    )


def _assessment_lines(row: ChecklistRow) -> list[str]:
    lines = []
    if row.assessment is None:
        lines.append("Kommunens vurdering: ikke vurdert.")
    else:
        outcome = "oppfylt" if row.assessment.outcome == AssessmentOutcome.MET else "ikke oppfylt"
        lines.append(
            f"Kommunens vurdering: {outcome} (vurdert {norwegian_date(row.assessment.at)} "
            f"av {row.assessment.by.full_name})."
        )
        if row.assessment.comment.strip():
            lines.append(f"Kommentar: {row.assessment.comment.strip()}")
    if row.document is not None:
        until = (
            f", gyldig til {norwegian_date(row.document.valid_until)}"
            if row.document.valid_until
            else ""
        )
        lines.append(f"Dokumentasjon: {row.document.title}{until}.")
    elif row.answer:
        lines.append(f"Leverandørens svar: {row.answer}")
    return lines


def _conditions(pdf: TaggedPDF, rows: list[ChecklistRow]) -> None:
    for number, row in enumerate(rows, start=1):
        pdf.block(f"Vilkår {number}: {row.condition.text}", "H3")
        for line in _assessment_lines(row):
            pdf.block(line)


def _appeal(pdf: TaggedPDF, municipality: Municipality, number: str) -> None:
    pdf.block("Du kan klage på vedtaket", "H2")
    pdf.block(
        f"Du har rett til å klage på dette vedtaket, jf. forvaltningsloven § 28. Klagefristen er "
        f"{APPEAL_WEEKS} uker fra den dagen vedtaket kom fram til deg, jf. forvaltningsloven § 29."
    )
    pdf.block(
        f"Klagen sendes til {municipality.display_name}, som har fattet vedtaket. Skriv "
        f"saksnummer {number}, hvilket vedtak du klager på, hva du ønsker endret og hvorfor. "
        "Klagen må være underskrevet. Gir kommunen deg ikke medhold, sender den klagen til "
        "kommunens klagenemnd for endelig avgjørelse, jf. forvaltningsloven § 28 annet ledd."
    )
    pdf.block(
        "Du har rett til å se sakens dokumenter, jf. forvaltningsloven §§ 18 og 19, og kan be "
        "om at vedtaket ikke iverksettes før klagefristen er ute eller klagen er avgjort, "
        "jf. forvaltningsloven § 42."
    )


def _signature(pdf: TaggedPDF, municipality: Municipality, event) -> None:
    pdf.block("Med hilsen", "P")
    name = event.by.full_name if event else ""
    pdf.block(f"{name}\n{municipality.display_name}" if name else municipality.display_name)
    pdf.block(
        "Vedtaket er behandlet elektronisk i Fritt brukervalg og har derfor ingen håndskrevet "
        "underskrift.",
        "Note",
    )


def _heading(pdf: TaggedPDF, title: str, application: Application, municipality: Municipality):
    supplier = application.supplier
    event = _decision_event(application)
    pdf.block(title, "H1")
    pdf.pairs(
        [
            ("Fra", f"{municipality.display_name} (org.nr. {municipality.orgnr or '-'})"),
            ("Til", f"{supplier.name} (org.nr. {supplier.orgnr})"),
            ("Saksnummer", case_number(application)),
            ("Søknad mottatt", norwegian_date(application.submitted_at)),
            ("Vedtaksdato", norwegian_date(application.decided_at)),
        ]
    )
    return event


def _approval_letter(pdf: TaggedPDF, approval: Approval, municipality: Municipality) -> None:
    application = approval.application
    scheme = approval.scheme
    event = _heading(pdf, f"Vedtak om godkjenning – {scheme.title}", application, municipality)
    pdf.block("Vedtak", "H2")
    until = norwegian_date(approval.valid_until) if approval.valid_until else "inntil videre"
    pdf.block(
        f"{municipality.display_name} godkjenner {approval.supplier.name} som leverandør i "
        f"ordningen «{scheme.title}» ({scheme.service_type.name}). Godkjenningen gjelder fra "
        f"{norwegian_date(approval.valid_from)} til {until}."
    )
    zones = ", ".join(zone.name for zone in approval.zones.all()) or "hele kommunen"
    rows = [("Område", zones)]
    if approval.capacity_cap:
        rows.append(("Kapasitetstak", f"{approval.capacity_cap} brukere"))
    pdf.pairs(rows)

    pdf.block("Vilkårene og kommunens vurdering", "H2")
    _conditions(pdf, checklist(application, today=approval.valid_from))

    pdf.block("Begrunnelse", "H2")
    reasons = (event.message.strip() if event else "") or (
        "Leverandøren oppfyller alle vilkårene for godkjenning i ordningen, slik vurderingen av "
        "hvert vilkår ovenfor viser."
    )
    pdf.block(reasons)

    pdf.block("Godtgjørelse", "H2")
    rates = list(scheme.rates.all())
    for rate in rates:
        pdf.block(
            f"{rate.get_variant_display()}: {norwegian_amount(rate.amount)} per "
            f"{rate.get_unit_display()} fra {norwegian_date(rate.valid_from)}"
        )
    if not rates:
        pdf.block("Ordningen har ingen fastsatt godtgjørelse.")

    pdf.block("Kontraktsvilkår", "H2")
    notice = []
    if scheme.notice_period_supplier_days is not None:
        notice.append(f"leverandøren {scheme.notice_period_supplier_days} dager")
    if scheme.notice_period_municipality_days is not None:
        notice.append(f"kommunen {scheme.notice_period_municipality_days} dager")
    if notice:
        pdf.block(f"Oppsigelsestid: {', '.join(notice)}.")
    for paragraph in scheme.contract_template.split("\n\n"):
        if paragraph.strip():
            pdf.block(paragraph.strip())

    pdf.block("Aksept av kontrakten", "H2")
    if approval.contract_accepted_at:
        who = approval.contract_accepted_by.full_name if approval.contract_accepted_by else "-"
        pdf.block(
            f"Kontrakten ble akseptert {norwegian_datetime(approval.contract_accepted_at)} av "
            f"{who} for {approval.supplier.name}."
        )
    else:
        pdf.block(
            "Kontrakten er ikke akseptert ennå. Den gjelder fra leverandøren har akseptert den "
            "i Fritt brukervalg."
        )

    _appeal(pdf, municipality, case_number(application))
    _signature(pdf, municipality, event)


def _rejection_letter(pdf: TaggedPDF, application: Application, municipality: Municipality):
    scheme = application.scheme
    event = _heading(pdf, f"Vedtak om avslag – {scheme.title}", application, municipality)
    pdf.block("Vedtak", "H2")
    pdf.block(
        f"{municipality.display_name} avslår søknaden fra {application.supplier.name} om "
        f"godkjenning som leverandør i ordningen «{scheme.title}» ({scheme.service_type.name})."
    )
    day = timezone.localdate(application.decided_at) if application.decided_at else None
    rows = checklist(application, today=day)
    failing = [row for row in rows if row.judged_not_met]
    pdf.block("Vilkår som ikke er oppfylt", "H2")
    if failing:
        _conditions(pdf, failing)
    else:
        pdf.block("Ingen enkeltvilkår er vurdert som ikke oppfylt; se begrunnelsen nedenfor.")
    others = [row for row in rows if not row.judged_not_met]
    if others:
        pdf.block("Øvrige vilkår", "H2")
        _conditions(pdf, others)
    pdf.block("Begrunnelse", "H2")
    pdf.block((event.message.strip() if event else "") or "-")
    _appeal(pdf, municipality, case_number(application))
    _signature(pdf, municipality, event)


def render_decision_letter(*, application: Application, municipality: Municipality) -> bytes:
    """The letter for a decided application; the approval's includes its contract terms and
    whether, when and by whom the supplier accepted them."""
    if application.status not in (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED):
        raise ValueError("only a decided application has a decision letter")
    number = case_number(application)
    approved = application.status == ApplicationStatus.APPROVED
    kind = "godkjenning" if approved else "avslag"
    pdf = TaggedPDF(
        title=f"Vedtak om {kind} – {application.scheme.title} (saksnummer {number})",
        author=municipality.display_name,
        footer=f"{municipality.display_name} · saksnummer {number}",
    )
    if approved:
        _approval_letter(pdf, application.approval, municipality)
    else:
        _rejection_letter(pdf, application, municipality)
    return pdf.bytes()


def store_decision_letter(*, approval: Approval, municipality: Municipality) -> None:
    """Keeps the approval's stored copy (what the export and archive carry) as the letter
    stands now: at the decision, and again with the acceptance record."""
    approval.contract_file.save(
        f"vedtak-{approval.pk}.pdf",
        ContentFile(
            render_decision_letter(application=approval.application, municipality=municipality)
        ),
        save=True,
    )
