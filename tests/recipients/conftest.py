"""A municipality with a scheme, approved suppliers, a case worker and recipients to serve."""

import datetime
import itertools

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context
from stdnum.no import fodselsnummer

from fritt.accounts.roles import Role
from public_site.catalogue.models import ServiceType
from tenants.applications.models import Application, ApplicationStatus, Approval
from tenants.recipients import services
from tenants.schemes import services as scheme_services
from tenants.zones.models import Zone
from tests.schemes.factories import published
from tests.support import make_supplier, make_user

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
    return approval


@pytest.fixture
def case_worker(bergen):
    return make_user(Role.CASE_WORKER, municipality=bergen, full_name="Cato Case")


@pytest.fixture
def officer(bergen):
    return make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)


@pytest.fixture
def world(bergen, officer, case_worker):
    """Bergen's schema with a rotation scheme over zones Arna and Fana and three suppliers."""
    with tenant_context(bergen):
        arna, fana = Zone.objects.create(name="Arna"), Zone.objects.create(name="Fana")
        scheme = published(by=officer)
        scheme_services.update_scheme(scheme=scheme, by=officer, default_provider_rule="rotation")
        scheme.refresh_from_db()
        a = approve(scheme, "Alfa Omsorg AS")
        b = approve(scheme, "Beta Hjemmehjelp AS", zones=[arna])
        c = approve(scheme, "Gamma Assistanse AS", cap=2)
        yield {"scheme": scheme, "arna": arna, "fana": fana, "a": a, "b": b, "c": c,
               "service": ServiceType.objects.get(code="praktisk-bistand")}  # fmt: skip


def new_recipient(case_worker, *, zone=None, name="Ragnhild Hansen", fnr=None):
    return services.register_recipient(
        by=case_worker, full_name=name, fnr=fnr or make_fnr(), address="Storgata 1",
        postcode="5003", postplace="Bergen", zone=zone,
    )  # fmt: skip


def new_decision(case_worker, recipient, service, **kwargs):
    return services.create_decision(
        by=case_worker, recipient=recipient, service_type=service, extent=kwargs.pop("extent", 4),
        valid_from=kwargs.pop("valid_from", datetime.date.today()), **kwargs,
    )  # fmt: skip


def grant_confirmed(case_worker, recipient, user, relation):
    """Min side access as it stands once the account holder has confirmed it (by giving the
    recipient's fødselsnummer), which is what lets them see and act for the recipient."""
    from tenants.recipients import crypto

    login = services.grant_login(by=case_worker, recipient=recipient, user=user, relation=relation)
    return services.confirm_online_access(
        user=user, login=login, fnr=crypto.decrypt(recipient.fnr_encrypted)
    )
