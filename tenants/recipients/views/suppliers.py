"""A supplier's assignments in this municipality: only what they need to start."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from fritt.accounts.access import login_page
from fritt.accounts.selectors import supplier_assignments
from fritt.web.lists import page_of, sort_key
from tenants.applications.models import Approval

from .. import selectors
from ..models import AccessAction, Assignment
from .common import log_seen


@login_page
def supplier_assignments_page(request):
    supplier_ids = list(supplier_assignments(request.user).values_list("supplier_id", flat=True))
    has_business = (
        Approval.objects.filter(supplier_id__in=supplier_ids).exists()
        or Assignment.objects.filter(joint_supplier_id__in=supplier_ids).exists()
    )
    if not supplier_ids or not has_business:
        raise PermissionDenied
    order = sort_key(request.GET, selectors.ASSIGNMENT_ORDERINGS, "start")
    page = page_of(request.GET, selectors.assignments_for_suppliers(supplier_ids, order=order))
    assignments = list(page.object_list)
    by_recipient = {a.decision.recipient_id: a.decision.recipient for a in assignments}
    log_seen(request, by_recipient.values(), "oppdragsliste", action=AccessAction.ASSIGNMENT)
    return render(
        request,
        "recipients/assignments.html",
        {"assignments": assignments, "page": page, "sorter": order},
    )
