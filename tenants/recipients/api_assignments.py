"""The assignments (oppdrag) API: the municipality's systems read every open assignment
(scope `tildelinger:les`), a supplier's rostering system reads only its own, so each picks up
new orders. Every recipient shown is written to the access log."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, permissions, serializers

from fritt.accounts.roles import Role
from fritt.accounts.selectors import roles_in_municipality, supplier_assignments
from tenants.applications.models import Approval
from tenants.integrations.authentication import HasScope, machine_token
from tenants.integrations.models import Scope

from . import selectors, services
from .models import AccessAction, Assignment, ProviderKind


def _is_case_worker(request) -> bool:
    municipality = getattr(request, "tenant", None)
    return bool(
        request.user.is_authenticated
        and municipality is not None
        and Role.CASE_WORKER in roles_in_municipality(user=request.user, municipality=municipality)
    )


def supplier_ids_here(request) -> list[int]:
    """The user's suppliers that have business here (an approval or a joint assignment)."""
    if not request.user.is_authenticated or machine_token(request) is not None:
        return []
    ids = list(supplier_assignments(request.user).values_list("supplier_id", flat=True))
    if not ids:
        return []
    here = set(Approval.objects.filter(supplier_id__in=ids).values_list("supplier_id", flat=True))
    here |= set(
        Assignment.objects.filter(joint_supplier_id__in=ids).values_list(
            "joint_supplier_id", flat=True
        )
    )
    return sorted(here)


class MayReadAssignments(permissions.BasePermission):
    message = gettext_lazy(
        "Bare kommunens saksbehandlere og leverandører med oppdrag i kommunen har tilgang."
    )

    def has_permission(self, request, view) -> bool:
        return _is_case_worker(request) or bool(supplier_ids_here(request))


class OrderRecipientSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    address = serializers.CharField()
    postcode = serializers.CharField()
    postplace = serializers.CharField()
    phone = serializers.CharField()


class OrderProviderSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ProviderKind.choices)
    orgnr = serializers.CharField(allow_null=True, help_text="Tomt for kommunal egenregi")
    name = serializers.CharField()


class OrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    decision = serializers.IntegerField(source="decision_id")
    recipient = OrderRecipientSerializer(source="decision.recipient")
    service_type = serializers.CharField(source="decision.service_type.code")
    extent = serializers.DecimalField(source="decision.extent", max_digits=6, decimal_places=1)
    extent_unit = serializers.CharField(source="decision.extent_unit")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    reason = serializers.CharField(help_text="Hvorfor leverandøren fikk oppdraget (kode)")
    provider = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(help_text="Når oppdraget ble gitt")

    @extend_schema_field(OrderProviderSerializer)
    def get_provider(self, obj: Assignment) -> dict:
        if obj.provider_kind == ProviderKind.MUNICIPAL:
            return {"kind": obj.provider_kind, "orgnr": None, "name": obj.provider_name}
        supplier = obj.joint_supplier if obj.provider_kind == ProviderKind.JOINT else None
        supplier = supplier or obj.approval.supplier
        return {"kind": obj.provider_kind, "orgnr": supplier.orgnr, "name": supplier.name}


class OrderQuerySerializer(serializers.Serializer):
    opprettet_etter = serializers.DateTimeField(required=False)


class AssignmentList(generics.ListAPIView):
    """Open assignments (current and upcoming), oldest order first. A supplier sees only its
    own. Poll with `opprettet_etter` (the last `created_at` you have) for new orders."""

    fritt_public = True  # the site's session gate lets API views through; DRF decides
    permission_classes = [MayReadAssignments, HasScope]
    required_scopes = {"GET": Scope.ASSIGNMENTS_READ}
    serializer_class = OrderSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            # The OpenAPI document is made on the national site, where no assignment lives.
            return Assignment.objects.none()
        query = OrderQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        suppliers = None if _is_case_worker(self.request) else supplier_ids_here(self.request)
        return selectors.open_assignments(
            supplier_ids=suppliers, created_after=query.validated_data.get("opprettet_etter")
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "opprettet_etter", OpenApiTypes.DATETIME,
                description="Bare oppdrag gitt etter dette tidspunktet (ISO 8601)",
            )
        ],
        examples=[
            OpenApiExample(
                "Ett oppdrag",
                response_only=True,
                value={
                    "count": 1, "next": None, "previous": None,
                    "results": [{
                        "id": 77, "decision": 40,
                        "recipient": {"id": 12, "full_name": "Kari Nordmann",
                                      "address": "Storgata 1", "postcode": "5003",
                                      "postplace": "Bergen", "phone": ""},
                        "service_type": "praktisk-bistand", "extent": "4.0",
                        "extent_unit": "timer per uke", "starts_on": "2026-12-01",
                        "ends_on": None, "reason": "recipient",
                        "provider": {"kind": "supplier", "orgnr": "923609016",
                                     "name": "Alfa Omsorg AS"},
                        "created_at": "2026-11-29T14:02:11Z",
                    }],
                },
            )
        ],
    )  # fmt: skip
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        ids = sorted({row["recipient"]["id"] for row in response.data["results"]})
        supplier = not _is_case_worker(request)
        services.log_access(
            user=request.user, recipient_ids=ids,
            action=AccessAction.ASSIGNMENT if supplier else AccessAction.API_READ,
            what="API: oppdrag", ip=request.META.get("REMOTE_ADDR"),
        )  # fmt: skip
        return response
