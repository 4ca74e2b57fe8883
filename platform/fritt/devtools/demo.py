"""The demo world that `make run` sets up: municipalities, users for every role, suppliers,
schemes, applications and approvals."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from fritt.accounts.models import User
from fritt.accounts.roles import Role
from fritt.accounts.services import assign_role
from fritt.devtools import demo_people
from fritt.devtools.schema_clone import spares_for
from fritt.tenancy.schema_state import schemas_needing_migration
from fritt.tenancy.schemas import in_municipality
from public_site.catalogue.documents import DocumentType
from public_site.catalogue.models import ServiceType
from public_site.catalogue.services import sync_catalogue
from public_site.suppliers.models import Supplier
from tenants.municipalities.models import Municipality
from tenants.municipalities.provisioning import provision_municipality
from tenants.municipalities.services import sync_registry
from tenants.schemes import services as schemes
from tenants.schemes.models import Scheme
from tenants.zones.models import Zone

DEMO_PASSWORD = "demo-passord"
# Oslo, Bergen, Trondheim, and two small neighbours in Vestland (Eidfjord, Ulvik).
DEMO_MUNICIPALITIES = ["0301", "4601", "5001", "4619", "4620"]
DEMO_SUPPLIER = {"orgnr": "912345602", "name": "Omsorg Vest AS"}


# Demo organisations stand as if the register had answered and an operator had confirmed
# the claim; real accounts get there through the lookup and /drift/.
def _checked() -> dict:
    return {"register_status": "verified", "claim_confirmed_at": timezone.now()}


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    where: str


@functools.cache
def _demo_password_hash() -> str:
    # Hashed once: the hasher is slow on purpose, and every demo login has the same password.
    return make_password(DEMO_PASSWORD)


def _user(email: str, full_name: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
    if created or not user.has_usable_password():
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    return user


# (e-mail prefix, title, role) of every demo municipality's staff.
MUNICIPAL_STAFF = [
    ("admin", "Administrator", Role.MUNICIPAL_ADMIN),
    ("ordning", "Saksbehandler ordninger", Role.MUNICIPAL_OFFICER),
    ("tildeling", "Saksbehandler tildeling", Role.CASE_WORKER),
]


def municipal_staff(municipality: Municipality) -> list[User]:
    """The municipality's admin, scheme officer and case worker (`<prefix>.<slug>@…`)."""
    people = []
    for prefix, title, role in MUNICIPAL_STAFF:
        user = _user(
            f"{prefix}.{municipality.slug}@demo.frittbrukervalg.no",
            f"{title} {municipality.name_norwegian}",
        )
        assign_role(user=user, role=role, municipality=municipality)
        people.append(user)
    return people


def upload_documents(supplier: Supplier, admin: User, *, expiring: bool = True) -> list:
    """The four documents the demo schemes' conditions ask for, from the supplier's admin;
    `expiring` gives certificates the usual half year (the history's must last two years)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from public_site.suppliers import services as suppliers

    today = timezone.localdate()
    return [
        suppliers.upload_document(
            supplier=supplier,
            uploaded_by=admin,
            upload=SimpleUploadedFile("demo.pdf", _demo_pdf(title, supplier.name)),
            document_type=document_type,
            title=f"{title} {today:%Y}",
            valid_from=today - datetime.timedelta(days=20),
            valid_until=today + datetime.timedelta(days=160)
            if expiring and document_type != DocumentType.POLITIATTEST_RUTINE
            else None,
        )
        for document_type, title in _DEMO_DOCUMENTS
    ]


def migrate_stale_schemas() -> bool:
    """Run the tenant migrations only when some schema lacks one on disk: django-tenants'
    executor otherwise migrates every schema again on every start (35 s at 357)."""
    if not schemas_needing_migration():
        return False
    # The smart executor then migrates only the stale ones (fritt.tenancy.migration_executor).
    call_command("migrate_schemas", tenant=True, executor="smart", interactive=False, verbosity=0)
    return True


def seed_demo(*, provision: list[str] | None = None) -> list[DemoLogin]:
    """Idempotent: running it again keeps existing data and only fills in what is missing."""
    sync_registry()
    sync_catalogue()
    # Existing schemas first, so a code update reaches them before anything uses them.
    migrate_stale_schemas()
    logins: list[DemoLogin] = []
    chosen = list(Municipality.registry.filter(kommunenummer__in=provision or DEMO_MUNICIPALITIES))
    # One spare migrated, the others copied from it: seconds instead of a minute.
    spares_for(chosen)
    for municipality in chosen:
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

        for municipality in Municipality.objects.filter(kommunenummer__in=DEMO_MUNICIPALITIES):
            for user, role in zip(
                municipal_staff(municipality), (r for _, _, r in MUNICIPAL_STAFF), strict=True
            ):
                logins.append(DemoLogin(user.email, role.label, municipality.slug))

        supplier, _ = Supplier.objects.get_or_create(
            orgnr=DEMO_SUPPLIER["orgnr"], defaults={"name": DEMO_SUPPLIER["name"], **_checked()}
        )
        for email, name, role in [
            ("leder@omsorgvest.demo.frittbrukervalg.no", "Lise Leder", Role.SUPPLIER_ADMIN),
            ("ansatt@omsorgvest.demo.frittbrukervalg.no", "Ole Omsorg", Role.SUPPLIER_MEMBER),
        ]:
            user = _user(email, name)
            assign_role(user=user, role=role, supplier=supplier)
            logins.append(DemoLogin(user.email, role.label, supplier.name))
    seed_schemes()
    logins += seed_applications()
    logins += seed_recipients()
    seed_national_logins()
    seed_billing()
    seed_settlement()
    # The services count every change into the statistics as it happens; data seeded before
    # the statistics existed, and the delivered hours, are counted here once, and the monthly
    # rollups built (the nightly task does the same).
    from public_site.statistics.tasks import reconcile_statistics

    reconcile_statistics()
    # The open-data dump is nightly; the demo makes the first one at once, so the link works.
    from public_site.national.tasks import dump_open_data

    dump_open_data()
    return list(dict.fromkeys(logins))  # a supplier admin is listed once


def seed_billing() -> None:
    """A municipality asking to join (Voss, for the operator to confirm in /drift/) and one
    EHF invoice for Bergen (its admin downloads it under Fakturaer)."""
    import datetime
    from decimal import Decimal

    from public_site.billing.invoicing import LineInput, create_invoice
    from public_site.billing.models import Invoice, JoinRequest
    from public_site.billing.services import request_to_join
    from public_site.catalogue.models import ServiceType

    voss = Municipality.registry.get(kommunenummer="4621")
    if not voss.is_provisioned and not JoinRequest.objects.filter(municipality=voss).exists():
        request_to_join(
            municipality=voss,
            services=list(ServiceType.objects.filter(code="praktisk-bistand")),
            contact_name="Vilde Voss",
            contact_email="admin.voss@demo.frittbrukervalg.no",
            invoice_reference="VOSS-1001",
            accepted_terms=True,
            accepted_dpa=True,
        )
    bergen = Municipality.objects.get(kommunenummer="4601")
    if not Invoice.objects.filter(municipality=bergen).exists():
        year = timezone.localdate().year
        create_invoice(
            municipality=bergen,
            buyer_reference="BERGEN-4411",
            lines=[
                LineInput(
                    f"Abonnement Fritt brukervalg {year}, prisgruppe 4",
                    Decimal("480000.00"),
                    datetime.date(year, 1, 1),
                    datetime.date(year, 12, 31),
                )
            ],
        )


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
    """Published demo schemes, one joint (Eidfjord hosts, Ulvik takes part); idempotent. They
    are published two years back, when the demo's history (fritt.devtools.history) begins."""
    from fritt.devtools.history import past

    for number, title, code, zone_names, rates, participants in DEMO_SCHEMES:
        municipality = Municipality.objects.get(kommunenummer=number)
        officer = User.objects.get(email=f"ordning.{municipality.slug}@demo.frittbrukervalg.no")
        with in_municipality(municipality):
            if Scheme.objects.filter(title=title).exists():
                continue
        with past():  # which starts at the history's first day
            publish_scheme(
                municipality, officer, title=title, code=code, zone_names=zone_names,
                rates=rates, participants=participants,
            )  # fmt: skip
            _accept_joint_invitations(municipality, participants)


def publish_scheme(
    municipality: Municipality,
    officer: User,
    *,
    title: str,
    code: str,
    zone_names: list[str],
    rates: list[tuple[str, str, str]],
    participants: list[str],
) -> Scheme:
    """A scheme as a municipality's officer would write it, with the usual four conditions,
    its rates from today, its zones and joint participants, published."""
    with in_municipality(municipality), transaction.atomic():
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
            ("Skatteattest som viser at skatter og avgifter er betalt", DocumentType.SKATTEATTEST),
            ("Forsikring som dekker skade hos brukeren", DocumentType.FORSIKRINGSBEVIS),
            ("Rutine for politiattest for alle ansatte", DocumentType.POLITIATTEST_RUTINE),
        ]:
            schemes.add_condition(scheme=scheme, by=officer, text=text, document_type=document_type)
        for unit, variant, amount in rates:
            schemes.add_rate(
                scheme=scheme, by=officer, unit=unit, variant=variant,
                amount=Decimal(amount), valid_from=timezone.localdate(),
            )  # fmt: skip
        if participants:
            schemes.set_participants(
                scheme=scheme,
                by=officer,
                municipalities=list(Municipality.objects.filter(kommunenummer__in=participants)),
            )
        return schemes.publish_scheme(scheme=scheme, by=officer)


def _accept_joint_invitations(host: Municipality, participants: list[str]) -> None:
    """Each participant's own admin accepts, as a real municipality would have to."""
    from public_site.announcements.models import JointMembership

    for number in participants:
        participant = Municipality.objects.get(kommunenummer=number)
        admin = User.objects.get(email=f"admin.{participant.slug}@demo.frittbrukervalg.no")
        invited = JointMembership.objects.filter(
            host=host, participant=participant, status="invited"
        )
        with in_municipality(participant), transaction.atomic():
            for membership in invited:
                schemes.answer_joint_invitation(membership=membership, by=admin, accept=True)


# (orgnr, name, admin email, admin name, [(kommunenummer, scheme title, approve?)])
DEMO_APPLICANTS = [
    ("912345602", "Omsorg Vest AS", "leder@omsorgvest.demo.frittbrukervalg.no", "Lise Leder", [
        ("4601", "Praktisk bistand i Bergen", True),
        ("4619", "Praktisk bistand i indre Hardanger", True),
        ("5001", "Praktisk bistand i Trondheim", False),
    ]),
    ("912345661", "Hjemmehjelp Nord AS", "leder@hjemmehjelpnord.demo.frittbrukervalg.no",
     "Nils Nordmann", [
        ("4601", "Praktisk bistand i Bergen", True),
        ("5001", "Praktisk bistand i Trondheim", False),
    ]),
    ("912345688", "Trygg Assistanse AS", "leder@tryggassistanse.demo.frittbrukervalg.no",
     "Tove Trygg", [
        ("4601", "Brukerstyrt personlig assistanse i Bergen", True),
        ("0301", "Hjemmesykepleie i Oslo", False),
    ]),
]  # fmt: skip

_DEMO_DOCUMENTS = [
    (DocumentType.FIRMAATTEST, "Firmaattest"),
    (DocumentType.SKATTEATTEST, "Skatteattest"),
    (DocumentType.FORSIKRINGSBEVIS, "Forsikringsbevis"),
    (DocumentType.POLITIATTEST_RUTINE, "Rutine for politiattest"),
]
DEMO_DOCUMENT_TYPES = [document_type for document_type, _title in _DEMO_DOCUMENTS]


def _demo_pdf(title: str, supplier_name: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=14)
    pdf.multi_cell(0, 8, f"{title}\n{supplier_name}\n(demodokument)")
    return bytes(pdf.output())


def seed_applications() -> list[DemoLogin]:
    """Suppliers with documents, one apply-once submission each, some approved with accepted
    contracts and some waiting in the inbox. Idempotent: a supplier that has applied is kept."""
    from public_site.announcements.models import Announcement
    from public_site.applying import services as apply_once
    from tenants.applications import services as review
    from tenants.applications.models import Application
    from tenants.applications.services import PartRequest

    logins = []
    for orgnr, name, email, full_name, targets in DEMO_APPLICANTS:
        supplier, _ = Supplier.objects.get_or_create(
            orgnr=orgnr, defaults={"name": name, **_checked()}
        )
        admin = _user(email, full_name)
        assign_role(user=admin, role=Role.SUPPLIER_ADMIN, supplier=supplier)
        logins.append(DemoLogin(admin.email, Role.SUPPLIER_ADMIN.label, supplier.name))
        if supplier.envelopes.exists():
            continue
        with transaction.atomic():
            documents = upload_documents(supplier, admin)
            parts = []
            for number, title, _approve in targets:
                municipality = Municipality.objects.get(kommunenummer=number)
                with in_municipality(municipality):
                    scheme = Scheme.objects.get(title=title)
                    zone_ids = list(scheme.zones.values_list("pk", flat=True))
                announcement = Announcement.objects.get(host=municipality, scheme_id=scheme.pk)
                parts.append(
                    (
                        announcement,
                        PartRequest(
                            scheme_id=scheme.pk,
                            zone_ids=zone_ids,
                            document_ids=[d.pk for d in documents],
                        ),
                    )
                )
            apply_once.submit_envelope(
                supplier=supplier,
                by=admin,
                common_answers={
                    "contact_name": full_name,
                    "contact_email": email,
                    "contact_phone": "55 12 34 56",
                    "about": f"{name} har levert hjemmetjenester siden 2012.",
                    "languages": "norsk, engelsk, polsk",
                    "staff_competence": "Helsefagarbeidere, sykepleiere og assistenter.",
                    "additional_services": "Hagearbeid og vindusvask",
                },
                parts=parts,
            )
            for number, title, approve in targets:
                if not approve:
                    continue
                municipality = Municipality.objects.get(kommunenummer=number)
                officer = User.objects.get(
                    email=f"ordning.{municipality.slug}@demo.frittbrukervalg.no"
                )
                with in_municipality(municipality):
                    application = Application.objects.get(supplier=supplier, scheme__title=title)
                    review.start_review(application=application, by=officer)
                    conditions = application.scheme.conditions.values_list("pk", flat=True)
                    if conditions:
                        review.assess_conditions(
                            application=application,
                            by=officer,
                            assessments=dict.fromkeys(conditions, ("met", "")),
                        )
                    approval = review.approve(
                        application=application, by=officer, reasons="Alle vilkår er oppfylt."
                    )
                    review.accept_contract(approval=approval, by=admin)
    return logins


def _demo_fnr(birth: str, serial: int) -> str:
    return demo_people.demo_fnr(birth, serial)


# (name, birth ddmmyy, zone, what happens)
DEMO_RECIPIENTS = [
    ("Astrid Berg", "120438", "Sentrum", "case_worker_choice"),
    ("Bjørn Dahl", "030741", "Arna", "default_rule"),
    ("Cecilie Lunde", "250933", "Fana", "switch"),
    ("David Moe", "141145", "Sentrum", "awaiting"),
]


def seed_recipients() -> list[DemoLogin]:
    """Demo recipients in Bergen: a choice recorded by a case worker, an assignment by the
    default rule, a switch in progress, one still to choose; a citizen and a proxy login."""
    from public_site.catalogue.models import ServiceType
    from tenants.applications.models import Approval
    from tenants.recipients import selectors as recipient_selectors
    from tenants.recipients import services as recipients
    from tenants.recipients.models import AccessRelation, Contact, ContactRelation

    bergen = Municipality.objects.get(kommunenummer="4601")
    case_worker = User.objects.get(email="tildeling.bergen@demo.frittbrukervalg.no")
    officer = User.objects.get(email="ordning.bergen@demo.frittbrukervalg.no")
    citizen = _user("innbygger.bergen@demo.frittbrukervalg.no", "Astrid Berg")
    proxy = _user("fullmektig.bergen@demo.frittbrukervalg.no", "Frode Lunde")
    logins = [
        DemoLogin(citizen.email, "Tjenestemottaker (Astrid Berg)", bergen.slug),
        DemoLogin(proxy.email, "Fullmektig for Cecilie Lunde", bergen.slug),
    ]
    with in_municipality(bergen), transaction.atomic():
        service = ServiceType.objects.get(code="praktisk-bistand")
        scheme = Scheme.objects.get(title="Praktisk bistand i Bergen")
        if scheme.default_provider_rule != "rotation":
            schemes.update_scheme(scheme=scheme, by=officer, default_provider_rule="rotation")
        approvals = {
            a.supplier.name: a
            for a in Approval.objects.filter(scheme=scheme, status="active").select_related(
                "supplier"
            )
        }
        today = timezone.localdate()
        for serial, (name, birth, zone_name, story) in enumerate(DEMO_RECIPIENTS):
            fnr = _demo_fnr(birth, 100 + serial * 7)
            if recipient_selectors.find_by_fnr(fnr):
                continue
            recipient = recipients.register_recipient(
                by=case_worker, full_name=name, fnr=fnr, address=f"{zone_name}veien {serial + 1}",
                postcode="5003", postplace="Bergen", zone=Zone.objects.get(name=zone_name),
                phone="55 55 00 0" + str(serial),
            )  # fmt: skip
            decision = recipients.create_decision(
                by=case_worker, recipient=recipient, service_type=service, extent=Decimal("4"),
                valid_from=today, choice_days=-1 if story == "default_rule" else 14,
            )  # fmt: skip
            first, second = approvals.get("Omsorg Vest AS"), approvals.get("Hjemmehjelp Nord AS")
            if story == "case_worker_choice":
                login = recipients.grant_login(
                    by=case_worker, recipient=recipient, user=citizen,
                    relation=AccessRelation.SELF,
                )  # fmt: skip
                recipients.confirm_online_access(user=citizen, login=login, fnr=fnr)
                recipients.choose_provider(
                    by=case_worker, decision=decision, approval=first,
                    how="På telefon med saksbehandler",
                )  # fmt: skip
            elif story == "default_rule":
                recipients.run_deadline_sweep(today=today)
            elif story == "switch":
                recipients.add_contact(
                    by=case_worker, recipient=recipient, full_name="Frode Lunde",
                    relation=ContactRelation.PROXY, phone="900 00 000",
                    fnr=demo_people.pid_of("frode"),
                )  # fmt: skip
                login = recipients.grant_login(
                    by=case_worker, recipient=recipient, user=proxy, relation=AccessRelation.PROXY
                )
                recipients.confirm_online_access(user=proxy, login=login, fnr=fnr)
                recipients.choose_provider(by=proxy, decision=decision, approval=second)
                recipients.choose_provider(by=proxy, decision=decision, approval=first)
        # A database seeded before national logins has the proxy without her number.
        for contact in Contact.objects.filter(full_name="Frode Lunde", fnr_index=""):
            recipients.register_proxy_fnr(
                by=case_worker, contact=contact, fnr=demo_people.pid_of("frode")
            )
    logins += _seed_joint_recipient()
    return logins


def seed_national_logins() -> None:
    """Bind the demo staff to their Ansattporten test identities (as if they had taken their
    invitation), so that they log in without a password; citizens need no binding."""
    from fritt.identity.services import bind_person

    with transaction.atomic():
        for person in demo_people.employees():
            if person["email"]:
                user = User.objects.get(email=person["email"])
                bind_person(provider="ansattporten", pid=person["pid"], user=user)


def _seed_joint_recipient() -> list[DemoLogin]:
    """In Ulvik, a recipient served by a supplier the host Eidfjord approved in the joint scheme."""
    from public_site.catalogue.models import ServiceType
    from tenants.applications.models import Approval
    from tenants.recipients import selectors as recipient_selectors
    from tenants.recipients import services as recipients

    eidfjord = Municipality.objects.get(kommunenummer="4619")
    ulvik = Municipality.objects.get(kommunenummer="4620")
    case_worker = User.objects.get(email="tildeling.ulvik@demo.frittbrukervalg.no")
    with in_municipality(eidfjord):
        approval = Approval.objects.filter(
            scheme__title="Praktisk bistand i indre Hardanger", status="active"
        ).first()
    fnr = _demo_fnr("300950", 400)
    with in_municipality(ulvik), transaction.atomic():
        if approval is None or recipient_selectors.find_by_fnr(fnr):
            return []
        recipient = recipients.register_recipient(
            by=case_worker, full_name="Eirik Ulvik", fnr=fnr, address="Ulvikvegen 5",
            postcode="5730", postplace="Ulvik",
        )  # fmt: skip
        decision = recipients.create_decision(
            by=case_worker, recipient=recipient,
            service_type=ServiceType.objects.get(code="praktisk-bistand"),
            extent=Decimal("3"), valid_from=timezone.localdate(),
        )  # fmt: skip
        recipients.choose_provider(
            by=case_worker, decision=decision, approval=None, how="I møte med saksbehandler",
            joint=recipients.JointProvider(host=eidfjord, approval_id=approval.pk),
        )  # fmt: skip
    return []


# (name, birth) of recipients Omsorg Vest AS has served in Bergen since two months back.
DEMO_DELIVERED = [("Eva Nilsen", "040536"), ("Frank Olsen", "171129")]


def seed_settlement() -> None:
    """Bergen's delivered service for Omsorg Vest AS: the month before last reported and
    approved by the officer (settled), last month reported and sent (awaiting approval)."""
    from tenants.applications.models import Approval
    from tenants.recipients import selectors as recipient_selectors
    from tenants.recipients import services as recipients
    from tenants.settlement import services as settlement
    from tenants.settlement.models import ReportMonth

    bergen = Municipality.objects.get(kommunenummer="4601")
    case_worker = User.objects.get(email="tildeling.bergen@demo.frittbrukervalg.no")
    officer = User.objects.get(email="ordning.bergen@demo.frittbrukervalg.no")
    supplier_user = User.objects.get(email="leder@omsorgvest.demo.frittbrukervalg.no")
    today = timezone.localdate()
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    settled_month = (last_month - datetime.timedelta(days=1)).replace(day=1)
    with in_municipality(bergen), transaction.atomic():
        approval = Approval.objects.filter(
            scheme__title="Praktisk bistand i Bergen", supplier__name="Omsorg Vest AS",
            status="active",
        ).first()  # fmt: skip
        if approval is None or ReportMonth.objects.filter(supplier=approval.supplier).exists():
            return
        assignments = []
        for serial, (name, birth) in enumerate(DEMO_DELIVERED):
            fnr = _demo_fnr(birth, 300 + serial * 7)
            recipient = recipient_selectors.find_by_fnr(fnr) or recipients.register_recipient(
                by=case_worker, full_name=name, fnr=fnr, address=f"Fanaveien {serial + 10}",
                postcode="5003", postplace="Bergen", zone=Zone.objects.get(name="Fana"),
            )  # fmt: skip
            decision = recipients.create_decision(
                by=case_worker, recipient=recipient, service_type=approval.scheme.service_type,
                extent=Decimal(3 + serial), valid_from=settled_month,
            )  # fmt: skip
            assignments.append(recipients.choose_provider(
                by=case_worker, decision=decision, approval=approval,
                how="På telefon med saksbehandler", today=settled_month,
            ))  # fmt: skip
        for month in (settled_month, last_month):
            lines = []
            day = month
            while day.month == month.month:
                # Two visits a week each (Tuesday morning, Friday afternoon into the evening).
                if day.weekday() in (1, 4):
                    start, end = (
                        (datetime.time(9), datetime.time(10, 30)) if day.weekday() == 1
                        else (datetime.time(16, 30), datetime.time(18))
                    )  # fmt: skip
                    for a in assignments:
                        lines.append(settlement.LineInput(a.pk, day, start, end, "Rengjøring"))
                        start, end = (
                            datetime.time(start.hour + 2, start.minute),
                            datetime.time(end.hour + 2, end.minute),
                        )
                day += datetime.timedelta(days=1)
            saved = settlement.report_lines(
                by=supplier_user, lines=lines, source="csv", today=today
            )
            report = saved[0].report
            settlement.submit_month(by=supplier_user, report=report)
            if month == settled_month:
                settlement.approve_month(by=officer, report=report)
