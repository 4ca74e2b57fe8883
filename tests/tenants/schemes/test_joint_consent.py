"""A joint scheme counts in another municipality only after that municipality's own admin
accepts; either side can leave with notice; changes in a participant's schema are logged there."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from public_site.announcements.models import Announcement, JointMembership
from public_site.catalogue.models import ServiceType
from tenants.applications import services as approvals
from tenants.recipients import selectors as recipient_selectors
from tenants.recipients import services as recipients
from tenants.recipients.models import AccessLogEntry, DecisionStatus
from tenants.schemes import services
from tenants.schemes.models import JointParticipant, JointStatus
from tests.factories import approve, make_user, new_decision, new_recipient, published, site_client


@pytest.fixture
def bergen_scheme(bergen):
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen, email="ordning@bergen.test")
    with tenant_context(bergen):
        scheme = published(by=officer, title="Praktisk bistand i Bergen")
        approval = approve(scheme, "Bergensomsorg AS")
    return {"officer": officer, "scheme": scheme, "approval": approval,
            "service": ServiceType.objects.get(code="praktisk-bistand")}  # fmt: skip


def _invite(host, participant, world) -> None:
    """The host's officer invites `participant` into the host's scheme."""
    with tenant_context(host):
        services.set_participants(
            scheme=world["scheme"], by=world["officer"], municipalities=[participant]
        )


def _membership(host, participant) -> JointMembership:
    return JointMembership.objects.get(host=host, participant=participant)


def test_an_invitation_alone_makes_no_one_a_participant(bergen, trondheim, bergen_scheme):
    # The red-team reproduction: Bergen's officer posts Trondheim as a participant.
    scheme = bergen_scheme["scheme"]
    response = site_client("bergen", bergen_scheme["officer"]).post(
        f"/ansatt/ordninger/{scheme.pk}/deltakere/", {"municipalities": [trondheim.pk]}
    )
    assert response.status_code == 302
    assert _membership(bergen, trondheim).status == JointStatus.INVITED
    announcement = Announcement.objects.get(host=bergen, scheme_id=scheme.pk)
    assert list(announcement.participants.all()) == [] and not announcement.is_joint
    with tenant_context(trondheim):
        keys = {p.key for p in recipient_selectors.providers_for(bergen_scheme["service"])}
    assert keys == {"kommunal"}
    page = site_client("trondheim").get("/valg/praktisk-bistand/").content.decode()
    assert "Bergensomsorg AS" not in page


def test_only_the_participants_own_admin_answers(bergen, trondheim, bergen_scheme):
    _invite(bergen, trondheim, bergen_scheme)
    membership = _membership(bergen, trondheim)
    bergen_admin = make_user(Role.MUNICIPAL_ADMIN, municipality=bergen)
    trondheim_officer = make_user(Role.MUNICIPAL_OFFICER, municipality=trondheim)
    with tenant_context(bergen), pytest.raises(PermissionDenied):
        services.answer_joint_invitation(membership=membership, by=bergen_admin, accept=True)
    with tenant_context(trondheim), pytest.raises(PermissionDenied):
        services.answer_joint_invitation(membership=membership, by=trondheim_officer, accept=True)
    # The host's admin cannot answer through Trondheim's site either (no role there: 403).
    response = site_client("trondheim", bergen_admin).post(
        f"/ansatt/samarbeid/{membership.pk}/godta/"
    )
    assert response.status_code == 403
    assert _membership(bergen, trondheim).status == JointStatus.INVITED


def test_declining_keeps_the_hosts_suppliers_out(bergen, trondheim, bergen_scheme):
    _invite(bergen, trondheim, bergen_scheme)
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=trondheim)
    client = site_client("trondheim", admin)
    page = client.get("/ansatt/samarbeid/").content.decode()
    assert "Praktisk bistand i Bergen" in page
    membership = _membership(bergen, trondheim)
    assert client.post(f"/ansatt/samarbeid/{membership.pk}/avsla/").status_code == 302
    assert _membership(bergen, trondheim).status == JointStatus.DECLINED
    with tenant_context(bergen):
        row = JointParticipant.objects.get(municipality=trondheim)
        assert row.status == JointStatus.DECLINED
    with tenant_context(trondheim), pytest.raises(ValidationError) as raised:
        services.answer_joint_invitation(membership=membership, by=admin, accept=True)
    assert raised.value.code == "not_invited"


def test_accepted_scheme_counts_and_a_hosts_suspension_is_logged_in_the_participant(
    bergen, trondheim, bergen_scheme
):
    scheme, approval = bergen_scheme["scheme"], bergen_scheme["approval"]
    _invite(bergen, trondheim, bergen_scheme)
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=trondheim)
    response = site_client("trondheim", admin).post(
        f"/ansatt/samarbeid/{_membership(bergen, trondheim).pk}/godta/"
    )
    assert response.status_code == 302
    announcement = Announcement.objects.get(host=bergen, scheme_id=scheme.pk)
    assert list(announcement.participants.all()) == [trondheim]
    case_worker = make_user(Role.CASE_WORKER, municipality=trondheim)
    with tenant_context(trondheim):
        decision = new_decision(case_worker, new_recipient(case_worker), bergen_scheme["service"])
        recipients.choose_provider(
            by=case_worker, decision=decision, approval=None, how="telefon",
            joint=recipients.JointProvider(host=bergen, approval_id=approval.pk),
        )  # fmt: skip
    with tenant_context(bergen):
        approvals.suspend_approval(approval=approval, by=bergen_scheme["officer"], reasons="Tilsyn")
    with tenant_context(trondheim):
        decision.refresh_from_db()
        assert decision.status == DecisionStatus.AWAITING_CHOICE
        entry = AccessLogEntry.objects.filter(recipient=decision.recipient).latest("pk")
        assert (entry.user_id, entry.role, entry.action) == (
            bergen_scheme["officer"].pk, "host_municipality", "change",
        )  # fmt: skip


def test_either_side_leaves_with_notice(bergen, trondheim, bergen_scheme):
    scheme = bergen_scheme["scheme"]
    _invite(bergen, trondheim, bergen_scheme)
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=trondheim)
    with tenant_context(trondheim):
        services.answer_joint_invitation(
            membership=_membership(bergen, trondheim), by=admin, accept=True
        )
        membership = services.leave_joint_scheme(
            membership=_membership(bergen, trondheim), by=admin
        )
    today = timezone.localdate()
    assert membership.leaves_on == today + datetime.timedelta(days=services.JOINT_NOTICE_DAYS)
    # Still in force during the notice period, not after it.
    with tenant_context(bergen):
        assert scheme.is_joint
        JointParticipant.objects.filter(municipality=trondheim).update(leaves_on=today)
        assert not scheme.is_joint
    # The host taking a participant off the list gives notice too.
    with tenant_context(bergen):
        JointParticipant.objects.filter(municipality=trondheim).update(leaves_on=None)
        services.set_participants(scheme=scheme, by=bergen_scheme["officer"], municipalities=[])
        row = JointParticipant.objects.get(municipality=trondheim)
        assert row.status == JointStatus.ACCEPTED and row.leaves_on > today


def test_when_the_notice_runs_out_the_participation_ends_and_recipients_choose_again(
    bergen, trondheim, bergen_scheme
):
    scheme, approval = bergen_scheme["scheme"], bergen_scheme["approval"]
    _invite(bergen, trondheim, bergen_scheme)
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=trondheim)
    case_worker = make_user(Role.CASE_WORKER, municipality=trondheim)
    with tenant_context(trondheim):
        services.answer_joint_invitation(
            membership=_membership(bergen, trondheim), by=admin, accept=True
        )
        decision = new_decision(case_worker, new_recipient(case_worker), bergen_scheme["service"])
        recipients.choose_provider(
            by=case_worker, decision=decision, approval=None, how="telefon",
            joint=recipients.JointProvider(host=bergen, approval_id=approval.pk),
        )  # fmt: skip
        services.leave_joint_scheme(membership=_membership(bergen, trondheim), by=admin)
    leaves_on = _membership(bergen, trondheim).leaves_on
    assert services.end_due_memberships(today=leaves_on - datetime.timedelta(days=1)) == 0
    assert services.end_due_memberships(today=leaves_on) == 1
    assert _membership(bergen, trondheim).status == JointStatus.LEFT
    announcement = Announcement.objects.get(host=bergen, scheme_id=scheme.pk)
    assert list(announcement.participants.all()) == []
    with tenant_context(trondheim):
        decision.refresh_from_db()
        assert decision.status == DecisionStatus.AWAITING_CHOICE
        entry = AccessLogEntry.objects.filter(recipient=decision.recipient).latest("pk")
        assert (entry.user_id, entry.role) == (admin.pk, "municipal_admin")


def test_the_invited_municipalitys_admins_are_mailed_from_its_own_schema(
    bergen, trondheim, bergen_scheme, monkeypatch, django_capture_on_commit_callbacks, mailoutbox
):
    from fritt.notifications.models import SentMessage
    from tenants.schemes import notifications, tasks

    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=trondheim, email="admin@trondheim.test")
    queued = []
    monkeypatch.setattr(
        tasks.send_joint_invitation,
        "apply_async",
        lambda args, headers: queued.append((args, headers)),
    )
    with django_capture_on_commit_callbacks(execute=True), tenant_context(bergen):
        services.set_participants(
            scheme=bergen_scheme["scheme"], by=bergen_scheme["officer"], municipalities=[trondheim]
        )
    membership = _membership(bergen, trondheim)
    assert queued == [((membership.pk,), {"_schema_name": trondheim.schema_name})]
    with tenant_context(trondheim):
        assert notifications.notify_joint_invitation(membership_id=membership.pk) == 1
        assert SentMessage.objects.filter(kind="joint_invitation", to_email=admin.email).exists()
    assert mailoutbox[-1].to == [admin.email]
    assert (
        "trondheim.localhost" in mailoutbox[-1].body and "/ansatt/samarbeid/" in mailoutbox[-1].body
    )


def test_participants_are_found_by_a_search_field_not_a_list_of_every_municipality(
    bergen, trondheim, eidfjord, ulvik, bergen_scheme
):
    scheme = bergen_scheme["scheme"]
    client = site_client("bergen", bergen_scheme["officer"])
    page = client.get(f"/ansatt/ordninger/{scheme.pk}/").content.decode()
    # Nothing chosen and nothing searched: no municipality is offered at all.
    assert 'name="municipalities"' not in page and 'name="kommune"' in page
    by_name = client.get(f"/ansatt/ordninger/{scheme.pk}/?kommune=trond").content.decode()
    assert f'value="{trondheim.pk}"' in by_name and f'value="{ulvik.pk}"' not in by_name
    by_number = client.get(f"/ansatt/ordninger/{scheme.pk}/?kommune=46").content.decode()
    assert f'value="{eidfjord.pk}"' in by_number and f'value="{ulvik.pk}"' in by_number
    assert f'value="{bergen.pk}"' not in by_number  # the host is never its own participant
    client.post(f"/ansatt/ordninger/{scheme.pk}/deltakere/", {"municipalities": [trondheim.pk]})
    chosen = client.get(f"/ansatt/ordninger/{scheme.pk}/").content.decode()
    assert f'value="{trondheim.pk}" id="deltaker-{trondheim.pk}" checked' in chosen
    assert chosen.count('name="municipalities"') == 1
