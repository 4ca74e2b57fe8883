"""Joint-scheme tasks: participations whose notice has run out end (beat, public schema), and
the invited municipality's admins are mailed (in that municipality's schema)."""

from fritt.celery_app import app

from . import notifications, services


@app.task
def end_due_joint_memberships() -> int:
    return services.end_due_memberships()


@app.task(bind=True, max_retries=3, default_retry_delay=60)
def send_joint_invitation(self, membership_id: int) -> int:
    try:
        return notifications.notify_joint_invitation(membership_id=membership_id)
    except OSError as exc:  # SMTP down: try again rather than lose the invitation
        raise self.retry(exc=exc)
