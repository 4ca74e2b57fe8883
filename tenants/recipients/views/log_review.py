"""The municipal admin's review of the access log, with unusual access flagged."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fritt.tenancy.schemas import current_municipality, in_municipality
from fritt.web.csv_export import safe_writer
from fritt.web.input import id_param
from fritt.web.lists import page_of, sort_key

from .. import searches, selectors, services
from .common import admin

# Names are personal data: they are posted, kept in the session, and the URL carries a token.
NAME_FIELDS = ("mottaker_navn", "bruker_navn")


def _query(request) -> tuple[dict[str, Any] | None, HttpResponse | None]:
    """The filters of `request.GET` (names recalled from the session), or where to go instead
    when the name search has expired."""
    names = dict.fromkeys(NAME_FIELDS, "")
    token = request.GET.get("sok", "")
    if token:
        saved = searches.recall(request.session, token)
        if saved is None:
            messages.info(request, _("Navnesøket er utløpt. Søk på nytt."))
            return None, redirect("recipients:access_log")
        names.update({k: v for k, v in json.loads(saved).items() if k in NAME_FIELDS})
    day = request.GET.get("dato", "")
    try:
        on = datetime.date.fromisoformat(day) if day else None
    except ValueError:
        on = None
    return {
        "recipient_id": id_param(request.GET, "mottaker"),
        "user_id": id_param(request.GET, "bruker"),
        "day": on,
        "order": sort_key(request.GET, selectors.ACCESS_LOG_ORDERINGS, "-tid"),
        "recipient_name": names["mottaker_navn"],
        "user_name": names["bruker_navn"],
        "token": token,
    }, None


def _selected(query: dict[str, Any]):
    return selectors.access_log(**{k: v for k, v in query.items() if k != "token"})


@admin
def access_log(request):
    if request.method == "POST":
        names = {k: request.POST.get(k, "").replace("\x00", "").strip()[:200] for k in NAME_FIELDS}
        if not any(names.values()):
            return redirect("recipients:access_log")
        token = searches.remember(request.session, json.dumps(names))
        return redirect(f"{reverse('recipients:access_log')}?sok={token}")
    query, elsewhere = _query(request)
    if elsewhere is not None:
        return elsewhere
    page = page_of(request.GET, _selected(query), per_page=100)
    return render(
        request,
        "recipients/access_log.html",
        {"page": page, "unusual": selectors.recent_unusual_access(days=30),
         "rows": [(e, selectors.in_plain_words(e)) for e in page.object_list],
         "filters": {"mottaker": request.GET.get("mottaker", ""),
                     "bruker": request.GET.get("bruker", ""), "dato": request.GET.get("dato", ""),
                     "sok": query["token"]},
         "names": {k: query[k] for k in ("recipient_name", "user_name")},
         "export_query": request.GET.urlencode(), "sorter": query["order"]},
    )  # fmt: skip


class _Line:
    """A file-like sink for csv.writer that hands back what was written (for streaming)."""

    def write(self, value: str) -> str:
        return value


def _export_lines(query: dict[str, Any], municipality) -> Iterator[str]:
    writer = safe_writer(_Line(), delimiter=";")
    yield "\ufeff" + writer.writerow(
        [_("Når"), _("Bruker (nr.)"), _("Hvem"), _("Rolle"), _("Mottaker (nr.)"), _("Hva"),
         _("Fra")]
    )  # fmt: skip
    # A streamed body is read after the view has returned: enter the schema again.
    with in_municipality(municipality):
        for entry in _selected(query).iterator(chunk_size=2000):
            plain = selectors.in_plain_words(entry)
            yield writer.writerow(
                [timezone.localtime(entry.at).isoformat(timespec="seconds"), entry.user_id,
                 plain.who, plain.role, entry.recipient_id, plain.what, entry.ip or ""]
            )  # fmt: skip


@admin
def access_log_export(request):
    """The filtered log as CSV (semicolon, UTF-8 with BOM); the export is itself recorded."""
    query, elsewhere = _query(request)
    if elsewhere is not None:
        return elsewhere
    services.record_log_export(
        by=request.user,
        rows=_selected(query).count(),
        filters={
            "recipient": query["recipient_id"],
            "user": query["user_id"],
            "day": query["day"].isoformat() if query["day"] else None,
            "by_name": bool(query["recipient_name"] or query["user_name"]),
        },
    )
    response = StreamingHttpResponse(
        _export_lines(query, current_municipality()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="tilgangslogg.csv"'
    return response
