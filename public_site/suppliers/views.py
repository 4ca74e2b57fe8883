"""Supplier pages on the national site: register, dashboard, colleagues, document vault."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fritt.accounts.access import role_required
from fritt.accounts.models import RoleAssignment, User
from fritt.accounts.roles import Role
from fritt.accounts.selectors import supplier_assignments
from fritt.web.errors import REFUSALS, as_text, onto_form

from . import brreg, services
from .access import supplier_for
from .forms import DocumentForm, InviteColleagueForm, RegisterForm
from .models import SupplierDocument
from .selectors import (
    colleagues,
    documents,
    expiring_documents,
    why_not_apply,
)


def register(request):
    needs_account = not request.user.is_authenticated
    # An Ansattporten login with Altinn rights for an organisation without an account lands
    # here with its org.nr filled in (checked against the register as any other).
    initial = {"orgnr": request.GET.get("orgnr", "")[:9]} if request.GET.get("orgnr") else None
    form = RegisterForm(request.POST or None, needs_account=needs_account, initial=initial)
    lookup = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        manual = services.ManualEntry(
            name=data["manual_name"],
            address=data["manual_address"],
            postcode=data["manual_postcode"],
            postplace=data["manual_postplace"],
        )
        try:
            lookup = services.preview(data["orgnr"], reveal_existing=not needs_account)
            if (
                data["confirmed"]
                or lookup.status != brreg.LookupStatus.FOUND
                and data["manual_name"]
            ):
                if needs_account:
                    # The same answer whether or not the address or the number has an
                    # account; the mail tells its owner the rest.
                    services.request_registration_by_mail(
                        orgnr=data["orgnr"],
                        email=data["email"],
                        full_name=data["full_name"],
                        manual=manual,
                    )
                    return redirect("suppliers:register_sent")
                supplier = services.register_supplier(
                    orgnr=data["orgnr"], admin=request.user, manual=manual
                )
                messages.success(
                    request,
                    _("%(name)s er registrert. Du er administrator.") % {"name": supplier.name},
                )
                return redirect("suppliers:dashboard")
            form = RegisterForm(
                {**request.POST.dict(), "confirmed": "True"}, needs_account=needs_account
            )
            form.is_valid()
        except REFUSALS as exc:
            onto_form(form, exc)
    return render(
        request,
        "suppliers/register.html",
        {"form": form, "lookup": lookup, "needs_account": needs_account},
    )


def register_sent(request):
    return render(request, "suppliers/register_sent.html")


def finish_registration(request, uidb64: str, token: str):
    """The link from the registration mail: choose a password, and the supplier is created."""
    try:
        user = User.objects.get(pk=urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    signed = request.GET.get("r", "")
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "suppliers/register_finish.html", {"validlink": False})
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            supplier = services.finish_registration(
                user=user, signed=signed, password=form.cleaned_data["new_password1"]
            )
        except REFUSALS as exc:
            onto_form(form, exc)
        else:
            login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
            messages.success(
                request,
                _("%(name)s er registrert. Du er administrator.") % {"name": supplier.name},
            )
            return redirect("suppliers:dashboard")
    return render(request, "suppliers/register_finish.html", {"validlink": True, "form": form})


@role_required(Role.SUPPLIER_ADMIN, Role.SUPPLIER_MEMBER)
def dashboard(request):
    from public_site.applying.selectors import supplier_todo

    accounts = [
        {
            "assignment": a,
            "supplier": a.supplier,
            "blockers": why_not_apply(a.supplier),
            "colleagues": colleagues(a.supplier),
            "expiring": expiring_documents(supplier=a.supplier),
            "todo": supplier_todo(a.supplier),
        }
        for a in supplier_assignments(request.user)
    ]
    return render(request, "suppliers/dashboard.html", {"accounts": accounts})


@role_required(Role.SUPPLIER_ADMIN, Role.SUPPLIER_MEMBER)
def colleagues_page(request, pk: int):
    supplier, role = supplier_for(request, pk)
    form = InviteColleagueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_colleague(
                supplier=supplier, invited_by=request.user, **form.cleaned_data
            )
        except REFUSALS as exc:
            onto_form(form, exc)
        else:
            messages.success(request, _("Invitasjonen er sendt."))
            return redirect("suppliers:colleagues", pk=pk)
    return render(
        request,
        "suppliers/colleagues.html",
        {"supplier": supplier, "is_admin": role == Role.SUPPLIER_ADMIN, "form": form,
         "colleagues": colleagues(supplier)},
    )  # fmt: skip


@require_POST
@role_required(Role.SUPPLIER_ADMIN)
def remove_colleague(request, pk: int, assignment_pk: int):
    supplier, _role = supplier_for(request, pk)
    assignment = get_object_or_404(RoleAssignment, pk=assignment_pk, supplier=supplier)
    try:
        services.remove_colleague(assignment=assignment, removed_by=request.user)
    except REFUSALS as exc:
        messages.error(request, as_text(exc))
    else:
        messages.success(request, _("%(name)s er fjernet.") % {"name": assignment.user.full_name})
    return redirect("suppliers:colleagues", pk=pk)


@role_required(Role.SUPPLIER_ADMIN, Role.SUPPLIER_MEMBER)
def documents_page(request, pk: int):
    supplier, _role = supplier_for(request, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.upload_document(
                supplier=supplier, uploaded_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error("upload", exc)
        else:
            messages.success(request, _("Dokumentet er lagret i dokumentarkivet."))
            return redirect("suppliers:documents", pk=pk)
    expiring = set(expiring_documents(supplier=supplier).values_list("pk", flat=True))
    return render(
        request,
        "suppliers/documents.html",
        {
            "supplier": supplier,
            "form": form,
            "documents": documents(supplier),
            "expiring": expiring,
            "today": timezone.localdate(),
        },
    )


@role_required(Role.SUPPLIER_ADMIN, Role.SUPPLIER_MEMBER)
def download_document(request, pk: int, document_pk: int):
    supplier, _role = supplier_for(request, pk)
    document = get_object_or_404(SupplierDocument, pk=document_pk, supplier=supplier)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}[
        document.content_type
    ]
    return FileResponse(
        handle,
        content_type=document.content_type,
        as_attachment=True,
        filename=f"{document.get_document_type_display()}.{extension}",
    )


@require_POST
@role_required(Role.SUPPLIER_ADMIN, Role.SUPPLIER_MEMBER)
def delete_document(request, pk: int, document_pk: int):
    supplier, _role = supplier_for(request, pk)
    document = get_object_or_404(SupplierDocument, pk=document_pk, supplier=supplier)
    services.delete_document(document=document, deleted_by=request.user)
    messages.success(request, _("Dokumentet er slettet."))
    return redirect("suppliers:documents", pk=pk)
