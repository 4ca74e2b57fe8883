"""The open JSON API of the national site (/api/v1/): the municipality registry."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from fritt.web.context import municipality_url
from tenants.municipalities.models import Lifecycle, Municipality


class MunicipalitySerializer(serializers.ModelSerializer):
    county = serializers.CharField(source="county.name")
    county_number = serializers.CharField(source="county_id")
    site_url = serializers.SerializerMethodField()

    class Meta:
        model = Municipality
        fields = [
            "kommunenummer",
            "name",
            "name_norwegian",
            "county_number",
            "county",
            "population",
            "maalform",
            "sami_area",
            "orgnr",
            "lifecycle",
            "site_url",
        ]

    def get_site_url(self, obj: Municipality) -> str | None:
        live = obj.lifecycle in {Lifecycle.PROVISIONED, Lifecycle.ACTIVE}
        return municipality_url(obj.slug, request=self.context.get("request")) if live else None


class MunicipalityFilter(django_filters.FilterSet):
    county = django_filters.CharFilter(field_name="county_id", help_text="Fylkesnummer, f.eks. 46")
    lifecycle = django_filters.ChoiceFilter(choices=Lifecycle.choices)

    class Meta:
        model = Municipality
        fields = ["county", "lifecycle", "sami_area"]


@extend_schema_view(
    get=extend_schema(summary="Kommuneregisteret", tags=["kommuner"]),
)
class MunicipalityList(generics.ListAPIView):
    """All 357 municipalities, with whether and where each is on Fritt brukervalg."""

    permission_classes = [AllowAny]
    serializer_class = MunicipalitySerializer
    filterset_class = MunicipalityFilter
    queryset = Municipality.registry.select_related("county").order_by("kommunenummer")


@extend_schema_view(get=extend_schema(summary="Én kommune", tags=["kommuner"]))
class MunicipalityDetail(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = MunicipalitySerializer
    lookup_field = "kommunenummer"
    queryset = Municipality.registry.select_related("county")
