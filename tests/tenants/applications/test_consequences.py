"""Suspend, revoke, end and close ask for confirmation on a page that says how many
recipients are affected and from which date; the message afterwards says what happened."""

import datetime

import pytest
from django.utils import dateformat, timezone, translation
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from public_site.catalogue.models import ServiceType
from tenants.applications.models import ApprovalStatus
from tenants.recipients import services as recipients
from tenants.schemes.models import Scheme, SchemeStatus
from tests.factories import approve, make_user, new_decision, new_recipient, published, site_client


def _day(date: datetime.date) -> str:
    with translation.override("nb"):
        return dateformat.format(date, "j. F Y")


@pytest.fixture
def served(bergen, officer_bergen):
    """An approval in Bergen serving one recipient."""
    case_worker = make_user(Role.CASE_WORKER, municipality=bergen)
    with tenant_context(bergen):
        scheme = published(by=officer_bergen, title="Praktisk bistand (konsekvenser)")
        approval = approve(scheme, "Konsekvens Omsorg AS")
        recipient = new_recipient(case_worker)
        decision = new_decision(
            case_worker, recipient, ServiceType.objects.get(code="praktisk-bistand")
        )
        recipients.choose_provider(
            by=case_worker, decision=decision, approval=approval, how="på telefon"
        )
    return {"scheme": scheme, "approval": approval}


@pytest.mark.parametrize(
    ("action", "status", "says"),
    [
        ("suspender", ApprovalStatus.SUSPENDED, "1 bruker blir bedt om å velge leverandør på nytt"),
        ("tilbakekall", ApprovalStatus.REVOKED, "1 bruker får kommunal egenregi fra i dag"),
        ("avslutt", ApprovalStatus.ENDED, "1 bruker blir bedt om å velge leverandør på nytt"),
    ],
)
def test_stopping_an_approval_is_confirmed_with_its_consequences(
    bergen, officer_bergen, served, action, status, says
):
    approval = served["approval"]
    officer = site_client("bergen", officer_bergen)
    url = f"/ansatt/godkjenninger/{approval.pk}/{action}/"
    step = officer.post(url, {"text": "Tilsyn viste brudd."})
    page = step.content.decode()
    assert step.status_code == 200 and says in page
    choose_by = timezone.localdate() + datetime.timedelta(days=recipients.DEFAULT_CHOICE_DAYS)
    assert _day(choose_by) in page
    assert "Tilsyn viste brudd." in page  # the reasons carry over to the confirmation
    with tenant_context(bergen):
        approval.refresh_from_db()
        assert approval.status == ApprovalStatus.ACTIVE  # nothing happened yet
    done = officer.post(url, {"text": "Tilsyn viste brudd.", "bekreft": "1"}, follow=True)
    with tenant_context(bergen):
        approval.refresh_from_db()
        assert approval.status == status
    message = done.content.decode()
    assert "Konsekvens Omsorg AS" in message and _day(choose_by) in message
    assert "Lagret." not in message


def test_closing_a_scheme_is_confirmed_with_what_runs_on(bergen, officer_bergen, served):
    scheme = served["scheme"]
    officer = site_client("bergen", officer_bergen)
    url = f"/ansatt/ordninger/{scheme.pk}/status/steng/"
    page = officer.post(url).content.decode()
    assert "Godkjenninger som løper: 1" in page and "får tjenesten under dem: 1" in page
    assert _day(timezone.localdate()) in page
    with tenant_context(bergen):
        assert Scheme.objects.get(pk=scheme.pk).status == SchemeStatus.PUBLISHED
    done = officer.post(url, {"bekreft": "1"}, follow=True).content.decode()
    assert "stengt for nye søknader" in done
    with tenant_context(bergen):
        assert Scheme.objects.get(pk=scheme.pk).status == SchemeStatus.CLOSED
