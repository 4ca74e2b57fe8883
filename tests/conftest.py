"""Shared fixtures: a real PostgreSQL test database with the registry and four provisioned
municipalities, users for every role, and helpers that send the right Host header.

Why no `transactional_db` / `live_server`: their teardown TRUNCATEs the public schema, which
wipes the registry and fails on foreign keys from tenant schemas into public. Tests that need
committed data (a real worker, a real browser) use `committed` below instead: it commits for
real and the test database is dropped at the end of the session.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from django.db import connection

from fritt.accounts.models import User
from fritt.accounts.roles import Role
from public_site.announcements.models import Announcement
from public_site.catalogue.services import sync_catalogue
from public_site.suppliers.models import Supplier
from tenants.municipalities.models import Municipality
from tenants.municipalities.provisioning import provision_municipality
from tenants.municipalities.services import sync_registry
from tests.factories import (
    SiteClient,
    announce,
    make_supplier,
    make_user,
    site_client,
    vault_document,
)

TEST_MUNICIPALITIES = {"bergen": "4601", "trondheim": "5001", "eidfjord": "4619", "ulvik": "4620"}


def pytest_report_header(config):
    if not shutil.which(os.environ.get("FRITT_CHROMIUM", "/usr/bin/chromium")):
        return (
            "!!! CHROMIUM NOT FOUND: browser tests (marked 'browser') WILL BE SKIPPED. "
            "Install Debian's chromium (apt-get install chromium) to run them. !!!"
        )
    return None


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker):
    """The test database with the registry, the catalogue and the test municipalities,
    committed once per session.

    pytest-django only creates databases that some collected test marks with `django_db`; a
    run of committed-only tests (a real worker, a browser) needs it all the same.
    """
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        db_cfg = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        sync_registry()
        sync_catalogue()
        for number in TEST_MUNICIPALITIES.values():
            provision_municipality(
                municipality=Municipality.registry.get(kommunenummer=number), activate=True
            )
        connection.set_schema_to_public()
    yield
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            # A keep-alive browser connection may leave a server thread's session open; it
            # must not stop the test database from being dropped.
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                # The app role may end its own sessions only (not autovacuum's, say).
                "AND usename = current_user"
            )
        teardown_databases(db_cfg, verbosity=0)


@pytest.fixture(autouse=True)
def _back_to_public() -> Iterator[None]:
    """A request to a municipality's site leaves the connection in its schema; reset it."""
    yield
    if connection.connection is not None or connection.schema_name != "public":
        connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _bokmal_after() -> Iterator[None]:
    """A request that asks for English or Nynorsk (a cookie, Accept-Language) leaves that
    language active in the thread: the locale middleware activates it and nothing switches
    back. Each test starts in bokmål, and what it left active ends with it."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Pages cache a few costly reads (the access log's unusual-access findings) in the process's
    memory; each test starts without what an earlier test left there."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def committed(django_db_setup, django_db_blocker) -> Iterator[None]:
    """Database access without a wrapping transaction: writes are committed for real."""
    with django_db_blocker.unblock():
        yield
        connection.set_schema_to_public()


def _municipality(slug: str) -> Municipality:
    return Municipality.objects.get(kommunenummer=TEST_MUNICIPALITIES[slug])


@pytest.fixture
def bergen(db) -> Municipality:
    return _municipality("bergen")


@pytest.fixture
def trondheim(db) -> Municipality:
    return _municipality("trondheim")


@pytest.fixture
def eidfjord(db) -> Municipality:
    return _municipality("eidfjord")


@pytest.fixture
def ulvik(db) -> Municipality:
    return _municipality("ulvik")


@pytest.fixture
def user_factory(db):
    return make_user


@pytest.fixture
def supplier(db) -> Supplier:
    return make_supplier(orgnr="912345602", name="Omsorg Test AS")


@pytest.fixture
def operator(db) -> User:
    return make_user(Role.PLATFORM_OPERATOR)


@pytest.fixture
def analyst(db) -> User:
    return make_user(Role.MINISTRY_ANALYST)


@pytest.fixture
def national_client() -> SiteClient:
    return site_client()


# --- Apply once: a supplier's admin with a firmaattest, officers, published announcements. ---


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files in the test's own folder. Autouse in the folders whose tests upload
    (their conftest.py), asked for by name elsewhere."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def supplier_admin(supplier):
    return make_user(Role.SUPPLIER_ADMIN, supplier=supplier, full_name="Siri Søker")


@pytest.fixture
def firmaattest(supplier, supplier_admin):
    return vault_document(supplier, supplier_admin)


@pytest.fixture
def officer_bergen(bergen):
    return make_user(Role.MUNICIPAL_OFFICER, municipality=bergen, full_name="Ola Bergen")


@pytest.fixture
def officer_trondheim(trondheim):
    return make_user(Role.MUNICIPAL_OFFICER, municipality=trondheim, full_name="Tone Trondheim")


@pytest.fixture
def bergen_announcement(bergen, officer_bergen) -> Announcement:
    return announce(bergen, officer_bergen)


@pytest.fixture
def trondheim_announcement(trondheim, officer_trondheim) -> Announcement:
    return announce(trondheim, officer_trondheim)


# --- Real processes: a live web server in a thread, headless Chromium, a Celery worker,
# --- the local OpenID Provider. ---


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    """The local OpenID Provider (Node's oidc-provider as ID-porten and Ansattporten
    look-alikes) on free ports, with the platform pointed at it for the session."""
    from django.test.utils import override_settings

    from fritt.devtools import oidc_provider as local
    from fritt.identity import client

    if not local.node_available():
        pytest.skip("the local OpenID Provider needs node and `npm ci` (oidc-provider)")
    provider = local.start(
        data_dir=tmp_path_factory.mktemp("oidc"),
        frontchannel_logout_uri="http://localhost/innlogging/frontkanal-utlogging/",
        quiet=True,
    )
    overrides = override_settings(
        IDPORTEN_ISSUER=provider.idporten,
        ANSATTPORTEN_ISSUER=provider.ansattporten,
        MASKINPORTEN_ISSUER=provider.maskinporten,
        OIDC_CLIENT_JWK_FILE=str(provider.key_file),
        OIDC_CLIENT_JWK="",
    )
    overrides.enable()
    client.forget_cached()
    yield provider
    overrides.disable()
    client.forget_cached()
    provider.stop()


CHROMIUM = os.environ.get("FRITT_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def live_server_url(django_db_setup) -> Iterator[str]:
    """A threaded WSGI server on 127.0.0.1 serving the app and static files.

    Used with `committed` so that the server's own connections see the test's data.
    """
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread
    from django.test.utils import override_settings

    thread = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    # Links and the Host header take the configured public port, never the request's: here
    # that is the live server's.
    public_port = override_settings(SITE_PORT=str(thread.port))
    public_port.enable()
    yield f"http://localhost:{thread.port}"
    public_port.disable()
    thread.terminate()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright; skipped loudly when not installed."""
    if not shutil.which(CHROMIUM):
        pytest.skip(f"BROWSER TESTS SKIPPED: Chromium not found at {CHROMIUM}")
    # Playwright's sync API keeps an event loop in this thread; Django's ORM is safe here
    # because the loop never runs our code concurrently.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--host-resolver-rules=MAP *.localhost 127.0.0.1, MAP localhost 127.0.0.1",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, committed):
    context = browser.new_context(locale="nb-NO")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def celery_worker_process(committed, tmp_path) -> Iterator[dict[str, str]]:
    """A real `celery worker` process on the test database and the test broker folder.

    Yields the environment it runs with; mails it sends land as files in env['EMAIL_FILE_PATH'].
    """
    import subprocess
    import sys
    import time

    from django.conf import settings

    db = settings.DATABASES["default"]
    mail_dir = tmp_path / "mail"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fritt.settings.local",
        "DATABASE_URL": f"postgres://{db['USER']}@/{db['NAME']}?host={db['HOST']}",
        "FRITT_BROKER_DIR": str(settings.BROKER_DIR),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        # As in the test settings: a join queued earlier must not keep the worker migrating.
        "FRITT_SPARE_SCHEMAS": "0",
        "PYTHONPATH": os.pathsep.join(
            [str(settings.ROOT_DIR / "platform"), str(settings.ROOT_DIR)]
        ),
    }
    env.pop("SENTRY_DSN", None)
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "fritt", "worker", "-l", "info",
         "--pool", "solo", "-n", f"test-{os.getpid()}@%h"],
        env=env,
        cwd=settings.ROOT_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while "ready" not in (tmp_path / "worker.log").read_text():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(
                "Celery worker did not start:\n" + (tmp_path / "worker.log").read_text()
            )
        time.sleep(0.2)
    env["WORKER_LOG"] = str(tmp_path / "worker.log")
    yield env
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
