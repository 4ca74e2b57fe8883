"""Open JSON API for announcements under /api/v1/, with the same filters as the search page."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from public_site.suppliers.models import Supplier

from .models import Announcement
from .selectors import (
    SORTS,
    AnnouncementQuery,
    search_announcements,
    supplier_register,
)


class AnnouncementSerializer(serializers.ModelSerializer):
    host = serializers.SerializerMethodField()
    participants = serializers.SerializerMethodField()
    service_type = serializers.CharField(source="service_type.code")
    approved_suppliers = serializers.SerializerMethodField()

    class Meta:
        model = Announcement
        fields = [
            "id",
            "title",
            "summary",
            "service_type",
            "status",
            "is_joint",
            "host",
            "participants",
            "version",
            "published_at",
            "last_changed_at",
            "last_change_summary",
            "approved_suppliers",
            "details",
        ]

    def _municipality(self, m) -> dict[str, str]:
        return {"kommunenummer": m.kommunenummer, "name": m.name_norwegian, "slug": m.slug}

    def get_host(self, obj: Announcement) -> dict[str, str]:
        return self._municipality(obj.host)

    def get_participants(self, obj: Announcement) -> list[dict[str, str]]:
        return [self._municipality(m) for m in obj.participants.all()]

    def get_approved_suppliers(self, obj: Announcement) -> list[dict[str, str]]:
        return [{"orgnr": s.orgnr, "name": s.name} for s in obj.approved_suppliers.all()]


FILTERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Fritekst (norsk søk)"),
    OpenApiParameter("tjeneste", OpenApiTypes.STR, description="Tjenestetype (kode)"),
    OpenApiParameter("fylke", OpenApiTypes.STR, description="Fylkesnummer"),
    OpenApiParameter("kommune", OpenApiTypes.STR, description="Kommune (adresse/slug)"),
    OpenApiParameter(
        "status", OpenApiTypes.STR, enum=["open", "closed", "ended"],
        description="Standard: åpne og stengte",
    ),
    OpenApiParameter("interkommunal", OpenApiTypes.BOOL, description="Bare interkommunale"),
    OpenApiParameter("sorter", OpenApiTypes.STR, enum=list(SORTS)),
]  # fmt: skip


@extend_schema_view(
    get=extend_schema(summary="Søk i kunngjøringer", tags=["kunngjøringer"], parameters=FILTERS)
)
class AnnouncementList(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = AnnouncementSerializer
    filter_backends: list = []

    def get_queryset(self):
        query = AnnouncementQuery.checked(self.request.query_params)
        return search_announcements(query).prefetch_related("participants", "approved_suppliers")


@extend_schema_view(get=extend_schema(summary="Én kunngjøring", tags=["kunngjøringer"]))
class AnnouncementDetail(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = AnnouncementSerializer
    queryset = Announcement.objects.select_related("host", "service_type")


class ApprovedInSerializer(serializers.Serializer):
    announcement = serializers.IntegerField(source="pk", help_text="Kunngjøringens id")
    title = serializers.CharField()
    service_type = serializers.CharField(source="service_type.code", help_text="Tjenestetype")
    host = serializers.CharField(source="host.kommunenummer", help_text="Vertskommunen")
    municipalities = serializers.SerializerMethodField(
        help_text="Kommunenumrene der godkjenningen gjelder (vertskommunen og deltakerne)"
    )

    def get_municipalities(self, obj: Announcement) -> list[str]:
        return [obj.host.kommunenummer, *sorted(m.kommunenummer for m in obj.participants.all())]


class RegisteredSupplierSerializer(serializers.ModelSerializer):
    approved_in = ApprovedInSerializer(many=True, read_only=True)

    class Meta:
        model = Supplier
        fields = ["orgnr", "name", "approved_in"]


REGISTER_FILTERS = [
    OpenApiParameter("tjeneste", OpenApiTypes.STR, description="Tjenestetype (kode)"),
    OpenApiParameter(
        "kommune", OpenApiTypes.STR,
        description="Kommune (adresse/slug): godkjent der, som vert eller deltaker",
    ),
]  # fmt: skip


@extend_schema_view(
    get=extend_schema(
        summary="Leverandørregisteret",
        description=(
            "Godkjente leverandører (organisasjonsnummer og navn) med kommunene og tjenestene "
            "der de er godkjent, i ordninger som ikke er avsluttet."
        ),
        tags=["leverandører"],
        parameters=REGISTER_FILTERS,
    )
)
class SupplierRegister(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = RegisteredSupplierSerializer
    filter_backends: list = []

    def get_queryset(self):
        params = self.request.query_params
        # The same checks, codes and messages as the announcement filters.
        query = AnnouncementQuery.checked({k: params.get(k, "") for k in ("tjeneste", "kommune")})
        return supplier_register(service_type=query.service_type, municipality=query.municipality)
