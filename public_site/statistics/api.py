"""The open-data statistics API (/api/v1/statistikk/): the same suppressed tables as the pages."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from fritt.accounts.roles import Role
from fritt.accounts.selectors import national_roles

from . import exports
from .selectors import filters_from
from .tables import Dashboard, public_municipality_table

FILTERS = [
    OpenApiParameter("omrade", str, description="Tomt: hele landet; f46: et fylke; "
                     "b1–b4: befolkningsgruppe (under 5 000, 5 000–19 999, 20 000–49 999, "
                     "50 000+); k4601: én kommune"),
    OpenApiParameter("tjeneste", int, description="Tjenestetypens id (tomt: alle)"),
    OpenApiParameter("fra", str, description="Første måned, ÅÅÅÅ-MM"),
    OpenApiParameter("til", str, description="Siste måned, ÅÅÅÅ-MM"),
]  # fmt: skip


class StatisticsView(APIView):
    """The indicators for an area, a service and a period, as tables of rows. Counts of
    persons from 1 to 4 are "<5", and "x" hides a cell that could otherwise be worked out
    from a total. Everyone gets the non-personal tables; a ministry analyst or operator also
    gets the tables about recipients and quality. Licence: NLOD 2.0."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="Statistikk om fritt brukervalg",
        tags=["statistikk"],
        parameters=FILTERS,
        responses=inline_serializer(
            "Statistics",
            {
                "licence": serializers.CharField(),
                "licence_url": serializers.URLField(),
                "filters": serializers.DictField(),
                "tables": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def get(self, request):
        filters = filters_from(request.query_params)
        dashboard = Dashboard.read(filters)
        analyst = request.user.is_authenticated and bool(
            national_roles(request.user) & {Role.MINISTRY_ANALYST, Role.PLATFORM_OPERATOR}
        )
        tables = dashboard.tables(public_only=not analyst)
        if not analyst:
            tables.append(public_municipality_table(dashboard.per_municipality()))
        return Response(
            {
                "licence": exports.LICENCE,
                "licence_url": exports.LICENCE_URL,
                "filters": {
                    "omrade": filters.area,
                    "tjeneste": filters.service,
                    "fra": filters.start.strftime("%Y-%m"),
                    "til": filters.end.strftime("%Y-%m"),
                },
                "tables": [t.as_data() for t in tables],
            }
        )
