"""The demo world that `make run` sets up: municipalities, users for every role, a supplier."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.management import call_command
from django.db import transaction
from django_tenants.utils import tenant_context

from fritt.accounts.models import User
from fritt.accounts.roles import Role
from fritt.accounts.services import assign_role
from fritt.tenancy.provisioning import provision_municipality
from public_site.catalogue.documents import DocumentType
from public_site.catalogue.models import ServiceType
from public_site.catalogue.services import sync_catalogue
from public_site.suppliers.models import Supplier
from tenants.municipalities.models import Municipality
from tenants.municipalities.services import sync_registry
from tenants.schemes import services as schemes
from tenants.schemes.models import Scheme
from tenants.zones.models import Zone

DEMO_PASSWORD = "demo-passord"
# Oslo, Bergen, Trondheim, and two small neighbours in Vestland (Eidfjord, Ulvik).
DEMO_MUNICIPALITIES = ["0301", "4601", "5001", "4619", "4620"]
DEMO_SUPPLIER = {"orgnr": "912345602", "name": "Omsorg Vest AS"}


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    where: str


def _user(email: str, full_name: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
    if created or not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def seed_demo(*, provision: list[str] | None = None) -> list[DemoLogin]:
    """Idempotent: running it again keeps existing data and only fills in what is missing."""
    sync_registry()
    sync_catalogue()
    # Existing schemas first, so a code update reaches them before anything uses them.
    call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
    logins: list[DemoLogin] = []
    for number in provision or DEMO_MUNICIPALITIES:
        municipality = Municipality.registry.get(kommunenummer=number)
        provision_municipality(municipality=municipality, activate=True)

    with transaction.atomic():
        operator = _user("drift@demo.frittbrukervalg.no", "Dina Drift")
        operator.is_staff = operator.is_superuser = True
        operator.save(update_fields=["is_staff", "is_superuser"])
        assign_role(user=operator, role=Role.PLATFORM_OPERATOR)
        logins.append(DemoLogin(operator.email, Role.PLATFORM_OPERATOR.label, "nasjonalt"))
        analyst = _user("analytiker@demo.frittbrukervalg.no", "Anders Analyse")
        assign_role(user=analyst, role=Role.MINISTRY_ANALYST)
        logins.append(DemoLogin(analyst.email, Role.MINISTRY_ANALYST.label, "nasjonalt"))

        staff = [
            ("admin", "Administrator", Role.MUNICIPAL_ADMIN),
            ("ordning", "Saksbehandler ordninger", Role.MUNICIPAL_OFFICER),
            ("tildeling", "Saksbehandler tildeling", Role.CASE_WORKER),
        ]
        for municipality in Municipality.objects.filter(kommunenummer__in=DEMO_MUNICIPALITIES):
            for prefix, title, role in staff:
                user = _user(
                    f"{prefix}.{municipality.slug}@demo.frittbrukervalg.no",
                    f"{title} {municipality.name_norwegian}",
                )
                assign_role(user=user, role=role, municipality=municipality)
                logins.append(DemoLogin(user.email, role.label, municipality.slug))

        supplier, _ = Supplier.objects.get_or_create(
            orgnr=DEMO_SUPPLIER["orgnr"], defaults={"name": DEMO_SUPPLIER["name"]}
        )
        for email, name, role in [
            ("leder@omsorgvest.demo.frittbrukervalg.no", "Lise Leder", Role.SUPPLIER_ADMIN),
            ("ansatt@omsorgvest.demo.frittbrukervalg.no", "Ole Omsorg", Role.SUPPLIER_MEMBER),
        ]:
            user = _user(email, name)
            assign_role(user=user, role=role, supplier=supplier)
            logins.append(DemoLogin(user.email, role.label, supplier.name))
    seed_schemes()
    return logins


_SCHEME_TEXT = {
    "application_process": (
        "Søk gjennom Fritt brukervalg. Legg ved dokumentasjonen vilkårene krever. "
        "Kommunen kan be om mer informasjon før den avgjør søknaden."
    ),
    "contract_template": (
        "Kommunens standardkontrakt for tjenesten gjelder. Leverandøren skal følge "
        "kommunens kvalitetskrav, rapportere avvik og levere timelister månedlig."
    ),
    "contract_duration_months": 48,
    "notice_period_supplier_days": 90,
    "notice_period_municipality_days": 90,
    "capacity_rules": (
        "Leverandøren oppgir hvor mange nye brukere den kan ta imot, og kan stenge for nye "
        "brukere når taket er nådd."
    ),
    "switching_notice_days": 14,
    "decision_deadline_days": 30,
}

# (kommunenummer, title, service code, zones, rates (unit, variant, amount), participants)
DEMO_SCHEMES = [
    ("4601", "Praktisk bistand i Bergen", "praktisk-bistand", ["Arna", "Fana", "Sentrum"],
     [("hour", "day", "545.00"), ("hour", "evening", "620.00"), ("hour", "weekend", "690.00")], []),
    ("4601", "Brukerstyrt personlig assistanse i Bergen", "bpa", [],
     [("hour", "all", "498.00")], []),
    ("5001", "Praktisk bistand i Trondheim", "praktisk-bistand", ["Midtbyen", "Heimdal"],
     [("hour", "day", "552.00"), ("hour", "evening", "610.00")], []),
    ("0301", "Hjemmesykepleie i Oslo", "hjemmesykepleie", [],
     [("hour", "day", "780.00"), ("hour", "night", "910.00")], []),
    ("4619", "Praktisk bistand i indre Hardanger", "praktisk-bistand", [],
     [("hour", "all", "560.00")], ["4620"]),
]  # fmt: skip


def seed_schemes() -> None:
    """Published demo schemes, one joint (Eidfjord hosts, Ulvik takes part); idempotent."""
    for number, title, code, zone_names, rates, participants in DEMO_SCHEMES:
        municipality = Municipality.objects.get(kommunenummer=number)
        officer = User.objects.get(email=f"ordning.{municipality.slug}@demo.frittbrukervalg.no")
        with tenant_context(municipality), transaction.atomic():
            if Scheme.objects.filter(title=title).exists():
                continue
            service_type = ServiceType.objects.get(code=code)
            scheme = schemes.create_scheme(
                by=officer,
                service_type=service_type,
                title=title,
                description=service_type.description,
                target_group=(
                    f"Innbyggere i {municipality.name_norwegian} med vedtak om "
                    f"{service_type.name.lower()}."
                ),
                covers_whole_municipality=not zone_names,
                contact_name=f"Tildelingskontoret i {municipality.name_norwegian}",
                contact_email=f"brukervalg@{municipality.slug}.kommune.example",
                contact_phone="55 00 00 00",
                **_SCHEME_TEXT,
            )
            if zone_names:
                zones = [Zone.objects.get_or_create(name=name)[0] for name in zone_names]
                schemes.set_zones(scheme=scheme, by=officer, zones=zones)
            for text, document_type in [
                ("Firmaattest som viser at virksomheten er registrert", DocumentType.FIRMAATTEST),
                (
                    "Skatteattest som viser at skatter og avgifter er betalt",
                    DocumentType.SKATTEATTEST,
                ),
                ("Forsikring som dekker skade hos brukeren", DocumentType.FORSIKRINGSBEVIS),
                ("Rutine for politiattest for alle ansatte", DocumentType.POLITIATTEST_RUTINE),
            ]:
                schemes.add_condition(
                    scheme=scheme, by=officer, text=text, document_type=document_type
                )
            for unit, variant, amount in rates:
                schemes.add_rate(
                    scheme=scheme, by=officer, unit=unit, variant=variant,
                    amount=Decimal(amount), valid_from=datetime.date(2026, 1, 1),
                )  # fmt: skip
            if participants:
                schemes.set_participants(
                    scheme=scheme,
                    by=officer,
                    municipalities=list(
                        Municipality.objects.filter(kommunenummer__in=participants)
                    ),
                )
            schemes.publish_scheme(scheme=scheme, by=officer)
