"""The scheme pages of a municipality's site: public list and detail, and the officer's pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fritt.accounts.access import public_page, role_required
from fritt.accounts.roles import Role
from fritt.web.errors import REFUSALS, attempt, onto_form
from tenants.municipalities.models import Municipality
from tenants.municipalities.selectors import suggest_provisioned
from tenants.zones.services import create_zone

from . import services
from .forms import ConditionForm, ParticipantsForm, RateForm, SchemeForm, ZonesForm
from .models import ApprovalCondition, JointStatus, Rate, Scheme
from .selectors import (
    joint_participants,
    missing_for_publication,
    municipal_schemes,
    public_schemes,
    snapshot,
)

officer = role_required(Role.MUNICIPAL_OFFICER, Role.MUNICIPAL_ADMIN)
admin = role_required(Role.MUNICIPAL_ADMIN)


@public_page
def public_list(request):
    from public_site.announcements.selectors import joint_announcements_for

    return render(
        request,
        "schemes/public_list.html",
        {"schemes": public_schemes(), "joint": joint_announcements_for(request.tenant)},
    )


@public_page
def public_detail(request, pk: int):
    scheme = get_object_or_404(public_schemes(), pk=pk)
    return render(request, "schemes/public_detail.html", {"scheme": scheme, "d": snapshot(scheme)})


@officer
def staff_list(request):
    return render(request, "schemes/staff_list.html", {"schemes": municipal_schemes()})


@officer
def staff_create(request):
    form = SchemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            scheme = services.create_scheme(by=request.user, **form.cleaned_data)
        except REFUSALS as exc:
            onto_form(form, exc)
        else:
            messages.success(request, _("Ordningen er opprettet som utkast."))
            return redirect("schemes:staff_detail", pk=scheme.pk)
    return render(request, "schemes/staff_form.html", {"form": form, "scheme": None})


@officer
def staff_edit(request, pk: int):
    scheme = get_object_or_404(Scheme, pk=pk)
    form = SchemeForm(request.POST or None, instance=Scheme.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_scheme(scheme=scheme, by=request.user, **form.cleaned_data)
        except REFUSALS as exc:
            onto_form(form, exc)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect("schemes:staff_detail", pk=scheme.pk)
    return render(request, "schemes/staff_form.html", {"form": form, "scheme": scheme})


@officer
def staff_detail(request, pk: int):
    scheme = get_object_or_404(Scheme.objects.select_related("service_type"), pk=pk)
    chosen = list(
        Municipality.objects.filter(
            pk__in=scheme.participants.filter(
                status__in=[JointStatus.INVITED, JointStatus.ACCEPTED], leaves_on__isnull=True
            ).values("municipality")
        ).order_by("name_norwegian")
    )
    # Participants are found by a search field (name or kommunenummer), never a list of every
    # municipality on the platform: the chosen ones stay ticked, the suggestions can be added.
    search = request.GET.get("kommune", "").strip()[:100]
    forms = {
        "condition_form": ConditionForm(),
        "rate_form": RateForm(),
        "zones_form": ZonesForm(initial={"zones": scheme.zones.all()}),
        "participants_form": ParticipantsForm(host=request.tenant),
        "chosen_participants": chosen,
        "participant_search": search,
        "participant_suggestions": suggest_provisioned(
            search, exclude=[request.tenant.pk, *(m.pk for m in chosen)]
        ),
        "joint_participants": joint_participants(scheme),
    }
    return render(
        request,
        "schemes/staff_detail.html",
        {
            "scheme": scheme,
            "d": snapshot(scheme),
            "missing": missing_for_publication(scheme) if scheme.status == "draft" else [],
            "history": scheme.history.select_related("by")[:50],
            **forms,
        },
    )


def _act(request, pk: int, action, done: str = "") -> object:
    """Run one service for a POSTed form; show its Norwegian error or what happened, then go
    back."""
    scheme = get_object_or_404(Scheme, pk=pk)
    attempt(request, lambda: action(scheme), done)
    return redirect("schemes:staff_detail", pk=pk)


# Closing and ending are confirmed on a page that says what runs on under the scheme.
CONFIRMED_TRANSITIONS = {"steng", "avslutt"}


def _transition_done(action: str) -> str:
    return {
        "kunngjor": _("Ordningen er kunngjort og er åpen for søknader."),
        "steng": _("Ordningen er stengt for nye søknader. Godkjenningene løper videre."),
        "gjenapne": _("Ordningen er åpnet for søknader igjen."),
        "avslutt": _("Ordningen er avsluttet."),
    }[action]


@require_POST
@officer
def staff_transition(request, pk: int, action: str):
    transitions = {
        "kunngjor": services.publish_scheme,
        "steng": services.close_scheme,
        "gjenapne": services.reopen_scheme,
        "avslutt": services.end_scheme,
    }
    if action not in transitions:
        raise PermissionDenied
    if action in CONFIRMED_TRANSITIONS and "bekreft" not in request.POST:
        from tenants.applications.selectors import scheme_load

        scheme = get_object_or_404(Scheme, pk=pk)
        return render(
            request,
            "schemes/transition_confirm.html",
            {"scheme": scheme, "action": action, "load": scheme_load(scheme)},
        )
    return _act(
        request,
        pk,
        lambda s: transitions[action](scheme=s, by=request.user),
        _transition_done(action),
    )


def _invalid(request, form, pk: int):
    # Another municipality's (or no) scheme is a 404 whatever the form holds, as in _act.
    get_object_or_404(Scheme, pk=pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("schemes:staff_detail", pk=pk)


@require_POST
@officer
def staff_add_condition(request, pk: int):
    form = ConditionForm(request.POST)
    if not form.is_valid():
        return _invalid(request, form, pk)
    return _act(
        request,
        pk,
        lambda s: services.add_condition(scheme=s, by=request.user, **form.cleaned_data),
    )


@require_POST
@officer
def staff_remove_condition(request, pk: int, condition_pk: int):
    condition = get_object_or_404(ApprovalCondition, pk=condition_pk, scheme_id=pk)
    return _act(
        request, pk, lambda s: services.remove_condition(condition=condition, by=request.user)
    )


@require_POST
@officer
def staff_add_rate(request, pk: int):
    form = RateForm(request.POST)
    if not form.is_valid():
        return _invalid(request, form, pk)
    return _act(
        request, pk, lambda s: services.add_rate(scheme=s, by=request.user, **form.cleaned_data)
    )


@require_POST
@officer
def staff_remove_rate(request, pk: int, rate_pk: int):
    rate = get_object_or_404(Rate, pk=rate_pk, scheme_id=pk)
    return _act(request, pk, lambda s: services.remove_rate(rate=rate, by=request.user))


@require_POST
@officer
def staff_zones(request, pk: int):
    form = ZonesForm(request.POST)
    if not form.is_valid():
        return _invalid(request, form, pk)

    def save(scheme):
        zones = list(form.cleaned_data["zones"])
        if form.cleaned_data["new_zone"]:
            zones.append(create_zone(name=form.cleaned_data["new_zone"]))
        services.set_zones(scheme=scheme, by=request.user, zones=zones)

    return _act(request, pk, save)


@require_POST
@officer
def staff_participants(request, pk: int):
    form = ParticipantsForm(request.POST, host=request.tenant)
    if not form.is_valid():
        return _invalid(request, form, pk)
    return _act(
        request,
        pk,
        lambda s: services.set_participants(
            scheme=s, by=request.user, municipalities=list(form.cleaned_data["municipalities"])
        ),
    )


# --- Joint schemes seen from an invited municipality ---------------------------------------


@admin
def joint_invitations(request):
    from public_site.announcements.selectors import memberships_of

    return render(
        request,
        "schemes/joint_invitations.html",
        {"memberships": memberships_of(request.tenant), "notice_days": services.JOINT_NOTICE_DAYS},
    )


@require_POST
@admin
def joint_answer(request, pk: int, answer: str):
    from public_site.announcements.models import JointMembership

    membership = get_object_or_404(JointMembership, pk=pk, participant=request.tenant)
    actions = {
        "godta": lambda: services.answer_joint_invitation(
            membership=membership, by=request.user, accept=True
        ),
        "avsla": lambda: services.answer_joint_invitation(
            membership=membership, by=request.user, accept=False
        ),
        "si-opp": lambda: services.leave_joint_scheme(membership=membership, by=request.user),
    }
    if answer not in actions:
        raise Http404
    attempt(request, actions[answer], _("Svaret er registrert."))
    return redirect("schemes:joint_invitations")
