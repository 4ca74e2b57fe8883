"""Tasks for applications; they run in the schema of the municipality they were sent from."""

from fritt.celery_app import app

from . import notifications


@app.task(bind=True, max_retries=3, default_retry_delay=60)
def notify_supplier(self, application_id: int, kind: str) -> int:
    try:
        return notifications.notify_supplier(application_id=application_id, kind=kind)
    except OSError as exc:  # mail server down: try later rather than lose the decision notice
        raise self.retry(exc=exc)
