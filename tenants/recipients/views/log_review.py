"""The municipal admin's review of the access log, with unusual access flagged."""

from __future__ import annotations

import datetime

from django.shortcuts import render
from django.utils import timezone

from fritt.web.input import id_param
from fritt.web.lists import page_of, sort_key

from .. import selectors
from .common import admin


@admin
def access_log(request):
    recipient = request.GET.get("mottaker", "")
    user = request.GET.get("bruker", "")
    day = request.GET.get("dato", "")
    try:
        on = datetime.date.fromisoformat(day) if day else None
    except ValueError:
        on = None
    order = sort_key(request.GET, selectors.ACCESS_LOG_ORDERINGS, "-tid")
    entries = selectors.access_log(
        recipient_id=id_param(request.GET, "mottaker"),
        user_id=id_param(request.GET, "bruker"),
        day=on,
        order=order,
    )
    page = page_of(request.GET, entries, per_page=100)
    since = timezone.localdate() - datetime.timedelta(days=30)
    return render(
        request,
        "recipients/access_log.html",
        {"page": page, "unusual": selectors.unusual_access(since=since),
         "filters": {"mottaker": recipient, "bruker": user, "dato": day}, "sorter": order},
    )  # fmt: skip
