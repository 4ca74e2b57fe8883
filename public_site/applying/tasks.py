"""Tasks for apply-once in the public schema: tell saved searches about new announcements."""

from fritt.celery_app import app

from . import notifications


@app.task(bind=True, max_retries=3, default_retry_delay=60)
def notify_saved_searches(self, announcement_id: int) -> int:
    try:
        return notifications.notify_saved_searches(announcement_id=announcement_id)
    except OSError as exc:
        raise self.retry(exc=exc)
