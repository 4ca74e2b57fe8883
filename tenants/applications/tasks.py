"""Tasks for applications: the supplier's mail (in the schema of the municipality it was sent
from) and the daily end of expired approvals (beat, entering each municipality)."""

from fritt.celery_app import app
from fritt.tenancy.schemas import each_municipality

from . import notifications, services


@app.task(bind=True, max_retries=3, default_retry_delay=60)
def notify_supplier(self, application_id: int, kind: str) -> int:
    try:
        return notifications.notify_supplier(application_id=application_id, kind=kind)
    except OSError as exc:  # mail server down: try later rather than lose the decision notice
        raise self.retry(exc=exc)


@app.task
def end_expired_approvals() -> dict[str, int]:
    """Daily (beat, public schema): in each municipality, approvals whose period ran out end."""
    return {
        municipality.schema_name: services.end_expired_approvals()
        for municipality in each_municipality()
    }
