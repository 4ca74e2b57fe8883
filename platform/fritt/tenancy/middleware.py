"""Routes each request by host: the national site, a municipality's site, or a clear refusal."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.shortcuts import render
from django.urls import set_urlconf
from django.utils import translation
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_tenant_model

from fritt.web.language import chosen_language


class MunicipalityRoutingMiddleware(TenantMainMiddleware):
    """Public hosts get the national site; `<slug>.<base>` gets that municipality's schema."""

    def process_request(self, request):
        connection.set_schema_to_public()
        # The refusal pages below answer before the language middleware runs; they speak the
        # visitor's language all the same.
        translation.activate(chosen_language(request))
        try:
            hostname = self.hostname_from_request(request)
        except DisallowedHost:
            return render(request, "web/unknown_host.html", {"hostname": None}, status=400)

        if hostname in settings.PUBLIC_SITE_HOSTS:
            request.tenant = None
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
            set_urlconf(request.urlconf)
            return None

        return super().process_request(request)

    def no_tenant_found(self, request, hostname):
        suffix = f".{settings.BASE_DOMAIN}"
        municipality = None
        if hostname.endswith(suffix):
            # The tenant model keeps every municipality in its registry, provisioned or not.
            municipality = get_tenant_model().find_in_registry(slug=hostname[: -len(suffix)])
        if municipality is not None:
            return render(
                request, "web/not_provisioned.html", {"municipality": municipality}, status=404
            )
        return render(request, "web/unknown_host.html", {"hostname": hostname}, status=404)


# Reading and signing in stay open on a suspended site; every other write is refused.
_OPEN_WHEN_SUSPENDED = ("/logg-inn/", "/logg-ut/", "/i18n/")


class SuspendedReadOnlyMiddleware:
    """A suspended municipality (unpaid past the grace period) keeps its site readable:
    citizens still see their providers and staff their cases, nothing is deleted, but no
    change is accepted until the payment restores it. The banner is in the base template."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        municipality = getattr(request, "tenant", None)
        if (
            municipality is not None
            and municipality.is_read_only
            and request.method not in ("GET", "HEAD", "OPTIONS")
            and not request.path.startswith(_OPEN_WHEN_SUSPENDED)
        ):
            return render(request, "web/suspended.html", {"municipality": municipality}, status=503)
        return self.get_response(request)
