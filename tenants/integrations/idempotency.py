"""`Idempotency-Key` on the API's creates: a retried request makes nothing twice.

Same key and same request: the answer describes what the first one made (status and resource,
read afresh). Same key and another request: 422. The key is the caller's, per account."""

from __future__ import annotations

import functools
import hashlib
import json

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions

from fritt.errors import DomainError

from .errors import IntegrationError
from .models import IdempotentRequest

HEADER = "Idempotency-Key"


class IdempotencyKeyReused(exceptions.APIException):
    status_code = 422
    default_detail = _("Idempotency-Key er brukt før, med en annen forespørsel.")
    default_code = "idempotency_key_reused"


def _fingerprint(request) -> str:
    body = json.dumps(request.data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def idempotent(create):
    """Decorate an API view's create (or post). The view answers a replay with
    `replay(request, resource_id, status_code)`, which logs the view as any read."""

    @functools.wraps(create)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return create(view, request, *args, **kwargs)
        if not 1 <= len(key) <= 200 or not key.isprintable():
            raise DomainError(
                IntegrationError.BAD_IDEMPOTENCY_KEY,
                _("Idempotency-Key må være 1–200 synlige tegn."),
            )
        fingerprint = _fingerprint(request)
        with transaction.atomic():
            # Two retries racing with one key: the second waits for the first, then replays.
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(hashtext(%s))",
                    [f"{connection.schema_name}:{request.user.pk}:{key}"],
                )
            found = IdempotentRequest.objects.filter(user_id=request.user.pk, key=key).first()
            if found is not None:
                if found.fingerprint != fingerprint:
                    raise IdempotencyKeyReused()
                response = view.replay(request, found.resource_id, found.status_code)
                response["Idempotent-Replayed"] = "true"
                return response
            response = create(view, request, *args, **kwargs)
            if 200 <= response.status_code < 300:
                IdempotentRequest.objects.create(
                    user_id=request.user.pk, key=key, fingerprint=fingerprint,
                    status_code=response.status_code,
                    resource_id=(response.data or {}).get("id"),
                )  # fmt: skip
            return response

    return wrapper
