"""Supplier pages for apply-once: choose announcements, answer once, follow every part, and
saved searches. Actions on a part run in its municipality's schema (see services)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fritt.accounts.access import role_required
from fritt.accounts.roles import Role
from fritt.errors import error_code
from fritt.web.errors import REFUSALS, as_text, flash
from fritt.web.input import BadInput, id_list_param
from public_site.announcements.selectors import AnnouncementQuery, search_announcements
from public_site.applying.errors import ApplyingError
from public_site.catalogue.models import ServiceType
from public_site.suppliers.access import supplier_for
from public_site.suppliers.models import Supplier
from public_site.suppliers.selectors import why_not_apply
from tenants.municipalities.models import County

from . import selectors, services
from .forms import (
    ApprovalFactsForm,
    CommonAnswersForm,
    PartForm,
    ReasonsForm,
    SavedSearchForm,
    SupplementForm,
)
from .models import ApplicationPart, SavedSearch

SUPPLIER_ROLES = (Role.SUPPLIER_ADMIN, Role.SUPPLIER_MEMBER)


@role_required(*SUPPLIER_ROLES)
def choose(request, pk: int):
    """Step 1: pick open announcements, from as many municipalities as you like."""
    supplier, _role = supplier_for(request, pk)
    query = AnnouncementQuery.from_params({**request.GET.dict(), "status": "open"})
    page = Paginator(search_announcements(query), 50).get_page(request.GET.get("side"))
    return render(
        request,
        "applying/choose.html",
        {
            "supplier": supplier,
            "page": page,
            "query": query,
            "blockers": why_not_apply(supplier),
            "service_types": ServiceType.objects.all(),
            "counties": County.objects.all(),
            "selected": set(id_list_param(request.GET, "k")),
        },
    )


@role_required(*SUPPLIER_ROLES)
def apply(request, pk: int):
    """Step 2: answer the common questions once and each scheme's own questions, submit."""
    supplier, _role = supplier_for(request, pk)
    source = request.POST if request.method == "POST" else request.GET
    ids = id_list_param(source, "k")
    announcements = selectors.open_announcements(ids)
    if not announcements:
        messages.error(request, _("Velg minst én åpen kunngjøring å søke på."))
        return redirect("applying:choose", pk=pk)
    data = request.POST if request.method == "POST" else None
    # The contact person is usually the one applying: filled in from the account.
    common = CommonAnswersForm(
        data,
        prefix="felles",
        initial={"contact_name": request.user.full_name, "contact_email": request.user.email},
    )
    parts = [
        PartForm(
            data,
            announcement=a,
            facts=services.scheme_form_facts(a),
            supplier=supplier,
        )
        for a in announcements
    ]
    blockers = why_not_apply(supplier)
    if request.method == "POST" and not blockers:
        part_results = [p.is_valid() for p in parts]  # validate every part to show all errors
        valid = common.is_valid() and all(part_results)
        if valid:
            try:
                services.submit_envelope(
                    supplier=supplier,
                    by=request.user,
                    common_answers=common.cleaned_data,
                    parts=[(p.announcement, p.part_request()) for p in parts],
                )
            except services.ApplyError as exc:
                common.add_error(
                    None,
                    _("Ingenting er sendt. %(where)s: %(why)s")
                    % {"where": exc.announcement.host.display_name, "why": as_text(exc.error)},
                )
            except REFUSALS as exc:
                common.add_error(None, as_text(exc))
            else:
                messages.success(
                    request,
                    _("Søknaden er sendt til %(n)d ordninger. Følg behandlingen her.")
                    % {"n": len(parts)},
                )
                return redirect("applying:status", pk=pk)
    return render(
        request,
        "applying/apply.html",
        {
            "supplier": supplier,
            "common": common,
            "parts": parts,
            "blockers": blockers,
            "ids": [a.pk for a in announcements],
        },
        # A submission that gets here was refused: say so to scripts as well as to people.
        status=400 if request.method == "POST" else 200,
    )


@role_required(*SUPPLIER_ROLES)
def status(request, pk: int):
    supplier, role = supplier_for(request, pk)
    return render(
        request,
        "applying/status.html",
        {"supplier": supplier, "parts": selectors.supplier_parts(supplier), "role": role},
    )


def _part_for(request, pk: int, part_pk: int) -> tuple[Supplier, str, ApplicationPart]:
    supplier, role = supplier_for(request, pk)
    part = get_object_or_404(
        ApplicationPart.objects.select_related("announcement", "municipality", "envelope"),
        pk=part_pk,
        envelope__supplier=supplier,
    )
    return supplier, role, part


@role_required(*SUPPLIER_ROLES)
def part_detail(request, pk: int, part_pk: int):
    supplier, role, part = _part_for(request, pk, part_pk)
    details = services.part_details(part=part)
    return render(
        request,
        "applying/part.html",
        {
            "supplier": supplier,
            "part": part,
            "details": details,
            "is_admin": role == Role.SUPPLIER_ADMIN,
            "supplement_form": SupplementForm(supplier=supplier),
            "reasons_form": ReasonsForm(),
            "facts_form": ApprovalFactsForm(initial=details["approval"]["facts"])
            if details["approval"]
            else None,
        },
    )


@require_POST
@role_required(*SUPPLIER_ROLES)
def part_action(request, pk: int, part_pk: int, action: str):
    supplier, _role, part = _part_for(request, pk, part_pk)
    try:
        if action == "suppler":
            form = SupplementForm(request.POST, supplier=supplier)
            if not form.is_valid():
                raise ValidationError(_("Sjekk svaret og dokumentene."), code="invalid")
            services.supplement(
                part=part,
                by=request.user,
                message=form.cleaned_data["message"],
                document_ids=form.cleaned_data["documents"],
            )
            messages.success(request, _("Svaret er sendt til kommunen."))
        elif action == "trekk":
            services.withdraw(part=part, by=request.user)
            messages.success(request, _("Søknaden er trukket."))
        elif action == "aksepter":
            services.accept_contract(part=part, by=request.user)
            messages.success(request, _("Kontrakten er akseptert."))
        elif action == "fakta":
            form = ApprovalFactsForm(request.POST)
            if not form.is_valid():
                raise ValidationError(
                    [e for errs in form.errors.values() for e in errs], code="invalid"
                )
            services.update_facts(part=part, by=request.user, **form.cleaned_data)
            messages.success(request, _("Opplysningene er oppdatert i kommunens valgside."))
        elif action == "avslutt":
            services.end_approval(
                part=part, by=request.user, reasons=request.POST.get("reasons", "")
            )
            messages.success(request, _("Godkjenningen er avsluttet med oppsigelsestid."))
        else:
            raise Http404
    except REFUSALS as exc:
        if error_code(exc) == ApplyingError.NOT_APPROVED:
            # The page offers these actions only on an approval: this request was made by hand.
            raise BadInput(as_text(exc), code="not_approved") from None
        flash(request, exc)
    return redirect("applying:part", pk=pk, part_pk=part_pk)


@role_required(*SUPPLIER_ROLES)
def contract(request, pk: int, part_pk: int):
    _supplier, _role, part = _part_for(request, pk, part_pk)
    content = services.contract_pdf(part=part)
    if content is None:
        raise Http404
    from io import BytesIO

    return FileResponse(
        BytesIO(content),
        content_type="application/pdf",
        as_attachment=True,
        filename="kontrakt.pdf",
    )


@role_required(*SUPPLIER_ROLES)
def saved_search_list(request):
    form = SavedSearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        params = {k: v for k, v in request.POST.items() if k in SAVED_PARAMS and v}
        services.save_search(user=request.user, name=form.cleaned_data["name"], params=params)
        messages.success(request, _("Søket er lagret. Du får e-post når nye kunngjøringer passer."))
        return redirect("applying:saved_searches")
    searches = [
        (s, AnnouncementQuery.from_params(s.params)) for s in selectors.saved_searches(request.user)
    ]
    return render(request, "applying/saved_searches.html", {"searches": searches, "form": form})


SAVED_PARAMS = {"q", "tjeneste", "fylke", "kommune", "interkommunal"}


@require_POST
@role_required(*SUPPLIER_ROLES)
def saved_search_delete(request, search_pk: int):
    search = get_object_or_404(SavedSearch, pk=search_pk, user=request.user)
    services.delete_saved_search(user=request.user, search=search)
    messages.success(request, _("Det lagrede søket er slettet."))
    return redirect("applying:saved_searches")
