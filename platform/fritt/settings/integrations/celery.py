"""Celery: a broker that needs no server by default, the periodic tasks beat sends."""

from pathlib import Path

from celery.schedules import crontab

from ..env import env_str
from ..paths import DATA_DIR

# The filesystem transport, shared by the web process, the worker and beat on one machine;
# CELERY_BROKER_URL=redis://... switches to Redis. Its folders are created by the Celery app
# when it is configured (fritt.celery_app), never here.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
BROKER_DIR = Path(env_str("FRITT_BROKER_DIR", str(DATA_DIR / "broker")))
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Beat's schedule runs in Norwegian time: the same zone as TIME_ZONE in base (a test checks).
CELERY_TIMEZONE = "Europe/Oslo"
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "fritt.observability.tasks.heartbeat", "schedule": 30.0},
    "retry-register-lookups": {
        "task": "public_site.suppliers.tasks.retry_pending_lookups",
        "schedule": 15 * 60.0,
    },
    "end-due-joint-memberships": {
        "task": "tenants.schemes.tasks.end_due_joint_memberships",
        "schedule": 6 * 60 * 60.0,  # a notice that ran out at midnight ends by the morning
    },
    "purge-login-records": {
        "task": "fritt.accounts.tasks.purge_old_login_records",
        "schedule": 6 * 60 * 60.0,
    },
    "refill-spare-schemas": {
        "task": "tenants.municipalities.tasks.refill_spare_pool_task",
        "schedule": 10 * 60.0,  # joins take spares at once; the worker tops the pool up
    },
    "billing-remove-departed": {
        "task": "public_site.billing.tasks.remove_departed_task",
        "schedule": 6 * 60 * 60.0,  # the retention period is counted in whole days
    },
    "billing-dunning": {
        "task": "public_site.billing.tasks.run_dunning_task",
        "schedule": 6 * 60 * 60.0,  # reminders and suspensions are counted in whole days
    },
    "sweep-choice-deadlines": {
        "task": "tenants.recipients.tasks.sweep_choice_deadlines",
        "schedule": 60 * 60.0,  # hourly: a deadline passed at midnight is handled by morning
    },
    "end-expired-decisions": {
        "task": "tenants.recipients.tasks.end_expired_decisions",
        # Daily, after the midnight a decision's last day ends at, before the reconciliation.
        "schedule": crontab(hour=0, minute=20),
    },
    "end-expired-approvals": {
        "task": "tenants.applications.tasks.end_expired_approvals",
        # Daily, after the midnight an approval expires at, before the reconciliation.
        "schedule": crontab(hour=0, minute=30),
    },
    "reconcile-statistics": {
        "task": "public_site.statistics.tasks.reconcile_statistics",
        "schedule": crontab(hour=3, minute=15),  # nightly, when nobody registers anything
    },
    "dump-open-data": {
        "task": "public_site.national.tasks.dump_open_data",
        "schedule": crontab(hour=2, minute=30),  # nightly; downloaded from /apne-data/
    },
    # Webhooks are sent after each commit; this catches what a lost task or a restart left.
    "dispatch-webhooks": {
        "task": "tenants.integrations.tasks.dispatch_everywhere",
        "schedule": 5 * 60.0,
    },
    # A retry with an Idempotency-Key comes within minutes; the records go after a day.
    "purge-idempotency-keys": {
        "task": "tenants.integrations.tasks.purge_idempotency_keys",
        "schedule": 60 * 60.0,
    },
}
