"""The API a municipal system uses to create and read recipients and decisions (case-worker
accounts, session or token). Every read and write is in the access log; the fødselsnummer is
accepted but never returned."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from fritt.accounts.roles import Role
from fritt.accounts.selectors import roles_in_municipality
from public_site.catalogue.models import ServiceType
from tenants.integrations.authentication import HasScope
from tenants.integrations.idempotency import idempotent
from tenants.integrations.models import Scope
from tenants.zones.models import Zone

from . import selectors, services
from .models import AccessAction, Recipient, ServiceDecision


class IsCaseWorkerHere(permissions.BasePermission):
    message = "Bare saksbehandlere for tjenestemottakere i kommunen har tilgang."

    def has_permission(self, request, view) -> bool:
        municipality = getattr(request, "tenant", None)
        return bool(
            request.user.is_authenticated
            and municipality is not None
            and Role.CASE_WORKER
            in roles_in_municipality(user=request.user, municipality=municipality)
        )


def _external_reference(of_what: str) -> serializers.CharField:
    """The case system's own id; checked by the service, which answers a duplicate with 409
    and the existing id."""
    return serializers.CharField(
        max_length=100, required=False, allow_null=True, allow_blank=True,
        help_text=f"Fagsystemets egen id for {of_what}, unik i kommunen",
    )  # fmt: skip


class DecisionSerializer(serializers.ModelSerializer):
    service_type = serializers.SlugRelatedField(
        slug_field="code", queryset=ServiceType.objects.all()
    )
    current_provider = serializers.SerializerMethodField()
    external_reference = _external_reference("vedtaket")

    class Meta:
        model = ServiceDecision
        fields = [
            "id", "recipient", "service_type", "extent", "extent_unit", "valid_from", "valid_to",
            "choice_deadline", "status", "current_provider", "external_reference",
        ]  # fmt: skip
        read_only_fields = ["recipient", "choice_deadline", "status"]

    def get_current_provider(self, obj: ServiceDecision) -> str | None:
        active = getattr(obj, "active_assignments", None)  # prefetched by the list
        if active is None:
            current = selectors.current_assignment(obj)
        else:
            current = active[0] if active else None
        return current.provider_name if current else None


class RecipientSerializer(serializers.ModelSerializer):
    fnr = serializers.CharField(
        write_only=True, help_text="Fødselsnummer eller D-nummer (11 siffer)"
    )
    zone = serializers.SlugRelatedField(
        slug_field="name", queryset=Zone.objects.all(), required=False, allow_null=True
    )
    decisions = DecisionSerializer(many=True, read_only=True)
    external_reference = _external_reference("personen")

    class Meta:
        model = Recipient
        fields = [
            "id", "full_name", "fnr", "address", "postcode", "postplace", "zone", "phone", "email",
            "decisions", "external_reference",
        ]  # fmt: skip


class CaseWorkerAPIView(generics.GenericAPIView):
    # The site's login gate is session-based; API clients authenticate with a token inside DRF,
    # so the gate lets API views through and IsCaseWorkerHere decides.
    fritt_public = True
    # A system's client-credentials token also needs the scope each view names.
    permission_classes = [IsCaseWorkerHere, HasScope]
    required_scopes: dict[str, str] = {}


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def replay_decision(request, resource_id: int, status_code: int, answer) -> Response:
    """A retried create (same Idempotency-Key) gets the first answer again; reading it back
    is a view of the person's data, so it is logged."""
    decision = get_object_or_404(ServiceDecision, pk=resource_id)
    services.log_access(
        user=request.user, recipients=[decision.recipient], action=AccessAction.API_READ,
        what="API: gjentatt svar", ip=_ip(request),
    )  # fmt: skip
    return Response(answer(decision), status=status_code)


class RecipientListCreate(CaseWorkerAPIView, generics.ListCreateAPIView):
    """List recipients (paginated) or register one. To find someone by name or fødselsnummer,
    POST to `sok/`: a search text never goes in a URL."""

    serializer_class = RecipientSerializer
    required_scopes = {"GET": Scope.RECIPIENTS_READ, "POST": Scope.RECIPIENTS_WRITE}

    def get_queryset(self):
        return selectors.search_recipients("").prefetch_related(
            "decisions__service_type", selectors.active_assignments(through="decisions__")
        )

    def list(self, request, *args, **kwargs):
        if "q" in request.query_params:
            raise ValidationError(
                {"q": ["Søk sendes med POST til /api/v1/mottakere/sok/, ikke i adressen."]},
                code="search_in_url",
            )
        response = super().list(request, *args, **kwargs)
        _log_listed(request, response.data["results"], "API: liste")
        return response

    @idempotent
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # A refusal propagates to the one API translator (fritt.web.api_errors): 400, 403 or
        # 409 for a duplicate.
        recipient = services.register_recipient(
            by=request.user, ip=_ip(request), **serializer.validated_data
        )
        return Response(RecipientSerializer(recipient).data, status=status.HTTP_201_CREATED)

    def replay(self, request, resource_id: int, status_code: int) -> Response:
        recipient = get_object_or_404(self.get_queryset(), pk=resource_id)
        services.log_access(
            user=request.user, recipients=[recipient], action=AccessAction.API_READ,
            what="API: gjentatt svar", ip=_ip(request),
        )  # fmt: skip
        return Response(RecipientSerializer(recipient).data, status=status_code)


def _log_listed(request, rows, what: str) -> None:
    ids = [row["id"] for row in rows]
    services.log_access(
        user=request.user, recipients=list(Recipient.objects.filter(pk__in=ids)),
        action=AccessAction.API_READ, what=what, ip=_ip(request),
    )  # fmt: skip


class RecipientSearchSerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=200,
        help_text="Navn (del av), eller hele fødselsnummeret eller D-nummeret (11 siffer)",
    )


class RecipientSearch(CaseWorkerAPIView):
    """Find recipients by name, or by the whole fødselsnummer, sent in the body (never in
    the URL, where it would reach access logs of proxies and servers)."""

    serializer_class = RecipientSerializer
    required_scopes = {"POST": Scope.RECIPIENTS_READ}

    @extend_schema(request=RecipientSearchSerializer, responses=RecipientSerializer(many=True))
    def post(self, request):
        query = RecipientSearchSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        found = selectors.search_recipients(query.validated_data["q"]).prefetch_related(
            "decisions__service_type"
        )
        page = self.paginate_queryset(found)
        data = RecipientSerializer(page, many=True).data
        _log_listed(request, data, "API: søk")
        return self.get_paginated_response(data)


class RecipientDetail(CaseWorkerAPIView, generics.RetrieveAPIView):
    serializer_class = RecipientSerializer
    required_scopes = {"GET": Scope.RECIPIENTS_READ}

    def get_queryset(self):
        return Recipient.objects.prefetch_related(
            "decisions__service_type", selectors.active_assignments(through="decisions__")
        )

    def retrieve(self, request, *args, **kwargs):
        recipient = self.get_object()
        services.log_access(
            user=request.user, recipients=[recipient], action=AccessAction.API_READ,
            what="API: mottaker", ip=_ip(request),
        )  # fmt: skip
        return Response(self.get_serializer(recipient).data)


class DecisionCreate(CaseWorkerAPIView, generics.ListCreateAPIView):
    """A recipient's decisions (GET), or register one (POST); the recipient then has 14 days
    to choose."""

    serializer_class = DecisionSerializer
    required_scopes = {"GET": Scope.RECIPIENTS_READ, "POST": Scope.DECISIONS_WRITE}
    pagination_class = None

    def get_queryset(self):
        # Each decision's provider in one prefetch, not one query per decision.
        return (
            ServiceDecision.objects.filter(recipient_id=self.kwargs["pk"])
            .select_related("service_type")
            .prefetch_related(selectors.active_assignments())
        )

    def get(self, request, pk: int):
        recipient = get_object_or_404(Recipient, pk=pk)
        services.log_access(
            user=request.user, recipients=[recipient], action=AccessAction.API_READ,
            what="API: vedtak", ip=_ip(request),
        )  # fmt: skip
        return Response(DecisionSerializer(self.get_queryset(), many=True).data)

    @extend_schema(responses=DecisionSerializer)
    @idempotent
    def post(self, request, pk: int):
        recipient = get_object_or_404(Recipient, pk=pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision = services.create_decision(
            by=request.user, recipient=recipient, ip=_ip(request), **serializer.validated_data
        )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    def replay(self, request, resource_id: int, status_code: int) -> Response:
        return replay_decision(
            request, resource_id, status_code, lambda d: DecisionSerializer(d).data
        )


class DecisionUpdateSerializer(serializers.Serializer):
    extent = serializers.DecimalField(max_digits=6, decimal_places=1, required=False)
    extent_unit = serializers.CharField(max_length=40, required=False)
    valid_from = serializers.DateField(required=False)
    valid_to = serializers.DateField(required=False, allow_null=True)


class DecisionEndSerializer(serializers.Serializer):
    ends_on = serializers.DateField(help_text="Siste dag tjenesten gis")


class DecisionAnnulSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, help_text="Hvorfor vedtaket annulleres")


class DecisionView(CaseWorkerAPIView):
    serializer_class = DecisionSerializer
    queryset = ServiceDecision.objects.select_related("recipient", "service_type")

    def _answer(self, request, decision: ServiceDecision, what: str) -> Response:
        services.log_access(
            user=request.user, recipients=[decision.recipient], action=AccessAction.API_READ,
            what=what, ip=_ip(request),
        )  # fmt: skip
        return Response(DecisionSerializer(decision).data)

    def _change(
        self, request, body: type[serializers.Serializer], service, *, partial: bool = False
    ) -> Response:
        """Validate the body, let the service change the decision, answer with the result."""
        decision = self.get_object()
        data = body(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        service(by=request.user, decision=decision, ip=_ip(request), **data.validated_data)
        return Response(DecisionSerializer(decision).data)


class DecisionDetail(DecisionView):
    """Read one decision, or change its extent or period (PATCH)."""

    required_scopes = {"GET": Scope.RECIPIENTS_READ, "PATCH": Scope.DECISIONS_WRITE}

    def get(self, request, pk: int):
        return self._answer(request, self.get_object(), "API: vedtak")

    @extend_schema(request=DecisionUpdateSerializer, responses=DecisionSerializer)
    def patch(self, request, pk: int):
        return self._change(
            request, DecisionUpdateSerializer, services.update_decision, partial=True
        )


class DecisionEnd(DecisionView):
    """End a decision on a day: the service and its provider's assignment stop then."""

    required_scopes = {"POST": Scope.DECISIONS_WRITE}

    @extend_schema(request=DecisionEndSerializer, responses=DecisionSerializer)
    def post(self, request, pk: int):
        return self._change(request, DecisionEndSerializer, services.end_decision)


class DecisionAnnul(DecisionView):
    """Annul a decision registered in error: it no longer counts, its assignments end."""

    required_scopes = {"POST": Scope.DECISIONS_WRITE}

    @extend_schema(request=DecisionAnnulSerializer, responses=DecisionSerializer)
    def post(self, request, pk: int):
        return self._change(request, DecisionAnnulSerializer, services.annul_decision)
