"""The isolation test's world: Bergen ("own") and Trondheim ("other") with real data made by the
services, two suppliers, and one user for every role of both municipalities and the nation."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context
from fpdf import FPDF
from stdnum.no import fodselsnummer
from stdnum.no import orgnr as orgnr_check

from fritt.accounts.models import RoleAssignment, User
from fritt.accounts.roles import Role
from fritt.events.models import Event
from public_site.announcements.models import Announcement, JointMembership
from public_site.applying import services as apply_once
from public_site.applying import services as applying
from public_site.applying.models import ApplicationPart
from public_site.billing.invoicing import LineInput, create_invoice
from public_site.billing.models import JoinRequest
from public_site.billing.services import request_to_join
from public_site.catalogue.documents import DocumentType
from public_site.catalogue.models import ServiceType
from public_site.suppliers import services as vault
from public_site.suppliers.models import RegisterStatus, Supplier
from tenants.applications import services as review
from tenants.applications.models import Application, Approval
from tenants.applications.services import PartRequest
from tenants.integrations import services as integrations
from tenants.integrations.models import Delivery
from tenants.municipalities.models import Municipality
from tenants.recipients import services as recipients
from tenants.recipients.models import AccessRelation, ContactRelation, QualityCase, Recipient
from tenants.schemes import services as schemes
from tenants.schemes.models import ApprovalCondition, Rate, Scheme
from tenants.settlement import services as settlement
from tenants.settlement.models import ReportMonth
from tenants.zones.models import Zone
from tests.factories import assess_all, make_user, published

# Ids in Trondheim's schema start here, so that no id of Trondheim's data also exists in
# Bergen's schema: "another tenant's id" then names nothing on Bergen's site, and a page that
# answers 200 for it can only have crossed schemas.
OTHER_TENANT_IDS_FROM = 5_000_000

# Strings that exist only in one place of the world; the test looks for them in every body.
MARK = {
    "trondheim_recipient": "Tora Trondsen-Hemmelig",
    "trondheim_scheme": "Tindrende omsorg i Trondheim",
    "trondheim_zone": "Tyholt-sonen",
    "bravo_name": "Bravo Bortenfor AS",
    "bravo_document": "Bravos hemmelige skatteattest",
    "bravo_search": "Bravos lagrede søk",
    "bravo_member": "Bjarne Bravomedarbeider",
    "alfa_document": "Alfas hemmelige firmaattest",
    "alfa_search": "Alfas lagrede søk",
    "alfa_member": "Aslak Alfamedarbeider",
    "citizen_recipient": "Berit Bergensen",
    "proxy_recipient": "Petter Proxyklient",
}

COMMON = {
    "contact_name": "Kontakt Person",
    "contact_email": "kontakt@leverandor.example",
    "contact_phone": "55 00 00 00",
    "about": "Vi leverer praktisk bistand.",
    "languages": "norsk",
    "staff_competence": "Helsefagarbeidere.",
    "additional_services": "",
}


@dataclass
class Identity:
    """One person the test acts as; `tags` say which foreign-looking ids are really theirs."""

    name: str
    user: User | None
    tags: frozenset[str] = frozenset()


@dataclass
class World:
    bergen: Municipality
    trondheim: Municipality
    identities: dict[str, Identity]
    # kind -> {"own": value, "<label>": value, ...}; see access_table.KINDS for the meaning.
    ids: dict[str, dict[str, object]] = field(default_factory=dict)


def _pdf(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


def _orgnr(seed: int) -> str:
    """A valid organisation number not used by the other tests' fixtures."""
    for n in range(seed, seed + 100):
        for check in "0123456789":
            candidate = f"9{n:07d}{check}"
            if orgnr_check.is_valid(candidate) and not Supplier.objects.filter(orgnr=candidate):
                return candidate
    raise RuntimeError("no free org.nr")


_fnr_serial = iter(range(300, 499))  # 1900-1999 births use 000-499


def _fnr(birth: str) -> str:
    while True:
        base = birth + f"{next(_fnr_serial):03d}"
        first = fodselsnummer.calc_check_digit1(base)
        number = base + first + fodselsnummer.calc_check_digit2(base + first)
        if len(number) == 11 and fodselsnummer.is_valid(number):
            return number


def _advance_sequences(schema: str, start: int) -> None:
    with connection.cursor() as cursor:
        # The access log's sequence belongs to the audit role; the app may only draw from it.
        cursor.execute(
            "SELECT sequencename FROM pg_sequences "
            "WHERE schemaname = %s AND sequenceowner = current_user",
            [schema],
        )
        for (name,) in cursor.fetchall():
            cursor.execute(
                "SELECT setval(format('%%I.%%I', %s::text, %s::text)::regclass, %s)",
                [schema, name, start],
            )


def _supplier(name: str, seed: int, admin_name: str, member_name: str):
    supplier = Supplier.objects.create(
        orgnr=_orgnr(seed), name=name, register_status=RegisterStatus.VERIFIED,
        register_checked_at=timezone.now(), claim_confirmed_at=timezone.now(),
    )  # fmt: skip
    admin = make_user(Role.SUPPLIER_ADMIN, supplier=supplier, full_name=admin_name)
    member = make_user(Role.SUPPLIER_MEMBER, supplier=supplier, full_name=member_name)
    return supplier, admin, member


def _document(supplier, by, title: str, document_type=DocumentType.FIRMAATTEST):
    today = timezone.localdate()
    return vault.upload_document(
        supplier=supplier, uploaded_by=by, upload=SimpleUploadedFile("a.pdf", _pdf(title)),
        document_type=document_type, title=title,
        valid_from=today - datetime.timedelta(days=1),
        valid_until=today + datetime.timedelta(days=90),
    )  # fmt: skip


def _scheme(municipality, officer, title: str, zone_name: str):
    with tenant_context(municipality):
        scheme = published(by=officer, title=title)
        zone = Zone.objects.create(name=zone_name)
        schemes.set_zones(scheme=scheme, by=officer, zones=[zone])
        schemes.update_scheme(scheme=scheme, by=officer, default_provider_rule="rotation")
        draft = schemes.create_scheme(
            by=officer, service_type=ServiceType.objects.get(code="bpa"),
            title=f"Utkast {title}",
        )  # fmt: skip
    return scheme, draft, zone


def _approve(municipality, officer, supplier_admin, application_id: int) -> Approval:
    with tenant_context(municipality):
        application = Application.objects.get(pk=application_id)
        review.start_review(application=application, by=officer)
        assess_all(application, officer)
        approval = review.approve(application=application, by=officer, reasons="Vilkår oppfylt.")
        review.accept_contract(approval=approval, by=supplier_admin)
    return approval


def _people(
    municipality,
    case_worker,
    service,
    approval,
    *,
    supplier_user,
    citizen_name,
    login_name,
    proxy_name=None,
):
    """A recipient with a Min side login and a choice; optionally a second one with a proxy."""
    with tenant_context(municipality):
        fnr = _fnr("120438")
        recipient = recipients.register_recipient(
            by=case_worker, full_name=citizen_name, fnr=fnr, address="Gata 1",
            postcode="5003", postplace="By",
        )  # fmt: skip
        decision = recipients.create_decision(
            by=case_worker, recipient=recipient, service_type=service, extent=Decimal("4"),
            valid_from=timezone.localdate(),
        )  # fmt: skip
        assignment = recipients.choose_provider(
            by=case_worker, decision=decision, approval=approval, how="På telefon"
        )
        citizen = make_user(full_name=login_name)
        login = recipients.grant_login(
            by=case_worker, recipient=recipient, user=citizen, relation=AccessRelation.SELF
        )
        recipients.confirm_online_access(user=citizen, login=login, fnr=fnr)
        case = recipients.register_case(
            by=case_worker, kind="complaint", description="Kom for sent.",
            received_on=timezone.localdate(), approval=approval, recipient=recipient,
        )  # fmt: skip
        # A delivered visit today, so the supplier's and the officer's months exist.
        today = timezone.localdate()
        [visit] = settlement.report_lines(
            by=supplier_user, source="web",
            lines=[settlement.LineInput(assignment.pk, today, datetime.time(0, 0),
                                        datetime.time(0, 30), "Tilsyn")],
        )  # fmt: skip
        out = {"recipient": recipient, "decision": decision, "citizen": citizen, "case": case,
               "report": visit.report_id}  # fmt: skip
        if proxy_name:
            other_fnr = _fnr("030741")
            other = recipients.register_recipient(
                by=case_worker, full_name=proxy_name, fnr=other_fnr, address="Veien 2",
                postcode="5003", postplace="By",
            )  # fmt: skip
            other_decision = recipients.create_decision(
                by=case_worker, recipient=other, service_type=service, extent=Decimal("2"),
                valid_from=timezone.localdate(),
            )  # fmt: skip
            recipients.add_contact(
                by=case_worker, recipient=other, full_name="Frode Fullmektig",
                relation=ContactRelation.PROXY,
            )  # fmt: skip
            proxy = make_user(full_name="Frode Fullmektig")
            login = recipients.grant_login(
                by=case_worker, recipient=other, user=proxy, relation=AccessRelation.PROXY
            )
            recipients.confirm_online_access(user=proxy, login=login, fnr=other_fnr)
            out.update(proxy_recipient=other, proxy_decision=other_decision, proxy=proxy)
    return out


def _admin_rows(user: User) -> None:
    """A row for each admin model the rest of the world leaves empty, so its pages are tried."""
    from django.apps import apps
    from django.contrib.auth.models import Group

    Group.objects.create(name="Isolasjonsgruppe")
    if apps.is_installed("rest_framework.authtoken"):
        from rest_framework.authtoken.models import Token

        Token.objects.create(user=user)


def build_world() -> World:
    bergen = Municipality.objects.get(kommunenummer="4601")
    trondheim = Municipality.objects.get(kommunenummer="5001")
    _advance_sequences(trondheim.schema_name, OTHER_TENANT_IDS_FROM)
    service = ServiceType.objects.get(code="praktisk-bistand")

    staff = {}
    for m in (bergen, trondheim):
        for role, short in [
            (Role.CASE_WORKER, "case_worker"),
            (Role.MUNICIPAL_OFFICER, "officer"),
            (Role.MUNICIPAL_ADMIN, "admin"),
        ]:
            staff[f"{m.slug}_{short}"] = make_user(
                role, municipality=m, full_name=f"{short} {m.slug}"
            )
    _admin_rows(staff["bergen_case_worker"])
    operator = make_user(Role.PLATFORM_OPERATOR, full_name="Olga Operatør")
    operator.is_staff = operator.is_superuser = True  # as the demo operator: /admin/ is theirs
    operator.save(update_fields=["is_staff", "is_superuser"])
    analyst = make_user(Role.MINISTRY_ANALYST, full_name="Anna Analytiker")

    alfa, alfa_admin, alfa_member = _supplier(
        "Alfa Isolasjonsomsorg AS", 4_000_100, "Alfa Admin", MARK["alfa_member"]
    )
    bravo, bravo_admin, bravo_member = _supplier(
        MARK["bravo_name"], 4_000_300, "Bravo Admin", MARK["bravo_member"]
    )
    alfa_doc = _document(alfa, alfa_admin, MARK["alfa_document"])
    bravo_doc = _document(bravo, bravo_admin, MARK["bravo_document"])
    alfa_search = applying.save_search(
        user=alfa_admin, name=MARK["alfa_search"], params={"q": "bistand"}
    )
    bravo_search = applying.save_search(
        user=bravo_admin, name=MARK["bravo_search"], params={"q": "bistand"}
    )

    b_scheme, b_draft, b_zone = _scheme(
        bergen, staff["bergen_officer"], "Praktisk bistand i Bergen", "Arna-sonen"
    )
    t_scheme, t_draft, t_zone = _scheme(
        trondheim, staff["trondheim_officer"], MARK["trondheim_scheme"], MARK["trondheim_zone"]
    )
    b_ann = Announcement.objects.get(host=bergen, scheme_id=b_scheme.pk)
    t_ann = Announcement.objects.get(host=trondheim, scheme_id=t_scheme.pk)

    def part(ann, doc):
        return (ann, PartRequest(scheme_id=0, document_ids=[doc.pk]))

    alfa_env = apply_once.submit_envelope(
        supplier=alfa, by=alfa_admin, common_answers=COMMON,
        parts=[part(b_ann, alfa_doc), part(t_ann, alfa_doc)],
    )  # fmt: skip
    bravo_env = apply_once.submit_envelope(
        supplier=bravo, by=bravo_admin, common_answers=COMMON,
        parts=[part(t_ann, bravo_doc)],
    )  # fmt: skip
    alfa_bergen = alfa_env.parts.get(municipality=bergen)
    alfa_trondheim = alfa_env.parts.get(municipality=trondheim)
    bravo_trondheim = bravo_env.parts.get()
    b_approval = _approve(bergen, staff["bergen_officer"], alfa_admin, alfa_bergen.application_id)
    t_approval = _approve(
        trondheim, staff["trondheim_officer"], bravo_admin, bravo_trondheim.application_id
    )

    b_people = _people(
        bergen, staff["bergen_case_worker"], service, b_approval, supplier_user=alfa_admin,
        citizen_name=MARK["citizen_recipient"], login_name="Berit B. Innlogget",
        proxy_name=MARK["proxy_recipient"],
    )  # fmt: skip
    t_people = _people(
        trondheim, staff["trondheim_case_worker"], service, t_approval,
        supplier_user=bravo_admin, citizen_name=MARK["trondheim_recipient"],
        login_name="Tora T. Innlogget",
    )  # fmt: skip

    def tenant_ids(municipality, scheme, draft, application_id, approval, people):
        with tenant_context(municipality):
            application = Application.objects.get(pk=application_id)
            webhook = integrations.register_webhook(
                by=staff[f"{municipality.slug}_admin"], url=f"https://{municipality.slug}.example/"
            )
            delivery = Delivery.objects.create(webhook=webhook, event=Event.objects.first())
            api_client = integrations.create_client(
                by=staff[f"{municipality.slug}_admin"], name="Gerica", scopes=["hendelser:les"]
            )
            return {
                "api_client": api_client.pk,
                "webhook": webhook.pk,
                "delivery": delivery.pk,
                "scheme": scheme.pk,
                "draft_scheme": draft.pk,
                "condition": ApprovalCondition.objects.filter(scheme=scheme).first().pk,
                "rate": Rate.objects.filter(scheme=scheme).first().pk,
                "application": application.pk,
                "attached_document": application.documents.first().pk,
                "approval": approval.pk,
                "recipient": people["recipient"].pk,
                "decision": people["decision"].pk,
                "case": people["case"].pk,
                "report": people["report"],
            }

    # Joint schemes: Trondheim invites Bergen (Bergen's admin answers it) and Bergen invites
    # Trondheim (only Trondheim's admin may answer that one).
    with tenant_context(trondheim):
        joint = schemes.create_scheme(
            by=staff["trondheim_officer"], service_type=service,
            title="Felles ordning for Bergen og Trondheim",
        )  # fmt: skip
        schemes.set_participants(
            scheme=joint, by=staff["trondheim_officer"], municipalities=[bergen]
        )
    with tenant_context(bergen):
        schemes.set_participants(
            scheme=b_scheme, by=staff["bergen_officer"], municipalities=[trondheim]
        )
    # Min side access a case worker gave that its holder has not confirmed yet.
    with tenant_context(bergen):
        b_pending = recipients.grant_login(
            by=staff["bergen_case_worker"], recipient=b_people["proxy_recipient"],
            user=b_people["citizen"], relation=AccessRelation.PROXY,
        )  # fmt: skip
    with tenant_context(trondheim):
        t_pending = recipients.grant_login(
            by=staff["trondheim_case_worker"], recipient=t_people["recipient"],
            user=make_user(full_name="Ubekreftet Trondheim"), relation=AccessRelation.SELF,
        )  # fmt: skip
    # An org.nr claim waiting for the operator.
    claimant = Supplier.objects.create(orgnr=_orgnr(4_000_500), name="Krav Venter AS")
    # A municipality asking to join, and one invoice each for Bergen and Trondheim.
    rendalen = Municipality.registry.get(kommunenummer="3424")
    # The world may be built twice in a session (the isolation and the query-budget tests).
    join = JoinRequest.objects.filter(municipality=rendalen, status="pending").first()
    join = join or request_to_join(
        municipality=rendalen,
        services=[service], contact_name="Rita Rendalen", contact_email="rita@rendalen.example",
        invoice_reference="REN-1", accepted_terms=True, accepted_dpa=True,
    )  # fmt: skip
    month = (datetime.date(2027, 1, 1), datetime.date(2027, 1, 31))
    invoices = {
        owner: create_invoice(
            municipality=municipality, buyer_reference="REF-1",
            lines=[LineInput("Abonnement", Decimal("1000.00"), *month)],
        ).pk
        for owner, municipality in (("own", bergen), ("trondheim", trondheim))
    }  # fmt: skip

    own = tenant_ids(bergen, b_scheme, b_draft, alfa_bergen.application_id, b_approval, b_people)
    other = tenant_ids(
        trondheim, t_scheme, t_draft, bravo_trondheim.application_id, t_approval, t_people
    )
    _check_ids_do_not_collide(bergen, other)

    ids: dict[str, dict[str, object]] = {
        kind: {"own": own[kind], "trondheim": other[kind]} for kind in own
    }
    # A staff member's role, for the admin's change and remove (Bergen's and Trondheim's).
    ids["staff_role"] = {
        owner: RoleAssignment.objects.get(
            user=staff[f"{municipality.slug}_case_worker"], municipality=municipality
        ).pk
        for owner, municipality in (("own", bergen), ("trondheim", trondheim))
    }
    # Min side: the citizen's own recipient; the proxy's recipient is another user's in Bergen.
    ids["my_recipient"] = {
        "user:citizen": b_people["recipient"].pk,
        "user:proxy": b_people["proxy_recipient"].pk,
        "trondheim": t_people["recipient"].pk,
    }
    ids["my_decision"] = {
        "user:citizen": b_people["decision"].pk,
        "user:proxy": b_people["proxy_decision"].pk,
        "trondheim": t_people["decision"].pk,
    }
    ids["pending_login"] = {"user:citizen": b_pending.pk, "trondheim": t_pending.pk}
    ids["membership"] = {
        "own": JointMembership.objects.get(host=trondheim, participant=bergen).pk,
        "trondheim": JointMembership.objects.get(host=bergen, participant=trondheim).pk,
    }
    # National: supplier Alfa's things and supplier Bravo's; a saved search is one user's.
    alfa_colleague = RoleAssignment.objects.get(user=alfa_member, supplier=alfa)
    bravo_colleague = RoleAssignment.objects.get(user=bravo_member, supplier=bravo)
    ids.update(
        supplier={"supplier:alfa": alfa.pk, "supplier:bravo": bravo.pk},
        part={
            "supplier:alfa": alfa_bergen.pk,
            "supplier:alfa@trondheim": alfa_trondheim.pk,
            "supplier:bravo": bravo_trondheim.pk,
        },
        # Parts with an approval and a contract: Alfa's in Bergen, Bravo's in Trondheim.
        approved_part={"supplier:alfa": alfa_bergen.pk, "supplier:bravo": bravo_trondheim.pk},
        vault_document={"supplier:alfa": alfa_doc.pk, "supplier:bravo": bravo_doc.pk},
        colleague={"supplier:alfa": alfa_colleague.pk, "supplier:bravo": bravo_colleague.pk},
        saved_search={"user:alfa_admin": alfa_search.pk, "user:bravo_admin": bravo_search.pk},
        # Public things: every value is everyone's.
        announcement={"public": b_ann.pk, "public@trondheim": t_ann.pk},
        kommunenummer={"public": bergen.kommunenummer, "public@trondheim": trondheim.kommunenummer},
        municipality_slug={"public": bergen.slug, "public@trondheim": trondheim.slug},
        service_code={"public": service.code},
        claim_supplier={"public": claimant.pk},
        join_request={"public": join.pk},
        invoice=invoices,
    )
    assert ApplicationPart.objects.filter(pk__in=ids["part"].values()).count() == 3

    alfa_tags, bravo_tags = frozenset({"supplier:alfa"}), frozenset({"supplier:bravo"})
    identities = {
        "anonymous": Identity("anonymous", None),
        "bergen_citizen": Identity(
            "bergen_citizen", b_people["citizen"], frozenset({"user:citizen"})
        ),
        "bergen_proxy": Identity("bergen_proxy", b_people["proxy"], frozenset({"user:proxy"})),
        "trondheim_citizen": Identity("trondheim_citizen", t_people["citizen"]),
        **{name: Identity(name, user) for name, user in staff.items()},
        "alfa_admin": Identity("alfa_admin", alfa_admin, alfa_tags | {"user:alfa_admin"}),
        "alfa_member": Identity("alfa_member", alfa_member, alfa_tags),
        "bravo_admin": Identity("bravo_admin", bravo_admin, bravo_tags | {"user:bravo_admin"}),
        "bravo_member": Identity("bravo_member", bravo_member, bravo_tags),
        "analyst": Identity("analyst", analyst),
        "operator": Identity("operator", operator),
    }
    return World(bergen=bergen, trondheim=trondheim, identities=identities, ids=ids)


def _check_ids_do_not_collide(bergen, other: dict[str, int]) -> None:
    models = {
        "scheme": Scheme, "draft_scheme": Scheme, "condition": ApprovalCondition, "rate": Rate,
        "application": Application, "approval": Approval, "recipient": Recipient,
        "case": QualityCase, "report": ReportMonth,
    }  # fmt: skip
    with tenant_context(bergen):
        for kind, model in models.items():
            assert not model.objects.filter(pk=other[kind]).exists(), (
                f"Trondheim's {kind} id {other[kind]} also exists in Bergen's schema"
            )
