"""Apply once: one submission lands in every municipality's inbox, all or nothing."""

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from public_site.applying import services as apply_once
from public_site.applying.errors import ApplyingError
from public_site.applying.models import ApplicationEnvelope, ApplicationPart
from tenants.applications.errors import ApplicationError
from tenants.applications.models import Application, ApplicationStatus
from tenants.applications.services import PartRequest
from tenants.schemes import services as scheme_services
from tenants.schemes.models import Scheme
from tests.factories import COMMON, make_supplier, refused


def submit(supplier, by, *announcements, documents=()):
    return apply_once.submit_envelope(
        supplier=supplier,
        by=by,
        common_answers=COMMON,
        parts=[(a, PartRequest(scheme_id=0, document_ids=[d.pk for d in documents]))
               for a in announcements],
    )  # fmt: skip


def applications_in(municipality):
    with tenant_context(municipality):
        return list(Application.objects.values_list("supplier_id", "status"))


def test_one_submission_lands_in_each_municipality(
    supplier, supplier_admin, firmaattest, bergen, trondheim, bergen_announcement,
    trondheim_announcement,
):  # fmt: skip
    envelope = submit(supplier, supplier_admin, bergen_announcement, trondheim_announcement,
                      documents=[firmaattest])  # fmt: skip
    parts = list(envelope.parts.order_by("municipality__name_norwegian"))
    assert [p.municipality for p in parts] == [bergen, trondheim]
    assert {p.status for p in parts} == {ApplicationStatus.SUBMITTED}
    for municipality in (bergen, trondheim):
        with tenant_context(municipality):
            application = Application.objects.get()
            assert application.supplier == supplier
            assert application.envelope_id == envelope.pk
            assert application.common_answers["languages"] == "norsk, engelsk, polsk"
            assert [d.title for d in application.documents.all()] == [firmaattest.title]
            submitted = timezone.localdate(application.submitted_at)
            assert (application.decision_due - submitted).days == 30
            assert application.events.get().action == "submitted"


def test_a_refusal_in_one_municipality_leaves_no_trace_anywhere(
    supplier, supplier_admin, bergen, trondheim, bergen_announcement, trondheim_announcement
):
    submit(supplier, supplier_admin, trondheim_announcement)
    envelopes_before = ApplicationEnvelope.objects.count()
    # Bergen would accept; Trondheim refuses a second open application to the same scheme.
    with pytest.raises(apply_once.ApplyError) as refused:
        submit(supplier, supplier_admin, bergen_announcement, trondheim_announcement)
    assert refused.value.announcement == trondheim_announcement
    assert "allerede en søknad under behandling" in str(refused.value)
    assert applications_in(bergen) == []
    assert len(applications_in(trondheim)) == 1
    assert ApplicationEnvelope.objects.count() == envelopes_before
    assert not ApplicationPart.objects.filter(municipality=bergen).exists()


def test_applying_to_a_closed_scheme_is_refused(
    supplier, supplier_admin, bergen, officer_bergen, bergen_announcement
):
    with tenant_context(bergen):
        scheme_services.close_scheme(
            scheme=Scheme.objects.get(pk=bergen_announcement.scheme_id), by=officer_bergen
        )
    bergen_announcement.refresh_from_db()
    with refused(ApplicationError.CLOSED):
        submit(supplier, supplier_admin, bergen_announcement)
    assert applications_in(bergen) == []


def test_a_bankrupt_supplier_cannot_apply(supplier, supplier_admin, bergen, bergen_announcement):
    supplier.bankrupt = True
    supplier.save()
    with refused(ApplicationError.BLOCKED):
        submit(supplier, supplier_admin, bergen_announcement)
    assert applications_in(bergen) == []


def test_someone_outside_the_supplier_cannot_apply_for_it(
    supplier, officer_bergen, bergen, bergen_announcement
):
    with pytest.raises(apply_once.ApplyError):
        submit(supplier, officer_bergen, bergen_announcement)
    assert applications_in(bergen) == []


def test_documents_of_another_supplier_cannot_be_attached(
    supplier, supplier_admin, bergen, bergen_announcement
):
    from tests.factories import make_user, vault_document

    other = make_supplier(orgnr="912345610", name="Annen AS")
    foreign = vault_document(other, make_user("supplier_admin", supplier=other))
    with refused(ApplicationError.DOCUMENT):
        submit(supplier, supplier_admin, bergen_announcement, documents=[foreign])


def test_nothing_chosen_is_a_clear_error(supplier, supplier_admin):
    with refused(ApplyingError.NO_PARTS):
        apply_once.submit_envelope(
            supplier=supplier, by=supplier_admin, common_answers={}, parts=[]
        )


def test_each_extra_municipality_costs_at_most_ten_statements(
    supplier, supplier_admin, firmaattest, bergen, trondheim, eidfjord, ulvik,
    bergen_announcement, trondheim_announcement,
):  # fmt: skip
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fritt.accounts.roles import Role
    from public_site.announcements.models import Announcement
    from tests.factories import announce, make_user

    others = [
        announce(m, make_user(Role.MUNICIPAL_OFFICER, municipality=m)) for m in (eidfjord, ulvik)
    ]
    # Announcements as the apply page has them: with their host.
    one = list(Announcement.objects.select_related("host").filter(pk=bergen_announcement.pk))
    three = list(
        Announcement.objects.select_related("host").filter(
            pk__in=[trondheim_announcement.pk, *(a.pk for a in others)]
        )
    )
    with CaptureQueriesContext(connection) as to_one:
        submit(supplier, supplier_admin, *one, documents=[firmaattest])
    with CaptureQueriesContext(connection) as to_three:
        submit(supplier, supplier_admin, *three, documents=[firmaattest])
    per_extra = (len(to_three.captured_queries) - len(to_one.captured_queries)) / 2
    assert per_extra <= 10, "\n".join(q["sql"][:120] for q in to_three.captured_queries)
    assert ApplicationPart.objects.filter(envelope__supplier=supplier).count() == 4
