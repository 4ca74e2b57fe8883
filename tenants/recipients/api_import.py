"""The API for bringing in recipients who already have a provider: one at a time, or a whole
import (all or nothing, with a report per line)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from tenants.integrations.idempotency import idempotent
from tenants.integrations.models import Scope

from . import services
from .api import CaseWorkerAPIView, replay_decision
from .models import ServiceDecision

EXAMPLE = {
    "recipient_reference": "GER-4711",
    "full_name": "Kari Nordmann",
    "fnr": "01019012345",
    "address": "Storgata 1",
    "postcode": "5003",
    "postplace": "Bergen",
    "zone": "Arna",
    "decision_reference": "GER-V-991",
    "service_type": "praktisk-bistand",
    "extent": "4.0",
    "extent_unit": "timer per uke",
    "valid_from": "2026-01-01",
    "provider_orgnr": "923609016",
    "provider_since": "2025-03-01",
}


class ExistingCaseSerializer(serializers.Serializer):
    """One person, one decision and today's provider (empty `provider_orgnr`: kommunal
    egenregi). The same keys are the CSV template's columns."""

    recipient_reference = serializers.CharField(
        max_length=100, required=False, allow_blank=True, allow_null=True,
        help_text="Fagsystemets id for personen",
    )  # fmt: skip
    full_name = serializers.CharField(max_length=200)
    fnr = serializers.CharField(
        max_length=20, write_only=True, help_text="Fødselsnummer eller D-nummer (11 siffer)"
    )
    address = serializers.CharField(max_length=200)
    postcode = serializers.CharField(max_length=4)
    postplace = serializers.CharField(max_length=100)
    zone = serializers.CharField(max_length=100, required=False, allow_blank=True, allow_null=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    decision_reference = serializers.CharField(
        max_length=100, required=False, allow_blank=True, allow_null=True,
        help_text="Fagsystemets id for vedtaket; en import som kjøres igjen hopper over det",
    )  # fmt: skip
    service_type = serializers.CharField(
        max_length=60, help_text="Tjenestekode, se /api/v1/tjenester/"
    )
    extent = serializers.DecimalField(max_digits=6, decimal_places=1)
    extent_unit = serializers.CharField(max_length=40, required=False, allow_blank=True)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True)
    provider_orgnr = serializers.CharField(
        max_length=20, required=False, allow_blank=True, allow_null=True,
        help_text="Leverandørens organisasjonsnummer; tomt eller «kommunal» for kommunal egenregi",
    )  # fmt: skip
    provider_since = serializers.DateField(help_text="Dagen leverandøren begynte")


class _OutcomeSerializer(serializers.Serializer):
    """What registering one person gave, alone or as one line of an import."""

    recipient = serializers.IntegerField()
    decision = serializers.IntegerField()
    assignment = serializers.IntegerField(allow_null=True)
    status = serializers.CharField(help_text="`created` eller `unchanged`")


class RegisteredSerializer(_OutcomeSerializer):
    id = serializers.IntegerField(help_text="Vedtakets id (samme som `decision`)")


class ImportLineSerializer(_OutcomeSerializer):
    line = serializers.IntegerField(help_text="Linjenummer (1 er første element)")


class ImportReportSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    lines = ImportLineSerializer(many=True)


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


class RegisterWithProvider(CaseWorkerAPIView):
    """Register someone who already has a provider (from before the platform): the person
    (or the one already registered with that fødselsnummer), the decision and today's
    provider, without a new choice."""

    serializer_class = ExistingCaseSerializer
    required_scopes = {"POST": (Scope.RECIPIENTS_WRITE, Scope.DECISIONS_WRITE)}

    @extend_schema(
        request=ExistingCaseSerializer,
        responses={201: RegisteredSerializer},
        examples=[OpenApiExample("Med privat leverandør", value=EXAMPLE, request_only=True)],
    )
    @idempotent
    def post(self, request):
        body = ExistingCaseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        done = services.register_with_provider(
            by=request.user, case=services.parse_case(body.validated_data), ip=_ip(request)
        )
        return Response(_registered(done.decision, "created"), status=status.HTTP_201_CREATED)

    def replay(self, request, resource_id: int, status_code: int) -> Response:
        return replay_decision(
            request, resource_id, status_code, lambda d: _registered(d, "created")
        )


def _registered(decision: ServiceDecision, state: str) -> dict:
    current = decision.assignments.order_by("-starts_on", "-pk").first()
    return {
        "id": decision.pk,  # what an Idempotency-Key replay reads again
        "recipient": decision.recipient_id,
        "decision": decision.pk,
        "assignment": current.pk if current else None,
        "status": state,
    }


class ImportCases(CaseWorkerAPIView):
    """Import recipients with their decisions and current providers: a JSON array of the
    same objects. All or nothing: one wrong line and nothing is kept, and the answer (400,
    `import_failed`) lists every wrong line with its field and code. Lines whose
    `decision_reference` is already there are skipped, so an import can be sent again."""

    serializer_class = ExistingCaseSerializer
    required_scopes = {"POST": (Scope.RECIPIENTS_WRITE, Scope.DECISIONS_WRITE)}

    @extend_schema(
        request=ExistingCaseSerializer(many=True),
        responses={200: ImportReportSerializer},
        examples=[OpenApiExample("Én linje", value=[EXAMPLE], request_only=True)],
    )
    def post(self, request):
        rows = request.data
        if not isinstance(rows, list) or not rows:
            return import_refused(
                [{"line": None, "field": None, "code": "not_a_list",
                  "message": _("Send en ikke-tom liste med linjer.")}]
            )  # fmt: skip
        report = services.import_cases(by=request.user, rows=rows, ip=_ip(request))
        if not report.ok:
            return import_refused([vars(error) for error in report.errors])
        return Response(
            {"created": report.created, "unchanged": report.unchanged, "lines": report.lines}
        )


def import_refused(lines: list[dict]) -> Response:
    """The problem answer of an import that kept nothing, with every wrong line."""
    return Response(
        {
            "type": "about:blank",
            "title": _("Ugyldig forespørsel"),
            "status": 400,
            "detail": _("Importen ble ikke lagret: %(n)s feil.") % {"n": len(lines)},
            "code": "import_failed",
            "lines": lines,
        },
        status=status.HTTP_400_BAD_REQUEST,
        content_type="application/problem+json",
    )
