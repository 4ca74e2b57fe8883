"""The one event record: a service's change is recorded in the schema where it happened, with
who did it and ids only; a refused change records nothing."""

import pytest
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from fritt.events.models import Event
from public_site.catalogue.models import ServiceType
from tenants.schemes import services
from tenants.schemes.errors import SchemeError
from tests.factories import complete_draft, make_user, refused


@pytest.fixture
def officer(bergen):
    return make_user(Role.MUNICIPAL_OFFICER, municipality=bergen, full_name="Olav Offiser")


def test_a_published_scheme_is_recorded_in_its_municipality_with_its_officer(bergen, officer):
    with tenant_context(bergen):
        scheme = complete_draft(by=officer)
        services.publish_scheme(scheme=scheme, by=officer)
        published = Event.objects.get(action="scheme.published")
        assert (published.subject_type, published.subject_id) == ("schemes.scheme", str(scheme.pk))
        assert published.actor_id == officer.pk
        assert published.actor_kind == "user"
        assert published.data == {"scheme": scheme.pk, "result": scheme.pk}
        created = Event.objects.get(action="scheme.created")
        assert created.data["result"] == scheme.pk
    # The municipality's changes stay in its schema.
    assert not Event.objects.filter(action__startswith="scheme.").exists()


def test_a_refused_change_records_nothing(bergen, officer):
    with tenant_context(bergen):
        scheme = services.create_scheme(
            by=officer, service_type=ServiceType.objects.get(code="bpa"), title="BPA"
        )
        before = Event.objects.count()
        with refused(SchemeError.INCOMPLETE):
            services.publish_scheme(scheme=scheme, by=officer)
        assert Event.objects.count() == before


def test_a_change_by_the_system_has_no_actor(bergen):
    with tenant_context(bergen):
        services.end_due_memberships()
        event = Event.objects.get(action="joint.due_ended")
        assert (event.actor_id, event.actor_kind) == (None, "system")
