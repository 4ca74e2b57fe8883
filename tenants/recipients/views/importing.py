"""The case worker's import of recipients who already have a provider: a CSV upload (with a
template and an example to download), all lines or none, answered with a report per line."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from fritt.identity.sessions import recent_login_required
from fritt.web.csv_export import safe_writer
from fritt.web.errors import REFUSALS

from .. import services
from ..forms import ImportForm
from .common import case_worker, client_ip


@case_worker
@recent_login_required
def import_page(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report, problem = None, None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = services.rows_from_csv(upload.read(services.existing.MAX_CSV_BYTES + 1))
        except REFUSALS as exc:
            problem = " ".join(exc.messages)
        else:
            # The header is line 1, so the first data line is line 2, as a spreadsheet shows.
            report = services.import_cases(
                by=request.user, rows=rows, first_line=2, ip=client_ip(request)
            )
    status = 400 if problem or (report and not report.ok) else 200
    return render(
        request,
        "recipients/import.html",
        {"form": form, "report": report, "problem": problem},
        status=status,
    )


def _csv(name: str, rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # a spreadsheet then reads æ, ø and å right
    safe_writer(response, delimiter=";").writerows(rows)
    return response


@case_worker
def import_template(request):
    return _csv("import-mal.csv", services.template_rows(example=False))


@case_worker
def import_example(request):
    return _csv("import-eksempel.csv", services.template_rows(example=True))
