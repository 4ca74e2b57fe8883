"""Worker tasks for suppliers: retrying register lookups, and the registration mails."""

from fritt.celery_app import app

from . import brreg
from .models import RegisterStatus, Supplier
from .services import refresh_register_data

MAX_ATTEMPTS = 20


@app.task(bind=True, max_retries=5, default_retry_delay=300)
def retry_register_lookup(self, supplier_id: int) -> str:
    supplier = Supplier.objects.get(pk=supplier_id)
    status = refresh_register_data(supplier=supplier)
    if status == brreg.LookupStatus.UNAVAILABLE:
        raise self.retry()
    return status


@app.task
def retry_pending_lookups() -> int:
    pending = Supplier.objects.filter(
        register_status=RegisterStatus.PENDING, lookup_attempts__lt=MAX_ATTEMPTS
    ).values_list("pk", flat=True)
    for pk in pending:
        refresh_register_data(supplier=Supplier.objects.get(pk=pk))
    return len(pending)


@app.task(bind=True, max_retries=3, default_retry_delay=60)
def send_registration_mail(self, user_id: int, kind: str, orgnr: str, signed: str) -> int:
    from fritt.accounts.models import User

    from .notifications import send_registration_mail as compose_and_send

    user = User.objects.get(pk=user_id)
    try:
        return compose_and_send(user=user, kind=kind, orgnr=orgnr, signed=signed).pk
    except OSError as exc:  # SMTP down: try again rather than lose the registration
        raise self.retry(exc=exc)
