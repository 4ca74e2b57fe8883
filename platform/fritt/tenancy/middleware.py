"""Routes each request by host: the national site, a municipality's site, or a clear refusal."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.shortcuts import render
from django.urls import set_urlconf
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_tenant_model


class MunicipalityRoutingMiddleware(TenantMainMiddleware):
    """Public hosts get the national site; `<slug>.<base>` gets that municipality's schema."""

    def process_request(self, request):
        connection.set_schema_to_public()
        try:
            hostname = self.hostname_from_request(request)
        except DisallowedHost:
            return render(request, "web/unknown_host.html", {"hostname": None}, status=400)

        if hostname in settings.PUBLIC_SITE_HOSTS:
            request.tenant = None
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
            set_urlconf(request.urlconf)
            return None

        response = super().process_request(request)
        if response is not None:
            return response
        if request.tenant.is_suspended:
            connection.set_schema_to_public()
            return render(
                request, "web/suspended.html", {"municipality": request.tenant}, status=503
            )
        return None

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
