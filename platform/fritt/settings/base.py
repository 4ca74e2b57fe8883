"""What every environment shares: apps, tenancy, middleware, templates, auth, i18n, static
files, DRF and logging, plus one module per integration (`integrations/`).

Never used on its own: DJANGO_SETTINGS_MODULE names an environment (`local`, `production`,
`test`), which imports this and sets what differs. Where environments differ, the value here is
the strict one (no debug, no secret key, HTTPS, no loopback hosts) and `local` loosens it.
Importing any settings module has no side effects: nothing is created, nothing is started.
"""

from __future__ import annotations

import os

from django.utils.translation import gettext_lazy as _

from .env import database_from_url, env_list, env_str
from .integrations.brreg import *  # noqa: F403
from .integrations.celery import *  # noqa: F403
from .integrations.ehf import *  # noqa: F403
from .integrations.email import *  # noqa: F403
from .integrations.oidc import *  # noqa: F403
from .integrations.security import *  # noqa: F403
from .integrations.sentry import *  # noqa: F403
from .integrations.storage import *  # noqa: F403
from .integrations.stripe import *  # noqa: F403
from .integrations.webhooks import *  # noqa: F403
from .paths import ROOT_DIR

if os.environ.get("DJANGO_SETTINGS_MODULE") == __name__:
    raise RuntimeError(
        "fritt.settings.base is only what the environments share; set DJANGO_SETTINGS_MODULE "
        "to fritt.settings.local (make run, manage.py), fritt.settings.production (deployments) "
        "or fritt.settings.test (the test suite)"
    )

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")

# The national site answers on BASE_DOMAIN; municipality sites on <slug>.BASE_DOMAIN.
BASE_DOMAIN = env_str("FRITT_BASE_DOMAIN", "localhost")
PUBLIC_SITE_HOSTS = env_list("FRITT_PUBLIC_HOSTS", [BASE_DOMAIN, f"www.{BASE_DOMAIN}"])
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [BASE_DOMAIN, f".{BASE_DOMAIN}"])
SITE_SCHEME = "https"
SITE_PORT = env_str("FRITT_PUBLIC_PORT")

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
    "fritt.identity",
    "fritt.web",
    "fritt.files",
    "fritt.notifications",
    "fritt.events",
    "fritt.observability",
    "fritt.devtools",
    "public_site.catalogue",
    "public_site.suppliers",
    "public_site.announcements",
    "public_site.applying",
    "public_site.national",
    "public_site.statistics",
    "public_site.billing",
    # Last, so that fritt.web's widget templates (Designsystemet classes) win over Django's.
    "django.forms",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "fritt.notifications",
    "fritt.events",
    "tenants.portal",
    "tenants.zones",
    "tenants.schemes",
    "tenants.applications",
    "tenants.recipients",
    "tenants.integrations",
    "tenants.settlement",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "municipalities.Municipality"
TENANT_DOMAIN_MODEL = "municipalities.Domain"
# `SET search_path` only when the schema changes, not before every statement (half of all
# statements were that). Safe here: the one schema door and the worker enter a schema through
# set_tenant, which forgets the path, and django-tenants forgets it on every rollback too
# (a SET is undone with its transaction); tests/platform/tenancy/test_search_path.py holds it.
TENANT_LIMIT_SET_CALLS = True
PUBLIC_SCHEMA_NAME = "public"
ROOT_URLCONF = "fritt.urls_tenant"
PUBLIC_SCHEMA_URLCONF = "fritt.urls_public"
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
# Already-migrated schemas the worker keeps ready, so a municipality that joins goes live
# without waiting for migrations (tenants.municipalities.pool).
FRITT_SPARE_SCHEMAS = int(env_str("FRITT_SPARE_SCHEMAS", "2"))

MIDDLEWARE = [
    "fritt.web.middleware.ConfiguredPortMiddleware",
    # Outermost but one, so every later middleware and the view share one read of the roles.
    "fritt.accounts.access.RoleCacheMiddleware",
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
    "fritt.identity.sessions.SessionIdleTimeoutMiddleware",
    "fritt.web.middleware.RefuseNulBytesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "fritt.accounts.access.MunicipalityAccessMiddleware",
    "fritt.tenancy.middleware.SuspendedReadOnlyMiddleware",
]

# Widgets render through the project's templates, so fritt.web can give every server-rendered
# field Designsystemet's classes (django/forms/widgets/attrs.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

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
# Local accounts (with lockout), and the national logins, which log in through
# fritt.identity's callback only (their backend never checks a password).
AUTHENTICATION_BACKENDS = [
    "fritt.accounts.backends.LockoutModelBackend",
    "fritt.identity.backends.NationalLoginBackend",
]
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
# Cache keys carry the schema name, so one municipality never reads another's entries.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    }
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # A municipal system's own identity (client credentials, `Bearer fbm_…`); it passes
        # any other token on.
        "tenants.integrations.authentication.ClientCredentialsAuthentication",
        # The same systems with a Maskinporten token (a JWT), when MASKINPORTEN_ISSUER is set.
        "tenants.integrations.maskinporten.MaskinportenAuthentication",
        # Municipal systems call the recipient API with a token of a case-worker account
        # (hashed, expiring). First, so that a missing or bad token answers 401, not 403.
        "fritt.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "fritt.web.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "fritt.web.api_errors.handle",
    # Request bodies are JSON only (one content type per operation in the document); the OAuth
    # token endpoint takes a form as RFC 6749 says, by its own parsers.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
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
    # Separate request and response components: a write-only field (the fødselsnummer) is
    # then required in requests and absent from responses, so generated clients parse answers.
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "fritt.web.openapi.document_errors",
    ],
}

# Supplier document vault: the upload limit, and how long before expiry a document is flagged.
SUPPLIER_DOCUMENT_MAX_BYTES = int(env_str("SUPPLIER_DOCUMENT_MAX_BYTES", str(10 * 1024 * 1024)))
DOCUMENT_EXPIRY_WARNING_DAYS = 30

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub": {"()": "fritt.observability.scrubbing.ScrubPersonalDataFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["scrub"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # It warns once per up-to-date schema: 357 lines on every start that migrates nothing.
        "django_tenants_smart_executor": {"level": "ERROR"},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
