"""Scheme state changes, their refusals, versioning, and the national projection."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from public_site.announcements.models import Announcement, AnnouncementStatus
from public_site.catalogue.models import ServiceType
from tenants.schemes import services
from tenants.schemes.errors import SchemeError
from tenants.schemes.models import SchemeAction, SchemeStatus
from tests.factories import accept_invitations, complete_draft, make_user, published, refused


@pytest.fixture
def officer(bergen):
    return make_user(Role.MUNICIPAL_OFFICER, municipality=bergen, full_name="Olav Offiser")


def test_publishing_an_incomplete_scheme_lists_everything_missing(bergen, officer):
    with tenant_context(bergen):
        scheme = services.create_scheme(
            by=officer, service_type=ServiceType.objects.get(code="bpa"), title="BPA"
        )
        with pytest.raises(ValidationError) as exc:
            services.publish_scheme(scheme=scheme, by=officer)
        message = " ".join(exc.value.messages)
        for expected in ["Målgruppe", "Søknadsprosess", "Kontraktsvilkår", "Minst ett vilkår",
                         "Minst én fast sats", "Saksbehandlingstid"]:  # fmt: skip
            assert expected in message
        scheme.refresh_from_db()
        assert scheme.status == SchemeStatus.DRAFT
    assert not Announcement.objects.filter(host=bergen).exists()


def test_publish_projects_the_announcement_in_the_same_transaction(bergen, officer):
    with tenant_context(bergen):
        scheme = published(by=officer)
        assert scheme.status == SchemeStatus.PUBLISHED and scheme.version == 1
        history = list(scheme.history.values_list("action", flat=True))
        assert SchemeAction.PUBLISHED in history and SchemeAction.CREATED in history
    announcement = Announcement.objects.get(host=bergen, scheme_id=scheme.pk)
    assert announcement.status == AnnouncementStatus.OPEN
    assert announcement.details["rates"][0]["amount"] == "512.00"
    assert announcement.details["conditions"][0]["document_type"] == "Firmaattest"
    assert announcement.search_vector is not None


def test_a_failure_after_publishing_rolls_back_scheme_and_announcement(bergen, officer):
    with tenant_context(bergen):
        scheme = complete_draft(by=officer)
        with pytest.raises(RuntimeError), transaction.atomic():
            services.publish_scheme(scheme=scheme, by=officer)
            raise RuntimeError("something after publishing failed")
        scheme.refresh_from_db()
        assert scheme.status == SchemeStatus.DRAFT
    assert not Announcement.objects.filter(host=bergen, scheme_id=scheme.pk).exists()


def test_changing_a_published_scheme_makes_a_version_and_says_what_changed(bergen, officer):
    with tenant_context(bergen):
        scheme = published(by=officer)
        services.update_scheme(scheme=scheme, by=officer, target_group="Alle over 67 år.")
        services.add_rate(
            scheme=scheme, by=officer, unit="hour", variant="evening",
            amount=Decimal("640"), valid_from=datetime.date(2026, 1, 1),
        )  # fmt: skip
        scheme.refresh_from_db()
        assert scheme.version == 3
        latest = scheme.history.first()
        assert latest.version == 3 and latest.changed_fields == ["Satser"]
        assert latest.by == officer
    announcement = Announcement.objects.get(host=bergen, scheme_id=scheme.pk)
    assert announcement.version == 3
    assert announcement.last_change_summary == "Endret: Satser"
    assert announcement.details["target_group"] == "Alle over 67 år."


def test_saving_without_changes_is_not_a_new_version(bergen, officer):
    with tenant_context(bergen):
        scheme = published(by=officer)
        services.update_scheme(scheme=scheme, by=officer, title=scheme.title)
        scheme.refresh_from_db()
        assert scheme.version == 1


def test_close_reopen_and_end(bergen, officer):
    with tenant_context(bergen):
        scheme = published(by=officer)
        services.close_scheme(scheme=scheme, by=officer)
        assert Announcement.objects.get(scheme_id=scheme.pk, host=bergen).status == "closed"
        services.reopen_scheme(scheme=scheme, by=officer)
        assert Announcement.objects.get(scheme_id=scheme.pk, host=bergen).status == "open"
        services.end_scheme(scheme=scheme, by=officer)
        assert scheme.status == SchemeStatus.ENDED and scheme.ended_at is not None
        with refused(SchemeError.ENDED):
            services.update_scheme(scheme=scheme, by=officer, title="Ny tittel")
        with pytest.raises(ValidationError):
            services.close_scheme(scheme=scheme, by=officer)
    assert Announcement.objects.get(scheme_id=scheme.pk, host=bergen).status == "ended"


def test_a_draft_cannot_be_closed_or_ended(bergen, officer):
    with tenant_context(bergen):
        scheme = complete_draft(by=officer)
        for action in (services.close_scheme, services.end_scheme, services.reopen_scheme):
            with refused(SchemeError.INVALID_TRANSITION):
                action(scheme=scheme, by=officer)


def test_publishing_twice_is_refused(bergen, officer):
    with tenant_context(bergen):
        scheme = published(by=officer)
        with refused(SchemeError.NOT_DRAFT):
            services.publish_scheme(scheme=scheme, by=officer)


def test_case_worker_and_other_municipalitys_officer_are_refused(bergen, trondheim, officer):
    case_worker = make_user(Role.CASE_WORKER, municipality=bergen)
    trondheim_officer = make_user(Role.MUNICIPAL_OFFICER, municipality=trondheim)
    with tenant_context(bergen):
        scheme = complete_draft(by=officer)
        for user in (case_worker, trondheim_officer):
            with pytest.raises(PermissionDenied):
                services.publish_scheme(scheme=scheme, by=user)


def test_negative_and_duplicate_rates_are_refused(bergen, officer):
    with tenant_context(bergen):
        scheme = complete_draft(by=officer)
        with refused(SchemeError.NEGATIVE):
            services.add_rate(
                scheme=scheme, by=officer, unit="hour", amount=Decimal("-1"),
                valid_from=datetime.date(2026, 1, 1),
            )  # fmt: skip
        with refused(SchemeError.DUPLICATE_RATE):
            services.add_rate(
                scheme=scheme, by=officer, unit="hour", amount=Decimal("600"),
                valid_from=datetime.date(2026, 1, 1),
            )  # fmt: skip


def test_zones_are_required_when_not_the_whole_municipality(bergen, officer):
    from tenants.zones.services import create_zone

    with tenant_context(bergen):
        scheme = complete_draft(by=officer)
        services.update_scheme(scheme=scheme, by=officer, covers_whole_municipality=False)
        with refused(SchemeError.INCOMPLETE):
            services.publish_scheme(scheme=scheme, by=officer)
        services.set_zones(scheme=scheme, by=officer, zones=[create_zone(name="Arna")])
        services.publish_scheme(scheme=scheme, by=officer)
    assert Announcement.objects.get(host=bergen, scheme_id=scheme.pk).details["zones"] == ["Arna"]


def test_joint_scheme_appears_for_every_participant(eidfjord, ulvik):
    host_officer = make_user(Role.MUNICIPAL_OFFICER, municipality=eidfjord)
    with tenant_context(eidfjord):
        scheme = complete_draft(by=host_officer, title="Praktisk bistand i Hardanger")
        services.set_participants(scheme=scheme, by=host_officer, municipalities=[ulvik])
        with refused(SchemeError.HOST_PARTICIPANT):
            services.set_participants(scheme=scheme, by=host_officer, municipalities=[eidfjord])
        services.publish_scheme(scheme=scheme, by=host_officer)
    accept_invitations(host=eidfjord, participant=ulvik)
    announcement = Announcement.objects.get(host=eidfjord, scheme_id=scheme.pk)
    assert announcement.is_joint
    assert list(announcement.participants.all()) == [ulvik]
    assert announcement.details["participants"] == ["Ulvik kommune"]


def test_joint_scheme_refuses_municipalities_not_on_the_platform(eidfjord):
    from tenants.municipalities.models import Municipality

    host_officer = make_user(Role.MUNICIPAL_OFFICER, municipality=eidfjord)
    voss = Municipality.registry.get(kommunenummer="4621")
    with tenant_context(eidfjord):
        scheme = complete_draft(by=host_officer)
        with refused(SchemeError.NOT_PROVISIONED):
            services.set_participants(scheme=scheme, by=host_officer, municipalities=[voss])
