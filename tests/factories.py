"""Builders and helpers shared by the tests: users with roles, supplier accounts, complete
schemes, apply-once pieces, recipients and decisions; clients bound to a host; browser and
polling checks. Fixtures stay in the conftest.py files of the folders that use them."""

from __future__ import annotations

import datetime
import itertools
import os
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context
from fpdf import FPDF
from stdnum.no import fodselsnummer

from fritt.accounts.models import User
from fritt.accounts.services import assign_role
from public_site.announcements.models import Announcement
from public_site.catalogue.documents import DocumentType
from public_site.catalogue.models import ServiceType
from public_site.suppliers import services as supplier_services
from public_site.suppliers.models import Supplier
from tenants.applications.models import Application, ApplicationStatus, Approval
from tenants.municipalities.models import Municipality
from tenants.recipients import services as recipient_services
from tenants.schemes import services as scheme_services
from tenants.schemes.models import Scheme

PASSWORD = "test-passord-123"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_counter = itertools.count(1)


def make_user(
    role: str | None = None,
    *,
    municipality: Municipality | None = None,
    supplier: Supplier | None = None,
    email: str | None = None,
    full_name: str = "Test Testesen",
) -> User:
    """Create a user (password PASSWORD) and optionally give it a role in a scope."""
    email = email or f"bruker{next(_counter)}-{os.getpid()}@test.example"
    user = User.objects.create_user(email, PASSWORD, full_name=full_name)
    if role:
        assign_role(user=user, role=role, municipality=municipality, supplier=supplier)
    return user


def make_supplier(*, orgnr: str, name: str, **fields) -> Supplier:
    """A supplier account as it stands after the register answered and an operator confirmed
    the claim to its org.nr (what every account needs before it may apply or be approved)."""
    fields = {"register_status": "verified", "claim_confirmed_at": timezone.now(), **fields}
    return Supplier.objects.create(orgnr=orgnr, name=name, **fields)


class SiteClient(Client):
    """A test client bound to one host: the national site or `<slug>.localhost`."""

    def __init__(self, host: str, **kwargs):
        super().__init__(HTTP_HOST=host, **kwargs)
        self.host = host


def site_client(slug: str | None = None, user: User | None = None) -> SiteClient:
    client = SiteClient(f"{slug}.localhost" if slug else "localhost")
    if user is not None:
        client.force_login(user)
    return client


def site_url(live_server_url: str, slug: str | None = None, path: str = "/") -> str:
    if slug:
        return live_server_url.replace("//localhost", f"//{slug}.localhost") + path
    return live_server_url + path


def assert_accessible(page) -> None:
    """axe-core finds no WCAG 2.1 A/AA violations on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def wait_for(predicate, *, timeout: float = 30.0, interval: float = 0.2, message: str = ""):
    """Poll until predicate() is truthy; return its value or fail with `message`."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(message or "timed out waiting")


# --- Schemes: complete drafts, published schemes, accepted joint invitations. ---

COMPLETE = {
    "description": "Hjelp til rengjøring, klesvask og innkjøp i hjemmet.",
    "target_group": "Hjemmeboende med vedtak om praktisk bistand.",
    "application_process": "Søk i Fritt brukervalg. Vi svarer innen 30 dager.",
    "contact_name": "Kari Kontakt",
    "contact_email": "kari@kommune.example",
    "contract_template": "Standard kontrakt for praktisk bistand.",
    "contract_duration_months": 24,
    "notice_period_supplier_days": 90,
    "notice_period_municipality_days": 90,
    "capacity_rules": "Leverandøren oppgir hvor mange nye brukere den kan ta.",
    "switching_notice_days": 14,
    "decision_deadline_days": 30,
}


def complete_draft(
    *, by, title: str = "Praktisk bistand", code: str = "praktisk-bistand"
) -> Scheme:
    scheme = scheme_services.create_scheme(
        by=by, service_type=ServiceType.objects.get(code=code), title=title, **COMPLETE
    )
    scheme_services.add_condition(
        scheme=scheme, by=by, text="Firmaattest ikke eldre enn 3 måneder",
        document_type=DocumentType.FIRMAATTEST,
    )  # fmt: skip
    scheme_services.add_rate(
        scheme=scheme, by=by, unit="hour", amount=Decimal("512.00"),
        valid_from=datetime.date(2026, 1, 1),
    )  # fmt: skip
    return scheme


def published(*, by, **kwargs) -> Scheme:
    scheme = complete_draft(by=by, **kwargs)
    return scheme_services.publish_scheme(scheme=scheme, by=by)


def published_joint(
    *, by, host, participants, title: str = "Praktisk bistand i Hardanger"
) -> Scheme:
    """A complete scheme published by `host` with `participants` invited to take part."""
    with tenant_context(host):
        scheme = complete_draft(by=by, title=title)
        scheme_services.set_participants(scheme=scheme, by=by, municipalities=participants)
        return scheme_services.publish_scheme(scheme=scheme, by=by)


def tenth_at_noon(month: datetime.date) -> datetime.datetime:
    """Noon on the 10th of `month`: a moment well inside it, whatever the time zone."""
    return timezone.make_aware(datetime.datetime.combine(month.replace(day=10), datetime.time(12)))


def accept_invitations(*, host, participant) -> None:
    """The participant's own admin accepts every invitation from `host` (consent is required
    before a joint scheme counts there)."""
    from fritt.accounts.roles import Role
    from public_site.announcements.models import JointMembership

    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=participant)
    with tenant_context(participant):
        for membership in JointMembership.objects.filter(
            host=host, participant=participant, status="invited"
        ):
            scheme_services.answer_joint_invitation(membership=membership, by=admin, accept=True)


# --- Apply once: common answers, documents in the vault, announcements, the apply form. ---

COMMON = {
    "contact_name": "Siri Søker",
    "contact_email": "siri@omsorg.example",
    "contact_phone": "55 00 00 00",
    "about": "Vi har drevet praktisk bistand i ti år.",
    "languages": "norsk, engelsk, polsk",
    "staff_competence": "Helsefagarbeidere og assistenter med opplæring.",
    "additional_services": "Hagearbeid",
}


def pdf_bytes(text: str = "Dokument") -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


def vault_document(supplier, user, *, document_type="firmaattest", valid_until=None, days_ago=1):
    today = timezone.localdate()
    return supplier_services.upload_document(
        supplier=supplier, uploaded_by=user, upload=SimpleUploadedFile("a.pdf", pdf_bytes()),
        document_type=document_type, title=f"{document_type} {today:%Y}",
        valid_from=today - datetime.timedelta(days=days_ago),
        valid_until=valid_until or today + datetime.timedelta(days=60),
    )  # fmt: skip


def announce(municipality, officer, **kwargs) -> Announcement:
    with tenant_context(municipality):
        scheme = published(by=officer, **kwargs)
    return Announcement.objects.get(host=municipality, scheme_id=scheme.pk)


def condition_id(announcement) -> int:
    with tenant_context(announcement.host):
        from tenants.schemes.models import Scheme

        return Scheme.objects.get(pk=announcement.scheme_id).conditions.get().pk


def apply_form_data(firmaattest, *announcements):
    data = {"k": [str(a.pk) for a in announcements]}
    data.update({f"felles-{k}": v for k, v in COMMON.items()})
    for a in announcements:
        data[f"a{a.pk}-c{condition_id(a)}"] = str(firmaattest.pk)
    return data


def wipe_application_world(municipalities, suppliers) -> None:
    """Remove what a committed test made: applications, approvals, schemes, announcements,
    envelopes and the given suppliers, so later tests start from the shared world."""
    from public_site.announcements.models import Announcement, JointOffer
    from public_site.applying.models import ApplicationEnvelope, ApplicationPart, SavedSearch
    from tenants.applications.models import Application, Approval
    from tenants.schemes.models import Scheme

    ApplicationPart.objects.filter(municipality__in=municipalities).delete()
    ApplicationEnvelope.objects.filter(supplier__in=suppliers).delete()
    SavedSearch.objects.filter(user__role_assignments__supplier__in=suppliers).delete()
    for municipality in municipalities:
        with tenant_context(municipality):
            Approval.objects.all().delete()
            Application.objects.all().delete()
            Scheme.objects.all().delete()
    Announcement.objects.filter(host__in=municipalities).delete()
    JointOffer.objects.filter(host__in=municipalities).delete()
    for supplier in suppliers:
        supplier.documents.all().delete()
        supplier.role_assignments.all().delete()
        supplier.delete()


# --- Recipients: fødselsnumre, approved suppliers, recipients, decisions, Min side access. ---

_serial = itertools.count(100)


def make_fnr(birth: str = "010190", d_number: bool = False) -> str:
    """A valid fødselsnummer (or D-number) for the given ddmmyy."""
    if d_number:
        birth = str(int(birth[0]) + 4) + birth[1:]
    while True:
        base = birth + f"{next(_serial) % 500:03d}"
        first = fodselsnummer.calc_check_digit1(base)
        number = base + first + fodselsnummer.calc_check_digit2(base + first)
        if len(number) == 11 and fodselsnummer.is_valid(number):
            return number


_orgnrs = itertools.cycle(
    ["912345718", "912345726", "912345734", "912345742", "912345750", "912345769"]
)


def assess_all(application, officer, outcome: str = "met", comment: str = ""):
    """The officer judges every condition of the application (call inside its schema), as
    approving requires."""
    from tenants.applications import services as application_services

    conditions = list(application.scheme.conditions.values_list("pk", flat=True))
    if not conditions:
        return []
    return application_services.assess_conditions(
        application=application,
        by=officer,
        assessments=dict.fromkeys(conditions, (outcome, comment)),
    )


def approve(scheme, name: str, *, zones=(), cap=None, takes_new=True) -> Approval:
    supplier = make_supplier(orgnr=next(_orgnrs), name=name)
    application = Application.objects.create(
        scheme=scheme, supplier=supplier, envelope_id=0, submitted_at=timezone.now(),
        decision_due=timezone.localdate(), status=ApplicationStatus.APPROVED,
    )  # fmt: skip
    approval = Approval.objects.create(
        scheme=scheme, supplier=supplier, application=application, capacity_cap=cap,
        takes_new_recipients=takes_new, valid_from=timezone.localdate(),
        languages="norsk, polsk", staff_competence="Helsefagarbeidere",
        contact_phone="55 11 22 33",
    )  # fmt: skip
    approval.zones.set(zones)
    # As the approve service does: the national facts participants of a joint scheme compare.
    from django.db import connection

    from public_site.announcements.projection import project_offer

    project_offer(approval=approval, host=connection.tenant)
    return approval


def new_recipient(case_worker, *, zone=None, name="Ragnhild Hansen", fnr=None):
    return recipient_services.register_recipient(
        by=case_worker, full_name=name, fnr=fnr or make_fnr(), address="Storgata 1",
        postcode="5003", postplace="Bergen", zone=zone,
    )  # fmt: skip


def new_decision(case_worker, recipient, service, **kwargs):
    return recipient_services.create_decision(
        by=case_worker, recipient=recipient, service_type=service, extent=kwargs.pop("extent", 4),
        valid_from=kwargs.pop("valid_from", timezone.localdate()), **kwargs,
    )  # fmt: skip


def grant_confirmed(case_worker, recipient, user, relation):
    """Min side access as it stands once the account holder has confirmed it (by giving the
    recipient's fødselsnummer), which is what lets them see and act for the recipient."""
    from tenants.recipients import crypto

    login = recipient_services.grant_login(
        by=case_worker, recipient=recipient, user=user, relation=relation
    )
    return recipient_services.confirm_online_access(
        user=user, login=login, fnr=crypto.decrypt(recipient.fnr_encrypted)
    )


@contextmanager
def refused(code):
    """Expect a service to refuse with this code (a DomainError, NotAllowed, or an apply-once
    part's refusal): tests tell refusals apart by code, never by the Norwegian wording."""
    from fritt.errors import error_code

    with pytest.raises(Exception) as info:  # noqa: PT011 - the code below is the real check
        yield info
    assert error_code(info.value) == str(code), f"refused with {info.value!r}"


# --- National logins against the local OpenID Provider (fixture `oidc_provider`). ---


def provider_login(authorize_url: str, *, pid: str, acr: str = "", orgs: str = "",
                   session=None) -> str:  # fmt: skip
    """Play the person at the provider: follow its redirects to our login page, log in as
    `pid` (at level `acr`, with Altinn rights for `orgs`), and return where the provider
    sends the browser back to (the platform's callback, with code and state)."""
    import re
    from urllib.parse import urljoin

    import requests

    http = session or requests.Session()
    url = authorize_url
    issuer = re.match(r"^https?://[^/]+", authorize_url).group(0)
    for _hop in range(10):
        response = http.get(url, allow_redirects=False, timeout=10)
        if response.status_code in (302, 303):
            url = urljoin(url, response.headers["Location"])
            if not url.startswith(issuer):
                return url
            continue
        assert response.status_code == 200, response.text[:500]
        action = re.search(r'<form method="post" action="([^"]+)"', response.text).group(1)
        form = {"pid": pid, "orgs": orgs}
        if acr:
            form["acr"] = acr
        else:
            form["acr"] = re.search(r'<option value="([^"]+)" selected', response.text).group(1)
        response = http.post(urljoin(url, action), data=form, allow_redirects=False, timeout=10)
        assert response.status_code in (302, 303), response.text[:500]
        url = urljoin(url, response.headers["Location"])
        if not url.startswith(issuer):
            return url
    raise AssertionError("the provider never sent the browser back")


def national_login(client: SiteClient, provider: str, pid: str, *, acr: str = "",
                   orgs: str = "", next_path: str = "", session=None):  # fmt: skip
    """A whole login through the pages: start on our site, log in at the provider, come back.
    Returns the callback's response."""
    from urllib.parse import urlencode, urlsplit

    query = "?" + urlencode({"neste": next_path}) if next_path else ""
    start = client.get(f"/innlogging/{provider}/{query}")
    assert start.status_code == 302, start.content[:300]
    back = urlsplit(provider_login(start["Location"], pid=pid, acr=acr, orgs=orgs, session=session))
    return client.get(f"{back.path}?{back.query}")


class WebhookReceiver:
    """A real HTTP server on loopback standing in for a case system's webhook endpoint: it
    answers the given status codes in turn (then 200) and keeps what it received."""

    def __init__(self, answers=()):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.answers = list(answers)
        self.received: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                code = receiver.answers.pop(0) if receiver.answers else 200
                receiver.received.append(
                    {"headers": dict(self.headers), "body": body, "answered": code}
                )
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hendelser"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class RecordingAccessPoint:
    """A stand-in Peppol access point for EHF_SENDER: keeps what it was given, answers with a
    message id as a real one does."""

    sent: list = []

    def send(self, *, number, receiver, xml):
        self.sent.append((number, receiver, xml))
        return f"ap-{number}"


def queued_work(callbacks) -> list:
    """The on-commit callbacks of a block apart from the event dispatcher's (fritt.events sends
    one per transaction that recorded events in a municipality, for the webhooks)."""
    return [c for c in callbacks if not hasattr(c, "dispatches_schema")]
