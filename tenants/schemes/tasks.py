"""Daily: joint-scheme participations whose notice has run out end (beat, public schema)."""

from fritt.celery_app import app

from . import services


@app.task
def end_due_joint_memberships() -> int:
    return services.end_due_memberships()
