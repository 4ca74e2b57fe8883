"""Why integrations refuses a change: the stable codes of its DomainErrors and NotAllowed."""

from enum import StrEnum


class IntegrationError(StrEnum):
    BAD_CURSOR = "bad_cursor"
    BAD_URL = "bad_webhook_url"
    INSECURE_URL = "insecure_webhook_url"
    PRIVATE_URL = "private_webhook_url"
    DUPLICATE_URL = "duplicate_webhook_url"
    TOO_MANY_WEBHOOKS = "too_many_webhooks"
    WEBHOOK_INACTIVE = "webhook_inactive"
    UNKNOWN_SCOPE = "invalid_scope"
    CLIENT_NAME = "client_name_required"
    MASKINPORTEN_TAKEN = "maskinporten_client_taken"
    # OAuth 2.0 (RFC 6749 §5.2) names these; the token endpoint answers them as they are.
    INVALID_CLIENT = "invalid_client"
    INVALID_REQUEST = "invalid_request"
    UNSUPPORTED_GRANT = "unsupported_grant_type"
    BAD_IDEMPOTENCY_KEY = "bad_idempotency_key"
