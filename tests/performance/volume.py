"""More of everything a list shows, added to the isolation world: the query budgets compare each
page's statement count before and after, so a page that reads per row is caught."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from stdnum.no import fodselsnummer

from fritt.accounts.roles import Role
from fritt.tenancy.schemas import in_municipality
from public_site.announcements.models import Announcement
from public_site.applying import services as applying
from public_site.catalogue.documents import DocumentType
from public_site.catalogue.models import ServiceType
from public_site.suppliers import services as vault
from public_site.suppliers.models import Supplier
from tenants.applications import services as review
from tenants.applications.models import Application, Approval
from tenants.applications.services import PartRequest
from tenants.recipients import services as recipients
from tenants.recipients.models import AccessAction, AccessRelation, Recipient
from tenants.zones.models import Zone
from tests.factories import assess_all, make_supplier, make_user, pdf_bytes, published
from tests.security.world import COMMON, World

_serial = itertools.count(1)
_fnr_serial = itertools.count(100)
_orgnr_serial = itertools.count(4_100_000)


def _fnr() -> str:
    while True:
        base = "150577" + f"{next(_fnr_serial) % 500:03d}"
        first = fodselsnummer.calc_check_digit1(base)
        number = base + first + fodselsnummer.calc_check_digit2(base + first)
        if len(number) == 11 and fodselsnummer.is_valid(number):
            return number


def _orgnr() -> str:
    from stdnum.no import orgnr as check

    while True:
        n = next(_orgnr_serial)
        for digit in "0123456789":
            candidate = f"9{n:07d}{digit}"
            if check.is_valid(candidate) and not Supplier.objects.filter(orgnr=candidate):
                return candidate


def _document(supplier, by, title: str):
    today = timezone.localdate()
    return vault.upload_document(
        supplier=supplier, uploaded_by=by,
        upload=SimpleUploadedFile("a.pdf", pdf_bytes(title)),
        document_type=DocumentType.FIRMAATTEST, title=title,
        valid_from=today - datetime.timedelta(days=1),
        valid_until=today + datetime.timedelta(days=90),
    )  # fmt: skip


def grow(world: World, n: int) -> None:
    """Add `n` more of each row the pages list: recipients with decisions, choices, cases and
    log entries; staff; schemes (and so announcements); applications and approvals from new
    suppliers; the supplier Alfa's documents, colleagues, searches and parts; claims."""
    bergen = world.bergen
    who = {name: identity.user for name, identity in world.identities.items()}
    case_worker, officer = who["bergen_case_worker"], who["bergen_officer"]
    alfa_admin = who["alfa_admin"]
    alfa = Supplier.objects.get(pk=world.ids["supplier"]["supplier:alfa"])
    service = ServiceType.objects.get(code="praktisk-bistand")
    others = list(ServiceType.objects.exclude(code="praktisk-bistand").order_by("pk"))
    new_announcements = []
    for _i in range(n):
        k = next(_serial)
        with in_municipality(bergen):
            approval = Approval.objects.get(pk=world.ids["approval"]["own"])
            zone = Zone.objects.create(name=f"Volumsone {k}")
            recipient = recipients.register_recipient(
                by=case_worker, full_name=f"Volum Mottaker {k}", fnr=_fnr(),
                address=f"Volumveien {k}", postcode="5003", postplace="Bergen", zone=zone,
            )  # fmt: skip
            decision = recipients.create_decision(
                by=case_worker, recipient=recipient, service_type=service,
                extent=Decimal("3"), valid_from=timezone.localdate(),
            )  # fmt: skip
            recipients.choose_provider(
                by=case_worker, decision=decision, approval=approval, how="På telefon"
            )
            recipients.register_case(
                by=case_worker, kind="deviation", description=f"Avvik {k}",
                received_on=timezone.localdate(), approval=approval, recipient=recipient,
            )  # fmt: skip
            recipients.log_access(
                user=case_worker, recipients=[recipient], action=AccessAction.VIEW,
                what="volum",
            )  # fmt: skip
            # The citizen and the proxy see one more decision each, with a provider.
            for key in ("recipient", "my_recipient"):
                pk = world.ids[key].get("own") or world.ids[key].get("user:proxy")
                mine = Recipient.objects.get(pk=pk)
                recipients.create_decision(
                    by=case_worker, recipient=mine, service_type=others[k % len(others)],
                    extent=Decimal("2"), valid_from=timezone.localdate(),
                )  # fmt: skip
            citizen = make_user(full_name=f"Volum Innbygger {k}")
            recipients.grant_login(
                by=case_worker, recipient=recipient, user=citizen, relation=AccessRelation.SELF
            )
            scheme = published(by=officer, title=f"Volumordning {k}")
        new_announcements.append(Announcement.objects.get(host=bergen, scheme_id=scheme.pk))
        make_user(Role.CASE_WORKER, municipality=bergen, full_name=f"Volum Ansatt {k}")
        make_user(Role.SUPPLIER_MEMBER, supplier=alfa, full_name=f"Volum Kollega {k}")
        _document(alfa, alfa_admin, f"Volumdokument {k}")
        applying.save_search(user=alfa_admin, name=f"Volumsøk {k}", params={"q": f"volum {k}"})
        Supplier.objects.create(orgnr=_orgnr(), name=f"Volumkrav {k} AS")
        # A new supplier applies to Bergen's scheme and is approved there.
        supplier = make_supplier(orgnr=_orgnr(), name=f"Volum Omsorg {k} AS")
        admin = make_user(Role.SUPPLIER_ADMIN, supplier=supplier, full_name=f"Volum Leder {k}")
        document = _document(supplier, admin, f"Firmaattest {k}")
        bergen_announcement = Announcement.objects.get(
            host=bergen, scheme_id=world.ids["scheme"]["own"]
        )
        envelope = applying.submit_envelope(
            supplier=supplier, by=admin, common_answers=COMMON,
            parts=[(bergen_announcement, PartRequest(scheme_id=0, document_ids=[document.pk]))],
        )  # fmt: skip
        application_id = envelope.parts.get().application_id
        with in_municipality(bergen):
            application = Application.objects.get(pk=application_id)
            review.start_review(application=application, by=officer)
            if k % 2:
                assess_all(application, officer)
                approved = review.approve(application=application, by=officer, reasons="OK.")
                review.accept_contract(approval=approved, by=admin)
    # Alfa applies to the new schemes: more parts on its status page.
    alfa_document = alfa.documents.order_by("pk").first()
    applying.submit_envelope(
        supplier=alfa, by=alfa_admin, common_answers=COMMON,
        parts=[(a, PartRequest(scheme_id=0, document_ids=[alfa_document.pk]))
               for a in new_announcements],
    )  # fmt: skip
