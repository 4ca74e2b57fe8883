"""Tasks for operators: provisioning runs in the worker so the page answers at once."""

from fritt.celery_app import app

from .models import Municipality
from .pool import refill_spare_pool
from .provisioning import invite_first_admin, provision_municipality


@app.task
def provision_task(
    kommunenummer: str, admin_email: str = "", admin_name: str = "", by_id: int | None = None
) -> str:
    """Provision, then invite the first administrator when the operator named one."""
    from fritt.accounts.models import User

    municipality = Municipality.registry.get(kommunenummer=kommunenummer)
    domain = provision_municipality(municipality=municipality).domain
    if admin_email:
        municipality.refresh_from_db()
        by = User.objects.filter(pk=by_id).first() if by_id else None
        invite_first_admin(
            municipality=municipality, email=admin_email, full_name=admin_name, by=by
        )
    return domain


@app.task
def refill_spare_pool_task() -> int:
    """Migrate spare schemas ahead of the next joins (a join sends this after it commits)."""
    return refill_spare_pool()
