"""Settings per environment: each module imports without side effects, the environment is
chosen by DJANGO_SETTINGS_MODULE alone, and the entry points never fall back to local settings."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION_SECRETS = {
    "SECRET_KEY": "a-production-secret",
    "FNR_ENCRYPTION_KEY": "k" * 44,
    "FNR_INDEX_KEY": "i" * 64,
    "EMAIL_HOST": "smtp.example.org",
}
SENTRY_DSN = "http://public@127.0.0.1:9/1"  # nothing listens there; nothing is sent either

# Records every folder made in the process (Path.mkdir and os.makedirs both end in os.mkdir).
SPY = """
import json, os, sys
made = []
_mkdir = os.mkdir
def _spy(path, *args, **kwargs):
    made.append(str(path))
    return _mkdir(path, *args, **kwargs)
os.mkdir = _spy
"""


def _python(code: str, tmp_path, **env_overrides: str) -> subprocess.CompletedProcess:
    """Run `code` in a fresh interpreter whose local state (data, broker, media, mail) would
    all land under tmp_path/data, with no settings module, FRITT_ENV or Sentry inherited."""
    inherited = ("DJANGO_SETTINGS_MODULE", "FRITT_", "SENTRY", "EMAIL_", "MEDIA_ROOT", "SECRET_KEY")
    env = {k: v for k, v in os.environ.items() if not k.startswith(inherited)}
    env.pop("FNR_ENCRYPTION_KEY", None)
    env.pop("FNR_INDEX_KEY", None)
    env.pop("CELERY_BROKER_URL", None)
    env.update(
        FRITT_DATA_DIR=str(tmp_path / "data"),
        PYTHONPATH=os.pathsep.join([str(settings.ROOT_DIR / "platform"), str(settings.ROOT_DIR)]),
    )
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _last_json(result: subprocess.CompletedProcess):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("module", "extra_env"),
    [
        ("fritt.settings.local", {}),
        ("fritt.settings.test", {}),
        ("fritt.settings.production", PRODUCTION_SECRETS),
    ],
)
def test_importing_a_settings_module_creates_no_folders_and_starts_nothing(
    tmp_path, module, extra_env
):
    code = SPY + (
        f"import importlib, sentry_sdk; s = importlib.import_module({module!r})\n"
        "print(json.dumps({'made': made, 'sentry': sentry_sdk.get_client().is_active(),"
        " 'env': s.FRITT_ENV, 'broker': str(s.BROKER_DIR)}))"
    )
    probe = _last_json(
        _python(code, tmp_path, DJANGO_SETTINGS_MODULE=module, SENTRY_DSN=SENTRY_DSN, **extra_env)
    )
    assert probe["made"] == []
    assert not (tmp_path / "data").exists()
    assert probe["sentry"] is False
    assert probe["env"] == module.rsplit(".", 1)[1]
    if module != "fritt.settings.test":  # the test settings keep their broker apart
        assert probe["broker"] == str(tmp_path / "data" / "broker")


def test_starting_django_and_celery_creates_the_broker_folders_and_starts_sentry(tmp_path):
    code = (
        "import json, django, sentry_sdk; django.setup()\n"
        "from fritt.celery_app import app; app.conf.broker_url\n"
        "print(json.dumps(sentry_sdk.get_client().options['environment']))"
    )
    environment = _last_json(
        _python(
            code, tmp_path, DJANGO_SETTINGS_MODULE="fritt.settings.local", SENTRY_DSN=SENTRY_DSN
        )
    )
    assert environment == "local"
    broker = tmp_path / "data" / "broker"
    assert sorted(p.name for p in broker.iterdir()) == ["control", "processed", "queue"]


def test_the_shared_base_cannot_be_the_settings_module(tmp_path):
    result = _python(
        "import fritt.settings.base", tmp_path, DJANGO_SETTINGS_MODULE="fritt.settings.base"
    )
    assert result.returncode != 0
    assert "fritt.settings.local" in result.stderr and "fritt.settings.production" in result.stderr


def test_a_leftover_fritt_env_production_stops_the_local_settings(tmp_path):
    result = _python(
        "import fritt.settings.local",
        tmp_path,
        DJANGO_SETTINGS_MODULE="fritt.settings.local",
        FRITT_ENV="production",
    )
    assert result.returncode != 0
    assert "DJANGO_SETTINGS_MODULE=fritt.settings.production" in result.stderr


def test_a_matching_fritt_env_is_accepted(tmp_path):
    result = _python(
        "import fritt.settings.production as s; print(s.FRITT_ENV)",
        tmp_path,
        DJANGO_SETTINGS_MODULE="fritt.settings.production",
        FRITT_ENV="production",
        **PRODUCTION_SECRETS,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "production"


@pytest.mark.parametrize("entry_point", ["fritt.wsgi", "fritt.asgi"])
def test_a_server_without_a_settings_module_gets_production_and_its_refusals(tmp_path, entry_point):
    result = _python(f"import {entry_point}", tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def test_a_worker_without_a_settings_module_gets_production(tmp_path):
    code = "import os, fritt.celery_app; print(os.environ['DJANGO_SETTINGS_MODULE'])"
    result = _python(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "fritt.settings.production"


def test_manage_py_without_a_settings_module_is_local(tmp_path):
    result = _python(
        "import runpy, sys; sys.argv = ['manage.py', 'diffsettings', '--output', 'unified'];"
        f" runpy.run_path({str(settings.ROOT_DIR / 'manage.py')!r}, run_name='__main__')",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "+ FRITT_ENV = 'local'" in result.stdout


def test_beat_schedules_in_the_sites_time_zone():
    assert settings.CELERY_TIMEZONE == settings.TIME_ZONE
