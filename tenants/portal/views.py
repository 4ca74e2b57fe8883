"""Pages of a municipality's site; thin: selectors and services do the work."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fritt.accounts.access import public_page, role_required
from fritt.accounts.forms import ChangeRoleForm, InviteStaffForm
from fritt.accounts.models import RoleAssignment
from fritt.accounts.roles import Capability, Role
from fritt.accounts.selectors import capabilities, municipal_staff, roles_in_municipality
from fritt.accounts.services import (
    change_municipal_role,
    invite_municipal_staff,
    remove_municipal_role,
)
from fritt.notifications.models import SentMessage
from fritt.web.errors import REFUSALS, attempt, flash, onto_form


@public_page
def home(request):
    from public_site.announcements.selectors import joint_announcements_for
    from tenants.schemes.selectors import public_schemes

    # The services residents can compare providers for: the municipality's own schemes and the
    # joint schemes it takes part in, each once, linked to its decision-support page.
    schemes = public_schemes().exclude(status="ended").select_related("service_type")
    services = {s.service_type for s in schemes}
    services |= {a.service_type for a in joint_announcements_for(request.tenant)}
    return render(
        request, "portal/home.html", {"services": sorted(services, key=lambda s: s.label)}
    )


def staff_dashboard(request):
    from tenants.applications.selectors import workload

    roles = roles_in_municipality(user=request.user, municipality=request.tenant)
    can_manage_schemes = Capability.MANAGE_SCHEMES in capabilities(roles)
    return render(
        request,
        "portal/dashboard.html",
        {
            "roles": [Role(r).label for r in sorted(roles)],
            "capabilities": [Capability(c).label for c in capabilities(roles)],
            "is_admin": Role.MUNICIPAL_ADMIN in roles,
            "can_manage_schemes": can_manage_schemes,
            "workload": workload() if can_manage_schemes else None,
            "can_manage_recipients": Capability.MANAGE_RECIPIENTS in capabilities(roles),
        },
    )


@role_required(Role.MUNICIPAL_ADMIN)
def staff(request):
    form = InviteStaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = invite_municipal_staff(
                invited_by=request.user, municipality=request.tenant, **form.cleaned_data
            )
        except REFUSALS as exc:
            onto_form(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s har fått rollen %(role)s. En invitasjon er sendt på e-post.")
                % {"name": assignment.user.full_name, "role": assignment.get_role_display()},
            )
            return redirect("portal:staff")
    return render(
        request,
        "portal/staff.html",
        {
            "form": form,
            "staff": [
                (a, ChangeRoleForm(initial={"role": a.role}, prefix=f"r{a.pk}"))
                for a in municipal_staff(request.tenant)
            ],
            "outbox": SentMessage.objects.all()[:20],
        },
    )


def _assignment(request, assignment_pk: int) -> RoleAssignment:
    return get_object_or_404(
        RoleAssignment.objects.select_related("user"),
        pk=assignment_pk,
        municipality=request.tenant,
    )


@role_required(Role.MUNICIPAL_ADMIN)
@require_POST
def change_role(request, assignment_pk: int):
    assignment = _assignment(request, assignment_pk)
    before = assignment.get_role_display()
    form = ChangeRoleForm(request.POST, prefix=f"r{assignment.pk}")
    if not form.is_valid():
        messages.error(request, _("Velg en rolle."))
        return redirect("portal:staff")
    try:
        changed = change_municipal_role(
            by=request.user, assignment=assignment, role=form.cleaned_data["role"]
        )
    except REFUSALS as exc:
        flash(request, exc)
    else:
        messages.success(
            request,
            _("%(name)s har nå rollen %(role)s i stedet for %(before)s.")
            % {"name": assignment.user.full_name, "role": changed.get_role_display(),
               "before": before},
        )  # fmt: skip
    return redirect("portal:staff")


@role_required(Role.MUNICIPAL_ADMIN)
@require_POST
def remove_role(request, assignment_pk: int):
    assignment = _assignment(request, assignment_pk)
    role = assignment.get_role_display()
    attempt(
        request,
        lambda: remove_municipal_role(by=request.user, assignment=assignment),
        _("%(name)s har ikke lenger rollen %(role)s.")
        % {"name": assignment.user.full_name, "role": role},
    )
    return redirect("portal:staff")
