"""Reads of schemes: lists, completeness, and the published snapshot shown to the nation."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tenants.municipalities.models import Municipality

from .models import JointParticipant, Scheme, SchemeStatus

PUBLISHED_FIELDS: dict[str, str] = {
    "title": "Tittel",
    "description": "Beskrivelse av tjenesten",
    "target_group": "Målgruppe",
    "application_process": "Søknadsprosess",
    "contact_name": "Kontaktperson",
    "contact_email": "E-post til kontaktperson",
    "contact_phone": "Telefon",
    "contract_template": "Kontraktsvilkår",
    "contract_duration_months": "Kontraktens varighet",
    "notice_period_supplier_days": "Oppsigelsestid for leverandøren",
    "notice_period_municipality_days": "Oppsigelsestid for kommunen",
    "capacity_rules": "Regler for kapasitet",
    "allows_capacity_cap": "Tak på antall brukere",
    "default_provider_rule": "Hvem får brukere som ikke velger",
    "switching_notice_days": "Varsel ved bytte av leverandør",
    "decision_deadline_days": "Saksbehandlingstid for søknader",
    "covers_whole_municipality": "Geografisk område",
    "service_type": "Tjenestetype",
}

REQUIRED_TO_PUBLISH = [
    "description",
    "target_group",
    "application_process",
    "contact_name",
    "contact_email",
    "contract_template",
    "contract_duration_months",
    "notice_period_supplier_days",
    "notice_period_municipality_days",
    "capacity_rules",
    "switching_notice_days",
    "decision_deadline_days",
]


def municipal_schemes() -> QuerySet[Scheme]:
    return Scheme.objects.select_related("service_type").order_by("status", "title")


def public_schemes() -> QuerySet[Scheme]:
    return municipal_schemes().exclude(status=SchemeStatus.DRAFT)


def missing_for_publication(scheme: Scheme) -> list[str]:
    """Everything the law asks to be published that this scheme still lacks, in Norwegian."""
    missing = [
        _(PUBLISHED_FIELDS[name])
        for name in REQUIRED_TO_PUBLISH
        if getattr(scheme, name) in (None, "")
    ]
    if not scheme.covers_whole_municipality and not scheme.zones.exists():
        missing.append(_("Soner (ordningen gjelder ikke hele kommunen, men ingen soner er valgt)"))
    if not scheme.conditions.exists():
        missing.append(_("Minst ett vilkår for godkjenning"))
    if not scheme.rates.exists():
        missing.append(_("Minst én fast sats for kompensasjon"))
    return missing


def snapshot(scheme: Scheme) -> dict[str, Any]:
    """The published content of a scheme, as plain data for the announcement and the history."""
    return {
        "service_type": scheme.service_type.name,
        "title": scheme.title,
        "description": scheme.description,
        "target_group": scheme.target_group,
        "covers_whole_municipality": scheme.covers_whole_municipality,
        "zones": list(scheme.zones.order_by("name").values_list("name", flat=True)),
        "application_process": scheme.application_process,
        "contact": {
            "name": scheme.contact_name,
            "email": scheme.contact_email,
            "phone": scheme.contact_phone,
        },
        "conditions": [
            {
                "text": c.text,
                "document_type": c.get_document_type_display() if c.document_type else "",
            }
            for c in scheme.conditions.all()
        ],
        "contract": {
            "terms": scheme.contract_template,
            "duration_months": scheme.contract_duration_months,
            "notice_supplier_days": scheme.notice_period_supplier_days,
            "notice_municipality_days": scheme.notice_period_municipality_days,
        },
        "rates": [
            {
                "unit": r.get_unit_display(),
                "variant": r.get_variant_display(),
                "amount": str(r.amount),
                "valid_from": r.valid_from.isoformat(),
            }
            for r in scheme.rates.all()
        ],
        "band_limits": {
            "day": f"{scheme.day_starts:%H:%M}",
            "evening": f"{scheme.evening_starts:%H:%M}",
            "night": f"{scheme.night_starts:%H:%M}",
        },
        "capacity_rules": scheme.capacity_rules,
        "allows_capacity_cap": scheme.allows_capacity_cap,
        "default_provider_rule": scheme.get_default_provider_rule_display(),
        "switching_notice_days": scheme.switching_notice_days,
        "decision_deadline_days": scheme.decision_deadline_days,
        "participants": [m.display_name for m in participant_municipalities(scheme)],
    }


def participant_municipalities(scheme: Scheme) -> list[Municipality]:
    """Municipalities where the scheme counts now: accepted, notice not run out."""
    ids = list(
        scheme.participants.filter(JointParticipant.in_force()).values_list(
            "municipality_id", flat=True
        )
    )
    return list(Municipality.registry.filter(pk__in=ids).order_by("name_norwegian"))


def joint_participants(scheme: Scheme) -> list[dict[str, Any]]:
    """Every municipality invited into the scheme, with where its invitation stands."""
    rows = list(scheme.participants.order_by("pk"))
    names = {
        m.pk: m for m in Municipality.registry.filter(pk__in=[r.municipality_id for r in rows])
    }
    return [{"row": r, "municipality": names.get(r.municipality_id)} for r in rows]


def changed_labels(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    labels = {
        **PUBLISHED_FIELDS,
        "zones": "Soner",
        "contact": "Kontaktinformasjon",
        "conditions": "Vilkår for godkjenning",
        "contract": "Kontraktsvilkår",
        "rates": "Satser",
        "band_limits": "Tidsrom for dag, kveld og natt",
        "participants": "Deltakende kommuner",
    }
    return [labels.get(k, k) for k in after if before.get(k) != after.get(k)]
