"""The municipality's event feed (`/api/v1/hendelser/`) and its webhooks as API resources."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, parsers, permissions, serializers, status
from rest_framework.response import Response

from fritt.accounts.roles import Role
from fritt.accounts.selectors import roles_in_municipality
from fritt.errors import DomainError

from . import selectors, services
from .authentication import HasScope, machine_token
from .idempotency import idempotent
from .models import Scope, Webhook


def _holds(request, role: str) -> bool:
    municipality = getattr(request, "tenant", None)
    return bool(
        request.user.is_authenticated
        and municipality is not None
        and role in roles_in_municipality(user=request.user, municipality=municipality)
    )


class MayReadEvents(permissions.BasePermission):
    message = "Bare kommunens saksbehandlere og administratorer kan lese hendelsene."

    def has_permission(self, request, view) -> bool:
        return _holds(request, Role.CASE_WORKER) or _holds(request, Role.MUNICIPAL_ADMIN)


class IsMunicipalAdminHere(permissions.BasePermission):
    message = "Bare kommunens administrator kan registrere webhooker."

    def has_permission(self, request, view) -> bool:
        # A system needs the scope instead (HasScope checks it).
        return machine_token(request) is not None or _holds(request, Role.MUNICIPAL_ADMIN)


class SubjectSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="Hva endringen gjaldt, f.eks. `recipients.recipient`")
    id = serializers.CharField()


class ActorSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="`user` eller `system`")
    user_id = serializers.IntegerField(allow_null=True)


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.CharField(help_text="Hendelsestype, f.eks. `provider.chosen`")
    at = serializers.DateTimeField()
    kommunenummer = serializers.CharField()
    subject = SubjectSerializer()
    actor = ActorSerializer()
    data = serializers.DictField(help_text="Id-er og koder, aldri navn eller fødselsnummer")


class FeedPageSerializer(serializers.Serializer):
    events = EventSerializer(many=True)
    next_cursor = serializers.CharField(
        help_text="Send som `etter` i neste kall; samme verdi tilbake når ingenting er nytt"
    )
    has_more = serializers.BooleanField()


class FeedQuerySerializer(serializers.Serializer):
    etter = serializers.CharField(required=False, max_length=200)
    antall = serializers.IntegerField(required=False, min_value=1, max_value=500, default=100)


class EventFeed(generics.GenericAPIView):
    """The municipality's events in order, from the start or after a cursor. At least once:
    keep the last `next_cursor` you have processed and ask again with it."""

    fritt_public = True  # the site's session gate lets API views through; the permission decides
    permission_classes = [MayReadEvents, HasScope]
    required_scopes = {"GET": Scope.EVENTS_READ}
    serializer_class = FeedPageSerializer
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter("etter", str, description="`next_cursor` fra forrige svar"),
            OpenApiParameter("antall", int, description="Høyst så mange hendelser (1–500)"),
        ],
        responses=FeedPageSerializer,
    )
    def get(self, request):
        query = FeedQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        given = query.validated_data.get("etter")
        cursor = selectors.Cursor.decode(given) if given else None
        limit = query.validated_data["antall"]
        events = selectors.events_after(cursor, limit=limit + 1)
        page = events[:limit]
        next_cursor = selectors.Cursor.of(page[-1]).encode() if page else given or ""
        return Response(
            {
                "events": [selectors.event_payload(e) for e in page],
                "next_cursor": next_cursor,
                "has_more": len(events) > limit,
            }
        )


class WebhookSerializer(serializers.ModelSerializer):
    # Checked by the service, so the page and the API refuse with the same codes.
    url = serializers.CharField(max_length=500, help_text="https://… hos fagsystemet")
    secret = serializers.SerializerMethodField(
        help_text="Signeringsnøkkelen; bare i svaret når webhooken registreres"
    )

    class Meta:
        model = Webhook
        fields = ["id", "url", "description", "active", "created_at", "secret"]
        read_only_fields = ["active", "created_at"]

    def get_secret(self, obj: Webhook) -> str | None:
        return obj.secret if self.context.get("show_secret") else None


class _WebhookAdmin:
    """The webhook endpoints: the municipality's admin, with a token that may administer
    webhooks (each view names its methods' scope), over all the municipality's webhooks."""

    fritt_public = True
    permission_classes = [IsMunicipalAdminHere, HasScope]
    serializer_class = WebhookSerializer
    queryset = Webhook.objects.all()


class WebhookListCreate(_WebhookAdmin, generics.ListCreateAPIView):
    """The municipality's webhooks; registering one answers its signing secret, once."""

    required_scopes = {"GET": Scope.WEBHOOKS_ADMIN, "POST": Scope.WEBHOOKS_ADMIN}

    @idempotent
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        webhook = services.register_webhook(by=request.user, **serializer.validated_data)
        body = WebhookSerializer(webhook, context={"show_secret": True}).data
        return Response(body, status=status.HTTP_201_CREATED)

    def replay(self, request, resource_id: int, status_code: int) -> Response:
        webhook = get_object_or_404(Webhook, pk=resource_id)
        body = WebhookSerializer(webhook, context={"show_secret": True}).data
        return Response(body, status=status_code)


class WebhookDetail(_WebhookAdmin, generics.RetrieveDestroyAPIView):
    """One webhook; DELETE turns it off (its delivery log stays)."""

    required_scopes = {"GET": Scope.WEBHOOKS_ADMIN, "DELETE": Scope.WEBHOOKS_ADMIN}

    def destroy(self, request, *args, **kwargs):
        webhook = get_object_or_404(Webhook, pk=kwargs["pk"])
        services.deactivate_webhook(by=request.user, webhook=webhook)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenRequestSerializer(serializers.Serializer):
    grant_type = serializers.CharField(help_text="Alltid `client_credentials`")
    client_id = serializers.CharField(required=False, help_text="Eller i HTTP Basic")
    client_secret = serializers.CharField(required=False, help_text="Eller i HTTP Basic")
    scope = serializers.CharField(
        required=False, help_text="Mellomromsdelt, f.eks. `hendelser:les`"
    )


class TokenResponseSerializer(serializers.Serializer):
    access_token = serializers.CharField()
    token_type = serializers.CharField()
    expires_in = serializers.IntegerField()
    scope = serializers.CharField()


class OAuthErrorSerializer(serializers.Serializer):
    error = serializers.CharField()
    error_description = serializers.CharField()


def _oauth_error(code: str, description: str, status_code: int = 400) -> Response:
    response = Response({"error": code, "error_description": description}, status=status_code)
    if status_code == 401:
        response["WWW-Authenticate"] = 'Basic realm="token"'
    response["Cache-Control"] = "no-store"
    return response


class TokenEndpoint(generics.GenericAPIView):
    """OAuth 2.0 client credentials (RFC 6749 §4.4): a municipal system trades its client id
    and secret for a short-lived bearer token. Answers and errors in OAuth's own shape."""

    fritt_public = True
    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    parser_classes = [parsers.FormParser, parsers.JSONParser]  # OAuth clients send a form
    serializer_class = TokenRequestSerializer
    pagination_class = None

    @extend_schema(
        # The form RFC 6749 prescribes; JSON is accepted as well but not advertised, so the
        # operation has one request content type.
        request={"application/x-www-form-urlencoded": TokenRequestSerializer},
        responses={
            200: TokenResponseSerializer,
            400: OAuthErrorSerializer,
            401: OAuthErrorSerializer,
        },
        auth=[],
    )
    def post(self, request):
        import base64

        data = request.data
        client_id, client_secret = data.get("client_id", ""), data.get("client_secret", "")
        basic = request.META.get("HTTP_AUTHORIZATION", "")
        if basic.lower().startswith("basic "):
            try:
                client_id, _, client_secret = base64.b64decode(basic[6:]).decode().partition(":")
            except (ValueError, UnicodeDecodeError):
                return _oauth_error("invalid_client", "Ugyldig Basic-header.", 401)
        if data.get("grant_type") != "client_credentials":
            return _oauth_error("unsupported_grant_type", "Bare client_credentials støttes.")
        if not client_id or not client_secret:
            return _oauth_error("invalid_request", "client_id og client_secret mangler.")
        try:
            issued = services.issue_access_token(
                client_id=str(client_id), client_secret=str(client_secret),
                scope=str(data.get("scope", "")),
            )  # fmt: skip
        except DomainError as exc:
            status_code = 401 if exc.code == "invalid_client" else 400
            return _oauth_error(exc.code, " ".join(exc.messages), status_code)
        response = Response(
            {
                "access_token": issued.access_token,
                "token_type": "Bearer",
                "expires_in": issued.expires_in,
                "scope": " ".join(issued.scopes),
            }  # fmt: skip
        )
        response["Cache-Control"] = "no-store"
        return response
