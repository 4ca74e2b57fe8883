"""The API for suppliers' rostering systems (`/api/v1/leveranser/`): list one's assignments,
report delivered visits (all or nothing, with a problem per line), read a month's lines.
Token or session of a supplier user whose company has business in this municipality."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response

from tenants.applications.models import Approval
from tenants.recipients.models import AccessAction, Assignment
from tenants.recipients.services import log_access, role_of

from . import selectors, services
from .models import DeliveryLine, LineSource


def _supplier_ids_here(request) -> set[int]:
    ids = services.supplier_ids_of(request.user)
    if not ids:
        return set()
    here = set(
        Approval.objects.filter(supplier_id__in=ids).values_list("supplier_id", flat=True)
    ) | set(
        Assignment.objects.filter(joint_supplier_id__in=ids).values_list(
            "joint_supplier_id", flat=True
        )
    )
    return here


class IsSupplierHere(permissions.BasePermission):
    message = "Bare leverandører med oppdrag i kommunen har tilgang."

    def has_permission(self, request, view) -> bool:
        return bool(request.user.is_authenticated and _supplier_ids_here(request))


class SupplierAPIView(generics.GenericAPIView):
    # As the recipients API: the site's session gate lets API views through; DRF decides.
    fritt_public = True
    permission_classes = [IsSupplierHere]


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


class AssignmentSerializer(serializers.ModelSerializer):
    recipient = serializers.CharField(source="decision.recipient.full_name")
    service_type = serializers.CharField(source="decision.service_type.code")

    class Meta:
        model = Assignment
        fields = ["id", "recipient", "service_type", "starts_on", "ends_on"]


class AssignmentList(SupplierAPIView):
    """The assignments a supplier may report on in a month (`maaned=ÅÅÅÅ-MM`, default now)."""

    serializer_class = AssignmentSerializer
    queryset = Assignment.objects.none()  # for the schema; reads go through the selectors

    @extend_schema(
        parameters=[OpenApiParameter("maaned", str, description="ÅÅÅÅ-MM")],
        responses=AssignmentSerializer(many=True),
    )
    def get(self, request):
        month = selectors.parse_month(request.query_params.get("maaned"))
        found = selectors.reportable_assignments(_supplier_ids_here(request), month)
        log_access(
            role=role_of(request.user),
            user=request.user,
            recipients=[a.decision.recipient for a in found],
            action=AccessAction.API_READ,
            what="API: oppdrag",
            ip=_ip(request),
        )
        return Response(AssignmentSerializer(found, many=True).data)


class LineInSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(help_text="Oppdragets id")
    date = serializers.DateField()
    start = serializers.TimeField(help_text="tt:mm")
    end = serializers.TimeField(help_text="tt:mm; før start betyr neste dag")
    service = serializers.CharField(max_length=120, required=False, allow_blank=True)


class ReportSerializer(serializers.Serializer):
    lines = LineInSerializer(many=True, allow_empty=False, max_length=5000)


class LineOutSerializer(serializers.ModelSerializer):
    assignment = serializers.IntegerField(source="assignment_id")
    bands = serializers.SerializerMethodField()

    class Meta:
        model = DeliveryLine
        fields = [
            "id",
            "assignment",
            "date",
            "start_time",
            "end_time",
            "minutes",
            "amount",
            "service",
            "kind",
            "question",
            "bands",
        ]

    def get_bands(self, obj: DeliveryLine) -> list[dict]:
        return [
            {
                "band": p.band,
                "date": p.on_date,
                "minutes": p.minutes,
                "rate": str(p.rate),
                "amount": str(p.amount),
            }
            for p in obj.parts.all()
        ]


PROBLEMS = inline_serializer(
    "LineProblems",
    {
        "code": serializers.CharField(),
        "detail": serializers.CharField(),
        "lines": inline_serializer(
            "LineProblem",
            {
                "line": serializers.IntegerField(),
                "code": serializers.CharField(),
                "message": serializers.CharField(),
            },
            many=True,
        ),
    },
)


class Deliveries(SupplierAPIView):
    """Report delivered visits or shifts, or list a month's lines (`maaned=ÅÅÅÅ-MM`).

    A report is accepted whole (201) or refused whole (400, with what is wrong on which line,
    numbered from 1 in the order sent)."""

    serializer_class = LineOutSerializer
    queryset = DeliveryLine.objects.none()  # for the schema; reads go through the supplier ids

    @extend_schema(
        parameters=[OpenApiParameter("maaned", str, description="ÅÅÅÅ-MM")],
        responses=LineOutSerializer(many=True),
    )
    def get(self, request):
        month = selectors.parse_month(request.query_params.get("maaned"))
        lines = list(
            DeliveryLine.objects.filter(
                report__supplier_id__in=_supplier_ids_here(request), report__month=month
            )
            .select_related("recipient")
            .prefetch_related("parts")
            .order_by("date", "start_time", "pk")
        )
        log_access(
            role=role_of(request.user),
            user=request.user,
            recipients=sorted({x.recipient for x in lines}, key=lambda r: r.pk),
            action=AccessAction.API_READ,
            what="API: timer",
            ip=_ip(request),
        )
        return Response(LineOutSerializer(lines, many=True).data)

    @extend_schema(
        request=ReportSerializer, responses={201: LineOutSerializer(many=True), 400: PROBLEMS}
    )
    def post(self, request):
        body = ReportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        lines = [
            services.LineInput(
                x["assignment"], x["date"], x["start"], x["end"], x.get("service", ""), number
            )
            for number, x in enumerate(body.validated_data["lines"], start=1)
        ]
        try:
            saved = services.report_lines(by=request.user, lines=lines, source=LineSource.API)
        except services.ReportRefused as exc:
            return Response(
                {
                    "type": "about:blank",
                    "title": _("Ugyldig forespørsel"),
                    "status": 400,
                    "code": "lines",
                    "detail": _("Ingen linjer er lagret."),
                    "lines": [
                        {"line": p.number, "code": p.code, "message": p.message}
                        for p in exc.problems
                    ],
                },
                status=status.HTTP_400_BAD_REQUEST,
                content_type="application/problem+json",
            )
        saved = DeliveryLine.objects.filter(pk__in=saved.ids).prefetch_related("parts")
        return Response(LineOutSerializer(saved, many=True).data, status=status.HTTP_201_CREATED)
