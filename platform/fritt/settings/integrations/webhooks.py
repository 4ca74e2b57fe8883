"""The event feed and webhooks municipal systems build on (tenants.integrations)."""

from ..env import env_bool, env_str

# The feed (and the webhook dispatcher reading it) stays this far behind now, so that an event
# stamped but not yet committed is never passed over; it also covers clock skew.
FRITT_EVENT_FEED_SETTLE_SECONDS = float(env_str("FRITT_EVENT_FEED_SETTLE_SECONDS", "5"))
# Sent (by name: the machinery floor does not import the domain) after a transaction that
# recorded events in a municipality commits, with the settle window as its countdown.
FRITT_EVENT_DISPATCH_TASK = "tenants.integrations.tasks.dispatch"
FRITT_WEBHOOK_TIMEOUT_SECONDS = float(env_str("FRITT_WEBHOOK_TIMEOUT_SECONDS", "5"))
FRITT_WEBHOOK_MAX_ATTEMPTS = int(env_str("FRITT_WEBHOOK_MAX_ATTEMPTS", "8"))
# First retry after this many seconds, doubling each time (30 s, 1 min, 2 min, … up to 6 h).
FRITT_WEBHOOK_RETRY_BASE_SECONDS = float(env_str("FRITT_WEBHOOK_RETRY_BASE_SECONDS", "30"))
# Plain http:// webhook addresses; local settings allow them, production requires https.
FRITT_WEBHOOK_ALLOW_HTTP = env_bool("FRITT_WEBHOOK_ALLOW_HTTP", default=False)
# Webhook addresses that resolve to private, loopback or link-local addresses would let a
# municipal admin make the platform call into its own network (SSRF): refused in production,
# allowed locally and in tests, whose receivers listen on loopback.
FRITT_WEBHOOK_ALLOW_PRIVATE = env_bool("FRITT_WEBHOOK_ALLOW_PRIVATE", default=False)
# Sent by name before the dispatch task is queued: whether the municipality has a webhook at
# all, so a municipality without one never queues a task per change.
FRITT_EVENT_DISPATCH_WANTED = "tenants.integrations.selectors.has_active_webhook"
# `Idempotency-Key` records are kept this long, then purged by beat.
FRITT_IDEMPOTENCY_KEEP_HOURS = float(env_str("FRITT_IDEMPOTENCY_KEEP_HOURS", "24"))
# Bearer tokens from the client-credentials endpoint (/api/v1/token/) live this long.
FRITT_API_ACCESS_TOKEN_SECONDS = int(env_str("FRITT_API_ACCESS_TOKEN_SECONDS", "600"))
