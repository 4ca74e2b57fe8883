"""The accessibility statement and the privacy notice, on the national site and on every
municipality's site (where the municipality is the controller of its recipients' data)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.shortcuts import render

from fritt.accounts.access import public_page

# When the statement and the notice were last gone through; change it when their text changes.
REVIEWED_ON = datetime.date(2026, 11, 29)


def _context(request) -> dict[str, object]:
    return {
        "reviewed_on": REVIEWED_ON,
        "support_email": settings.FRITT_SUPPORT_EMAIL,
        "tenant": getattr(request, "tenant", None),
    }


@public_page
def accessibility_statement(request):
    return render(request, "web/accessibility.html", _context(request))


@public_page
def privacy_notice(request):
    return render(request, "web/privacy.html", _context(request))
