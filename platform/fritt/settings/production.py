"""Settings for a deployment (the Dockerfile's web, worker and beat): HTTPS only, manifest
static files, and a refusal to start without the secrets and a mail service that really sends."""

from .base import *  # noqa: F403
from .base import EMAIL_BACKEND, FNR_ENCRYPTION_KEY, FNR_INDEX_KEY, SECRET_KEY, STORAGES
from .env import env_bool, refuse_another_environment

refuse_another_environment("production")
FRITT_ENV = "production"

DEBUG = env_bool("DEBUG", default=False)

if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set in production (fritt.settings.production)")
# Apart from SECRET_KEY, so that a leaked or rotated SECRET_KEY neither exposes nor loses the
# stored fødselsnummer (local settings derive them from it).
if not (FNR_ENCRYPTION_KEY and FNR_INDEX_KEY):
    raise RuntimeError(
        "FNR_ENCRYPTION_KEY and FNR_INDEX_KEY must be set in production (fritt.settings.production)"
    )

# Mails carry set-password links: a backend that prints or keeps them (console, file, memory)
# would put working login links in the log, so production refuses to start.
_LOCAL_MAIL_BACKENDS = {
    f"django.core.mail.backends.{name}.EmailBackend"
    for name in ("console", "filebased", "locmem", "dummy")
}
if EMAIL_BACKEND in _LOCAL_MAIL_BACKENDS:
    raise RuntimeError(
        "EMAIL_HOST (SMTP) or EMAIL_BACKEND (another mail service) must be set in production; "
        "mail would otherwise be printed with its set-password links"
    )

# Built into the image by `collectstatic`: hashed names, compressed, cached for ever.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS only, behind a proxy that terminates TLS; /healthz answers the load balancer's plain
# HTTP check.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
