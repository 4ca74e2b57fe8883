"""Production settings, imported in a fresh process: refusals at start and the security on."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

PROBE = (
    "import json, fritt.settings.production as s; print(json.dumps({"
    "'backend': s.EMAIL_BACKEND, 'csp': s.CONTENT_SECURITY_POLICY, "
    "'middleware': s.MIDDLEWARE, 'csrf': s.CSRF_TRUSTED_ORIGINS}))"
)


def _import_production_settings(**env_overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "SENTRY", "CSRF_"))}
    env.update(
        SECRET_KEY="a-production-secret",
        FNR_ENCRYPTION_KEY="k" * 44,
        FNR_INDEX_KEY="i" * 64,
        CELERY_BROKER_URL="memory://",
        PYTHONPATH=os.pathsep.join([str(settings.ROOT_DIR / "platform"), str(settings.ROOT_DIR)]),
    )
    env.pop("FRITT_ENV", None)
    env["DJANGO_SETTINGS_MODULE"] = "fritt.settings.production"
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60
    )


def test_production_without_a_mail_server_refuses_to_start():
    result = _import_production_settings()
    assert result.returncode != 0
    assert "RuntimeError" in result.stderr and "EMAIL_HOST" in result.stderr


@pytest.mark.parametrize("backend", ["console", "filebased", "locmem"])
def test_production_refuses_a_backend_that_prints_or_keeps_mail(backend):
    result = _import_production_settings(
        EMAIL_BACKEND=f"django.core.mail.backends.{backend}.EmailBackend"
    )
    assert result.returncode != 0 and "EMAIL_HOST" in result.stderr


def test_production_with_a_mail_server_starts_with_its_security_on():
    result = _import_production_settings(EMAIL_HOST="smtp.example.org")
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert "fritt.web.middleware.ContentSecurityPolicyMiddleware" in probe["middleware"]
    assert probe["csp"]["default-src"] == ["'self'"]
    assert probe["csp"]["frame-ancestors"] == ["'none'"]
    assert probe["csp"]["object-src"] == ["'none'"] and probe["csp"]["base-uri"]
    assert probe["csrf"] == []
