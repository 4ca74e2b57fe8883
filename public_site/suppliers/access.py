"""The gate of every page about one supplier account: only its own people get past."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Supplier
from .selectors import supplier_role


def supplier_for(request, pk: int) -> tuple[Supplier, str]:
    """The supplier and the user's role in it; 404 for no such supplier, 403 for a stranger."""
    supplier = get_object_or_404(Supplier, pk=pk)
    role = supplier_role(user=request.user, supplier=supplier)
    if role is None:
        raise PermissionDenied
    return supplier, role
