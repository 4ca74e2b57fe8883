"""The operator's /drift/: search by name, the platform's health on the page, and provisioning
with a confirmation step, the first administrator's invitation and visible progress."""

from unittest import mock

from fritt.accounts.models import RoleAssignment
from fritt.accounts.roles import Role
from tenants.municipalities.models import Lifecycle, Municipality
from tenants.municipalities.tasks import provision_task
from tests.factories import queued_work, site_client


def test_search_by_name_and_health_on_the_page(operator):
    page = site_client(None, operator).get("/drift/?q=kin").content.decode()
    table = page.split("<tbody>")[1]
    assert "Kinn kommune" in table and "Bergen kommune" not in table
    assert 'value="kin"' in page
    health = page.split('id="helse-h"')[1].split("</section>")[0]
    for check in ("Database", "Meldingskø", "Fillagring", "Bakgrunnsprosess"):
        assert check in health
    assert "I orden" in health


def test_health_says_when_a_check_fails(operator):
    with mock.patch("fritt.observability.health._check_storage", side_effect=OSError("disk")):
        page = site_client(None, operator).get("/drift/").content.decode()
    health = page.split('id="helse-h"')[1].split("</section>")[0]
    assert "feil: OSError" in health and 'data-color="danger"' in health


def test_provisioning_is_confirmed_invites_the_admin_and_shows_progress(
    operator, django_capture_on_commit_callbacks
):
    client = site_client(None, operator)
    listing = client.get("/drift/?q=Kinn").content.decode()
    assert "/drift/klargjor/4602/" in listing  # a link to the confirmation, not a button
    confirm = client.get("/drift/klargjor/4602/").content.decode()
    assert "Bekreft klargjøringen" in confirm and "Kommunens første administrator" in confirm
    assert confirm.count('data-color="neutral">ikke ennå') == 4  # no step done yet

    refused = client.post("/drift/klargjor/4602/", {"full_name": "Ada", "email": "ikke-epost"})
    assert refused.status_code == 400
    with django_capture_on_commit_callbacks() as callbacks:
        started = client.post(
            "/drift/klargjor/4602/", {"full_name": "Ada Admin", "email": "ada@kinn.example"}
        )
    assert started.status_code == 302 and started["Location"] == "/drift/klargjor/4602/"
    assert len(queued_work(callbacks)) == 1
    assert Municipality.registry.get(kommunenummer="4602").lifecycle == Lifecycle.REGISTERED

    # What the worker does with it.
    with django_capture_on_commit_callbacks() as mails:
        provision_task("4602", "ada@kinn.example", "Ada Admin", operator.pk)
    kinn = Municipality.registry.get(kommunenummer="4602")
    assert kinn.lifecycle == Lifecycle.PROVISIONED
    admin = RoleAssignment.objects.get(municipality=kinn, role=Role.MUNICIPAL_ADMIN)
    assert admin.user.email == "ada@kinn.example" and admin.created_by == operator
    assert len(queued_work(mails)) == 1  # the welcome mail
    done = client.get("/drift/klargjor/4602/").content.decode()
    assert done.count('data-color="success">ferdig') == 4
    assert "Bekreft klargjøringen" not in done
