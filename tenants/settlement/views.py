"""Pages for delivered service: the supplier's month under /oppdrag/timer/ (form, CSV upload,
template, statement) and the officer's months under /ansatt/oppgjor/. Every page that shows
recipients' names writes to the access log."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fritt.accounts.access import login_page, role_required
from fritt.accounts.roles import Role
from fritt.web.errors import attempt, flash, onto_form
from public_site.suppliers.models import Supplier
from tenants.applications.models import Approval
from tenants.recipients.models import AccessAction, Assignment, ProviderKind
from tenants.recipients.services import log_access, role_of

from . import csvio, selectors, services, statements
from .forms import CorrectionForm, LineForm, QuestionForm, UploadForm
from .models import DeliveryLine, LineSource, ReportMonth

officer = role_required(Role.MUNICIPAL_OFFICER, Role.MUNICIPAL_ADMIN)
LINES_PER_PAGE = 100
ROWS_PER_PAGE = 100


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _suppliers_here(request) -> set[int]:
    """The user's suppliers that have business in this municipality; none is a refusal."""
    ids = services.supplier_ids_of(request.user)
    has_business = ids and (
        Approval.objects.filter(supplier_id__in=ids).exists()
        or Assignment.objects.filter(joint_supplier_id__in=ids).exists()
    )
    if not has_business:
        raise PermissionDenied
    return ids


def _month_url(month: datetime.date) -> str:
    return f"{reverse('settlement:supplier_month')}?maaned={month:%Y-%m}"


@login_page
def supplier_month(request):
    """The supplier's month: report a visit, see the lines and questions, send the month."""
    supplier_ids = _suppliers_here(request)
    month = selectors.parse_month(request.GET.get("maaned") or request.POST.get("maaned"))
    return _month_page(
        request, month=month, assignments=selectors.reportable_assignments(supplier_ids, month),
        reports=selectors.reports_of_suppliers(supplier_ids, month),
        page_url=reverse("settlement:supplier_month"), supplier=True,
    )  # fmt: skip


@role_required(Role.CASE_WORKER, Role.MUNICIPAL_OFFICER, Role.MUNICIPAL_ADMIN)
def municipal_month(request):
    """The municipal provider reports the same way, for the statistics (no money)."""
    month = selectors.parse_month(request.GET.get("maaned") or request.POST.get("maaned"))
    return _month_page(
        request, month=month, assignments=selectors.reportable_municipal_assignments(month),
        reports=ReportMonth.objects.filter(provider_kind=ProviderKind.MUNICIPAL, month=month),
        page_url=reverse("settlement:municipal_month"), supplier=False,
    )  # fmt: skip


def _month_page(request, *, month, assignments, reports, page_url: str, supplier: bool):
    here = f"{page_url}?maaned={month:%Y-%m}"
    form = LineForm(assignments=assignments)
    if request.method == "POST":
        if "slett" in request.POST:
            line = DeliveryLine.objects.filter(
                pk=_int(request.POST["slett"]), report__in=reports
            ).first()
            if line is not None:
                attempt(
                    request,
                    lambda: services.delete_line(by=request.user, line=line),
                    _("Linjen er slettet."),
                )
            return redirect(here)
        if "send" in request.POST:
            report = reports.filter(pk=_int(request.POST["send"])).first()
            if report is not None:
                attempt(
                    request,
                    lambda: services.submit_month(by=request.user, report=report),
                    _("Måneden er sendt til kommunen."),
                )
            return redirect(here)
        form = LineForm(request.POST, assignments=assignments)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.report_lines(
                    by=request.user, source=LineSource.WEB,
                    lines=[services.LineInput(data["assignment"], data["date"], data["start"],
                                              data["end"], data["service"])],
                )  # fmt: skip
            except services.ReportRefused as exc:
                for problem in exc.problems:
                    form.add_error(None, problem.message)
            except (ValidationError, PermissionDenied) as exc:
                onto_form(form, exc)
            else:
                messages.success(request, _("Besøket er registrert."))
                return redirect(f"{page_url}?maaned={data['date']:%Y-%m}")
    rows = [(report, list(selectors.lines_of(report))) for report in reports]
    seen = {line.recipient for _report, lines in rows for line in lines}
    seen |= {a.decision.recipient for a in assignments}
    log_access(
        role=role_of(request.user),
        user=request.user, recipients=sorted(seen, key=lambda r: r.pk),
        action=AccessAction.ASSIGNMENT if supplier else AccessAction.VIEW,
        what=f"timer {month:%Y-%m}", ip=_ip(request),
    )  # fmt: skip
    return render(
        request,
        "settlement/supplier_month.html",
        {
            "month": month,
            "months": selectors.previous_months(selectors.parse_month(None), 6),
            "form": form,
            "rows": rows,
            "upload_form": UploadForm(),
            "assignments": assignments,
            "supplier": supplier,
        },
    )


def _int(text: str) -> int:
    return int(text) if str(text).isdigit() else -1


@require_POST
@login_page
def supplier_upload(request):
    """A month's CSV: accepted whole or refused whole, with what is wrong on which line."""
    _suppliers_here(request)
    month = selectors.parse_month(request.POST.get("maaned"))
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_month_url(month))
    lines, problems = csvio.parse_upload(form.cleaned_data["file"].read())
    try:
        if problems:
            raise services.ReportRefused(problems)
        saved = services.report_lines(by=request.user, lines=lines, source=LineSource.CSV)
    except services.ReportRefused as exc:
        more = []
        if lines and problems:
            try:
                services.check_lines(by=request.user, lines=lines, today=_today())
            except services.ReportRefused as also:
                more = also.problems
        everything = sorted(exc.problems + more, key=lambda p: p.number)
        messages.error(
            request,
            _(
                "Filen ble ikke lest inn. Ingen linjer er lagret. Rett feilene "
                "og last opp hele filen på nytt."
            ),
        )
        for p in everything[:200]:
            messages.error(
                request,
                _("Linje %(number)s: %(message)s") % {"number": p.number, "message": p.message},
                extra_tags=f"linje-{p.number} {p.code}",
            )
        return redirect(_month_url(month))
    except (ValidationError, PermissionDenied) as exc:
        flash(request, exc)
        return redirect(_month_url(month))
    messages.success(request, _("%(n)s linjer er lest inn.") % {"n": len(saved)})
    return redirect(_month_url(month))


def _today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


@login_page
def supplier_template(request):
    """The CSV template, with an example line for each of the supplier's assignments."""
    supplier_ids = _suppliers_here(request)
    month = selectors.parse_month(request.GET.get("maaned"))
    examples = [
        (a.pk, a.decision.service_type.label)
        for a in selectors.reportable_assignments(supplier_ids, month)
    ]
    response = HttpResponse(csvio.template(examples, month), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="timeliste-mal.csv"'
    return response


def _provider_name(report: ReportMonth) -> str:
    if report.provider_kind == ProviderKind.MUNICIPAL:
        return str(ProviderKind.MUNICIPAL.label)
    supplier = Supplier.objects.filter(pk=report.supplier_id).first()
    return supplier.name if supplier else f"#{report.supplier_id}"


def _statement_response(request, report: ReportMonth, fmt: str) -> HttpResponse:
    statement = statements.build(report, _provider_name(report))
    log_access(
        role=role_of(request.user),
        user=request.user,
        recipients=sorted({x.recipient for x in statement.lines}, key=lambda r: r.pk),
        action=AccessAction.EXPORT,
        what=f"oppgjør {report.month:%Y-%m}",
        ip=_ip(request),
    )
    name = f"oppgjor-{report.order_reference}.{fmt}"
    if fmt == "pdf":
        response = HttpResponse(statements.as_pdf(statement), content_type="application/pdf")
    else:
        response = HttpResponse(
            statements.as_csv(statement), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _supplier_report(request) -> ReportMonth:
    supplier_ids = _suppliers_here(request)
    month = selectors.parse_month(request.GET.get("maaned"))
    report = selectors.reports_of_suppliers(supplier_ids, month).order_by("pk").first()
    if report is None:
        raise Http404
    return report


@login_page
def supplier_statement_csv(request):
    return _statement_response(request, _supplier_report(request), "csv")


@login_page
def supplier_statement_pdf(request):
    return _statement_response(request, _supplier_report(request), "pdf")


# --- The officer ---------------------------------------------------------------------------


@officer
def month_list(request):
    month = selectors.parse_month(request.GET.get("maaned"))
    rows = selectors.month_overview(month)
    names = dict(
        Supplier.objects.filter(pk__in=[r["supplier_id"] for r in rows]).values_list("pk", "name")
    )
    for row in rows:
        row["name"] = names.get(row["supplier_id"]) or str(ProviderKind.MUNICIPAL.label)
    return render(
        request,
        "settlement/month_list.html",
        {
            "month": month,
            "rows": rows,
            "months": selectors.previous_months(selectors.parse_month(None), 12),
        },
    )


@officer
def report_detail(request, pk: int):
    """One provider's month: totals per recipient and band, flags, lines; ask, approve, correct."""
    report = get_object_or_404(ReportMonth, pk=pk)
    if request.method == "POST":
        _officer_action(request, report)
        return redirect("settlement:report", pk=report.pk)
    summary = selectors.month_summary(report)
    # A city's month has thousands of recipients and tens of thousands of lines: the totals
    # at the top, then a page at a time of each (flagged recipients first).
    ordered = sorted(summary.rows, key=lambda r: (not r.over_extent, r.recipient.full_name))
    rows = Paginator(ordered, ROWS_PER_PAGE).get_page(request.GET.get("rad"))
    lines = Paginator(selectors.lines_of(report, with_service=False), LINES_PER_PAGE).get_page(
        request.GET.get("side")
    )
    shown = {r.recipient.pk for r in rows} | {line.recipient_id for line in lines}
    log_access(
        role=role_of(request.user),
        user=request.user,
        recipient_ids=sorted(shown),
        action=AccessAction.VIEW,
        what=f"oppgjør {report.month:%Y-%m}",
        ip=_ip(request),
    )
    return render(
        request,
        "settlement/report.html",
        {
            "report": report,
            "summary": summary,
            "lines": lines,
            "rows": rows,
            "name": _provider_name(report),
            "bands": statements.BAND_NAMES.values(),
        },
    )


def _officer_action(request, report: ReportMonth) -> None:
    action = request.POST.get("handling", "")
    try:
        if action == "godkjenn":
            services.approve_month(by=request.user, report=report)
            messages.success(request, _("Måneden er godkjent og låst."))
            return
        line = report.lines.filter(pk=_int(request.POST.get("line", ""))).first()
        if line is None:
            messages.error(request, _("Velg en linje."))
            return
        if action == "spor":
            form = QuestionForm(request.POST)
            services.ask_about_line(
                by=request.user, line=line, question=request.POST.get("question", "")
            )
            messages.success(request, _("Spørsmålet er sendt til leverandøren."))
        elif action == "korriger":
            form = CorrectionForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Ugyldig dato eller klokkeslett."))
                return
            data = form.cleaned_data
            replacement = None
            if data["date"] and data["start"] and data["end"]:
                replacement = services.LineInput(
                    line.assignment_id, data["date"], data["start"], data["end"], line.service
                )
            services.correct_line(by=request.user, line=line, replacement=replacement)
            messages.success(request, _("Linjen er korrigert med nye linjer."))
        else:
            messages.error(request, _("Ukjent handling."))
    except (ValidationError, PermissionDenied) as exc:
        flash(request, exc)


@officer
def report_csv(request, pk: int):
    return _statement_response(request, get_object_or_404(ReportMonth, pk=pk), "csv")


@officer
def report_pdf(request, pk: int):
    return _statement_response(request, get_object_or_404(ReportMonth, pk=pk), "pdf")
