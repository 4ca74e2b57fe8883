"""Tenant-aware Celery with a real worker process: a task sent from Bergen runs in Bergen."""

import pytest
from django_tenants.utils import schema_context

from fritt.accounts.models import RoleAssignment
from fritt.accounts.roles import Role
from fritt.notifications.models import SentMessage
from fritt.observability.models import Heartbeat
from fritt.observability.tasks import heartbeat
from tenants.municipalities.models import Municipality
from tests.factories import make_user, site_client, wait_for

pytestmark = pytest.mark.worker


def test_invitation_from_bergens_site_is_mailed_by_the_worker_in_bergens_schema(
    celery_worker_process, tmp_path
):
    bergen = Municipality.objects.get(kommunenummer="4601")
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=bergen)
    email = f"worker-{tmp_path.name}@bergen.example"
    response = site_client("bergen", admin).post(
        "/ansatt/brukere/",
        {"full_name": "Vera Worker", "email": email, "role": Role.MUNICIPAL_OFFICER},
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user__email=email, municipality=bergen).exists()

    def sent_in_bergen():
        with schema_context("k4601"):
            return list(SentMessage.objects.filter(to_email=email))

    sent = wait_for(sent_in_bergen, message="the worker never sent the welcome mail")
    assert sent[0].kind == "welcome"
    with schema_context("k5001"):
        assert not SentMessage.objects.filter(to_email=email).exists()
    with schema_context("public"):
        assert not SentMessage.objects.filter(to_email=email).exists()

    mail_dir = tmp_path / "mail"
    mails = wait_for(lambda: list(mail_dir.glob("*.log")), message="no mail file written")
    body = "".join(p.read_text() for p in mails)
    assert email in body
    assert "Bergen kommune" in body
    assert "http://bergen.localhost:8000/konto/passord/" in body


def test_a_public_task_runs_in_the_public_schema(celery_worker_process):
    Heartbeat.objects.filter(name="worker").delete()
    heartbeat.delay()
    beat = wait_for(
        lambda: Heartbeat.objects.filter(name="worker").first(), message="no heartbeat recorded"
    )
    assert beat.beat_at is not None
    body = site_client().get("/healthz").json()
    assert body["worker"]["seconds_ago"] is not None and body["worker"]["seconds_ago"] < 60
