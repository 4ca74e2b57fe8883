"""Settings for every environment, read from the environment with safe defaults for a local run."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from .env import database_from_url, env_bool, env_list, env_str

ROOT_DIR = Path(__file__).resolve().parents[3]
DATA_DIR = Path(env_str("FRITT_DATA_DIR", str(ROOT_DIR / ".data")))

FRITT_ENV = env_str("FRITT_ENV", "local")  # local | production
PRODUCTION = FRITT_ENV == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else "local-only-insecure-key-do-not-deploy")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when FRITT_ENV=production")

# The fødselsnummer is encrypted (Fernet key) and indexed with a keyed hash (HMAC key). Locally
# both are derived from SECRET_KEY; in production they must be set and kept apart from it.
FNR_ENCRYPTION_KEY = env_str("FNR_ENCRYPTION_KEY")
FNR_INDEX_KEY = env_str("FNR_INDEX_KEY")
if PRODUCTION and not (FNR_ENCRYPTION_KEY and FNR_INDEX_KEY):
    raise RuntimeError("FNR_ENCRYPTION_KEY and FNR_INDEX_KEY must be set when FRITT_ENV=production")
if not FNR_ENCRYPTION_KEY:
    FNR_ENCRYPTION_KEY = base64.urlsafe_b64encode(
        hashlib.sha256(f"fnr-encryption:{SECRET_KEY}".encode()).digest()
    ).decode()
FNR_INDEX_KEY = FNR_INDEX_KEY or hashlib.sha256(f"fnr-index:{SECRET_KEY}".encode()).hexdigest()

# The national site answers on BASE_DOMAIN; municipality sites on <slug>.BASE_DOMAIN.
BASE_DOMAIN = env_str("FRITT_BASE_DOMAIN", "localhost")
PUBLIC_SITE_HOSTS = env_list(
    "FRITT_PUBLIC_HOSTS",
    [BASE_DOMAIN, f"www.{BASE_DOMAIN}"] + ([] if PRODUCTION else ["127.0.0.1", "testserver"]),
)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [BASE_DOMAIN, f".{BASE_DOMAIN}"] + ([] if PRODUCTION else ["127.0.0.1"])
)
SITE_SCHEME = "https" if PRODUCTION else "http"
SITE_PORT = env_str("FRITT_PUBLIC_PORT", "" if PRODUCTION else env_str("PORT", "8000"))

SHARED_APPS = [
    "django_tenants",
    "fritt.tenancy",
    "tenants.municipalities",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "fritt.accounts",
    "fritt.web",
    "fritt.files",
    "fritt.notifications",
    "fritt.observability",
    "fritt.devtools",
    "public_site.catalogue",
    "public_site.suppliers",
    "public_site.announcements",
    "public_site.applying",
    "public_site.national",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "fritt.notifications",
    "tenants.portal",
    "tenants.zones",
    "tenants.schemes",
    "tenants.applications",
    "tenants.recipients",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "municipalities.Municipality"
TENANT_DOMAIN_MODEL = "municipalities.Domain"
PUBLIC_SCHEMA_NAME = "public"
ROOT_URLCONF = "fritt.urls_tenant"
PUBLIC_SCHEMA_URLCONF = "fritt.urls_public"
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]

MIDDLEWARE = [
    "fritt.web.middleware.ConfiguredPortMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "fritt.web.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "fritt.tenancy.middleware.MunicipalityRoutingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "fritt.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "fritt.web.middleware.RefuseNulBytesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "fritt.accounts.access.MunicipalityAccessMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "OPTIONS": {
            # Cached like Django's default, with django-tenants' admin templates left out (see
            # the loader's docstring: they broke /admin/ on the national site).
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    ["fritt.web.template_loaders.AppDirectoriesWithoutTenantAdminLoader"],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fritt.web.context.site",
            ],
        },
    }
]

WSGI_APPLICATION = "fritt.wsgi.application"

DATABASES = {
    "default": database_from_url(env_str("DATABASE_URL", "postgres://fritt_app@localhost/fritt"))
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Local accounts now; ID-porten and Ansattporten arrive as further backends (see README).
AUTHENTICATION_BACKENDS = ["fritt.accounts.backends.LockoutModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
# Django's rules with messages from our own catalogue (see fritt.accounts.password_validation).
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "fritt.accounts.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "fritt.accounts.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "fritt.accounts.password_validation.CommonPasswordValidator"},
    {"NAME": "fritt.accounts.password_validation.NumericPasswordValidator"},
]

# Lockout: after LOGIN_FAILURE_LIMIT wrong passwords for one e-mail (or LOGIN_IP_FAILURE_LIMIT
# from one client address, over many accounts) within the window, logins are refused for
# LOGIN_LOCKOUT_SECONDS, the right password included.
LOGIN_FAILURE_LIMIT = int(env_str("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_IP_FAILURE_LIMIT = int(env_str("LOGIN_IP_FAILURE_LIMIT", "30"))
LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60
LOGIN_LOCKOUT_SECONDS = 15 * 60
# How many reverse proxies in front of the app append to X-Forwarded-For; 0 trusts none and
# uses the socket's address (behind a load balancer that would lock out everyone at once).
TRUSTED_PROXY_COUNT = int(env_str("FRITT_TRUSTED_PROXY_COUNT", "0"))

# Host-only cookies: a session made on bergen.<base> is never sent to trondheim.<base>.
SESSION_COOKIE_NAME = "fritt_session"
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_COOKIE_SAMESITE = "Lax"
# No trusted origins by default: Django accepts a POST whose Origin (or, over HTTPS, Referer)
# is the request's own host, and nothing else. A wildcard for *.<domain> let any municipality's
# site (or a cookie it tossed onto the parent domain) post into a sibling's.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Only our own files: no inline script or style anywhere (Swagger UI included), no plugins,
# no framing, forms post only to the site itself. Empty turns the header off.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("nn", _("Norsk nynorsk")), ("en", _("English"))]
LOCALE_PATHS = [ROOT_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = ROOT_DIR / "staticfiles"
STATICFILES_DIRS = [
    ("vendor/designsystemet", ROOT_DIR / "node_modules/@digdir/designsystemet-css/dist/src"),
    ("vendor/designsystemet-theme", ROOT_DIR / "node_modules/@digdir/designsystemet-theme/brand"),
]
if not PRODUCTION:
    STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request when it is missing
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "/media/"

AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL") or None
AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME", "eu-north-1")
AWS_DEFAULT_ACL = None
AWS_S3_FILE_OVERWRITE = False
AWS_QUERYSTRING_AUTH = True
STORAGES = {
    "default": {
        "BACKEND": "fritt.files.storage.TenantS3Storage"
        if AWS_STORAGE_BUCKET_NAME
        else "fritt.files.storage.TenantFileSystemStorage"
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Cache keys carry the schema name, so one municipality never reads another's entries.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    }
}

# Celery: a broker that needs no server by default (the filesystem transport, shared by the
# web process, the worker and beat); CELERY_BROKER_URL=redis://... switches to Redis.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
BROKER_DIR = Path(env_str("FRITT_BROKER_DIR", str(DATA_DIR / "broker")))
if CELERY_BROKER_URL.startswith("filesystem://"):
    for _sub in ("queue", "processed", "control"):
        (BROKER_DIR / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "fritt.observability.tasks.heartbeat", "schedule": 30.0},
    "retry-register-lookups": {
        "task": "public_site.suppliers.tasks.retry_pending_lookups",
        "schedule": 15 * 60.0,
    },
    "end-due-joint-memberships": {
        "task": "tenants.schemes.tasks.end_due_joint_memberships",
        "schedule": 6 * 60 * 60.0,  # a notice that ran out at midnight ends by the morning
    },
    "purge-login-records": {
        "task": "fritt.accounts.tasks.purge_old_login_records",
        "schedule": 6 * 60 * 60.0,
    },
    "sweep-choice-deadlines": {
        "task": "tenants.recipients.tasks.sweep_choice_deadlines",
        "schedule": 60 * 60.0,  # hourly: a deadline passed at midnight is handled by morning
    },
}

EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
# Mails carry set-password links: in production a backend that prints or keeps them (console,
# file, memory) would put working login links in the log, so production refuses to start.
_LOCAL_MAIL_BACKENDS = {
    f"django.core.mail.backends.{name}.EmailBackend"
    for name in ("console", "filebased", "locmem", "dummy")
}
if PRODUCTION and EMAIL_BACKEND in _LOCAL_MAIL_BACKENDS:
    raise RuntimeError(
        "EMAIL_HOST (SMTP) or EMAIL_BACKEND (another mail service) must be set when "
        "FRITT_ENV=production; mail would otherwise be printed with its set-password links"
    )
EMAIL_PORT = int(env_str("EMAIL_PORT", "587"))
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Fritt brukervalg <ikke-svar@frittbrukervalg.no>"
)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Municipal systems call the recipient API with a token of a case-worker account
        # (hashed, expiring). First, so that a missing or bad token answers 401, not 403.
        "fritt.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "fritt.web.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Fritt brukervalg API",
    "DESCRIPTION": (
        "Åpne data om kommunenes godkjenningsordninger for fritt brukervalg, "
        "og tjenester for kommunale fagsystemer."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Brønnøysundregistrene's open API; offline mode keeps registration working on checksum and
# manual entry, and lookups are retried by the worker.
BRREG_BASE_URL = env_str("BRREG_BASE_URL", "https://data.brreg.no")
BRREG_OFFLINE = env_bool("BRREG_OFFLINE", default=False)
BRREG_TIMEOUT_SECONDS = float(env_str("BRREG_TIMEOUT_SECONDS", "5"))
SUPPLIER_DOCUMENT_MAX_BYTES = int(env_str("SUPPLIER_DOCUMENT_MAX_BYTES", str(10 * 1024 * 1024)))
DOCUMENT_EXPIRY_WARNING_DAYS = 30

STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub": {"()": "fritt.observability.scrubbing.ScrubPersonalDataFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["scrub"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

if PRODUCTION:
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

SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    from fritt.observability.sentry import init_sentry

    init_sentry(dsn=SENTRY_DSN, environment=FRITT_ENV)
