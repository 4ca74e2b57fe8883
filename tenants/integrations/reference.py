"""Reference data for the municipality's systems and suppliers' systems: service codes, zones,
announced schemes with the providers eligible in them (by org.nr), and the rates. All of it
is public (the announcement says as much), so no credentials are needed."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics, permissions, serializers

from public_site.catalogue.models import ServiceType
from tenants.applications.models import Approval, ApprovalStatus
from tenants.schemes.models import Rate, Scheme, SchemeStatus
from tenants.zones.models import Zone


class ReferenceView(generics.ListAPIView):
    fritt_public = True
    permission_classes = [permissions.AllowAny]
    pagination_class = None  # a few dozen rows at most


class ServiceCodeSerializer(serializers.ModelSerializer):
    default_unit = serializers.CharField(
        help_text="`hour`, `visit`, `day`, `delivery` eller `month`"
    )

    class Meta:
        model = ServiceType
        fields = ["code", "name", "default_unit", "is_health_service"]


class ServiceTypes(ReferenceView):
    """The national service codes (`service_type` in decisions and imports)."""

    serializer_class = ServiceCodeSerializer
    queryset = ServiceType.objects.order_by("code")

    @extend_schema(
        examples=[
            OpenApiExample(
                "Praktisk bistand",
                response_only=True,
                value=[
                    {
                        "code": "praktisk-bistand",
                        "name": "Praktisk bistand i hjemmet",
                        "default_unit": "hour",
                        "is_health_service": False,
                    }
                ],
            )
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ZoneReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Zone
        fields = ["id", "name", "description"]


class Zones(ReferenceView):
    """The municipality's zones (`zone` in recipients and imports is the name)."""

    serializer_class = ZoneReferenceSerializer
    queryset = Zone.objects.order_by("name")

    @extend_schema(
        examples=[
            OpenApiExample(
                "Arna",
                response_only=True,
                value=[{"id": 1, "name": "Arna", "description": ""}],
            )
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class SchemeRateSerializer(serializers.ModelSerializer):
    scheme = serializers.IntegerField(source="scheme_id")

    class Meta:
        model = Rate
        fields = ["scheme", "unit", "variant", "amount", "valid_from"]


class EligibleProviderSerializer(serializers.ModelSerializer):
    orgnr = serializers.CharField(source="supplier.orgnr")
    name = serializers.CharField(source="supplier.name")
    zones = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = Approval
        fields = ["orgnr", "name", "zones", "takes_new_recipients", "valid_from", "valid_until"]


class SchemeReferenceSerializer(serializers.ModelSerializer):
    service_type = serializers.CharField(source="service_type.code")
    zones = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    providers = EligibleProviderSerializer(source="eligible", many=True, read_only=True)
    rates = SchemeRateSerializer(many=True, read_only=True)

    class Meta:
        model = Scheme
        fields = [
            "id", "title", "service_type", "status", "covers_whole_municipality", "zones",
            "default_provider_rule", "switching_notice_days", "providers", "rates",
        ]  # fmt: skip


def announced_schemes():
    return (
        Scheme.objects.exclude(status=SchemeStatus.DRAFT)
        .select_related("service_type")
        .prefetch_related(
            "zones",
            "rates",
            Prefetch(
                "approvals",
                queryset=Approval.objects.filter(status=ApprovalStatus.ACTIVE)
                .select_related("supplier")
                .prefetch_related("zones")
                .order_by("supplier__name", "pk"),
                to_attr="eligible",
            ),
        )
        .order_by("pk")
    )


class Schemes(ReferenceView):
    """The announced schemes (not drafts), each with the providers eligible in it now (active
    approvals, by org.nr; the municipal provider is always an option besides) and its rates."""

    serializer_class = SchemeReferenceSerializer

    def get_queryset(self):
        return announced_schemes()

    @extend_schema(
        examples=[
            OpenApiExample(
                "Én ordning",
                response_only=True,
                value=[
                    {
                        "id": 3, "title": "Praktisk bistand i Bergen",
                        "service_type": "praktisk-bistand", "status": "published",
                        "covers_whole_municipality": True, "zones": [],
                        "default_provider_rule": "rotation", "switching_notice_days": 14,
                        "providers": [{
                            "orgnr": "923609016", "name": "Alfa Omsorg AS", "zones": ["Arna"],
                            "takes_new_recipients": True, "valid_from": "2026-01-01",
                            "valid_until": None,
                        }],
                        "rates": [{"scheme": 3, "unit": "hour", "variant": "all",
                                   "amount": "540.00", "valid_from": "2026-01-01"}],
                    }
                ],
            )
        ]
    )  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class Rates(ReferenceView):
    """Every rate of the announced schemes, by the day it applies from."""

    serializer_class = SchemeRateSerializer

    def get_queryset(self):
        return Rate.objects.exclude(scheme__status=SchemeStatus.DRAFT).order_by(
            "scheme_id", "valid_from", "unit", "variant", "pk"
        )

    @extend_schema(
        examples=[
            OpenApiExample(
                "Timesats",
                response_only=True,
                value=[
                    {
                        "scheme": 3,
                        "unit": "hour",
                        "variant": "all",
                        "amount": "540.00",
                        "valid_from": "2026-01-01",
                    }
                ],
            )
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
