"""Celery tasks for notifications; they run in the schema they were sent from."""

from fritt.accounts.models import User
from fritt.celery_app import app

from . import services


@app.task(bind=True, max_retries=3, default_retry_delay=60)
def send_welcome_mail(self, user_id: int, role: str, organisation: str = "") -> int:
    user = User.objects.get(pk=user_id)
    try:
        return services.send_welcome_mail(user=user, role=role, organisation=organisation).pk
    except OSError as exc:  # SMTP down: try again later rather than lose the invitation
        raise self.retry(exc=exc)
