"""Orchestrates `make run` (database, migrations, demo data, web, worker, beat) and `make test`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / ".data"
PGDATA = DATA / "pg"
PYTHON = sys.executable
MANAGE = [PYTHON, str(ROOT / "manage.py")]

# Read before importing `fritt`: its Celery module sets a default settings module in this
# process (production's), which must not leak into the processes started here.
_CHOSEN_SETTINGS = os.environ.get("DJANGO_SETTINGS_MODULE")

# `platform/` for `fritt`, the root for the access-log guard the database setup installs.
sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]
from fritt.devtools import demo_people, oidc_provider, postgres  # noqa: E402


def _env(database_url: str, settings: str) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", database_url)
    env["DJANGO_SETTINGS_MODULE"] = _CHOSEN_SETTINGS or settings
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "platform"), str(ROOT), env.get("PYTHONPATH", "")]
    ).rstrip(os.pathsep)
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def _ensure_local_folders() -> None:
    """Create what a local run expects before its processes start (the settings create nothing
    on import): STATIC_ROOT, which WhiteNoise warns about when it is missing. The filesystem
    broker's folders are created by the Celery app itself (fritt.celery_app)."""
    (ROOT / "staticfiles").mkdir(exist_ok=True)  # STATIC_ROOT in fritt.settings.base


def _run(cmd: list[str], env: dict[str, str]) -> None:
    subprocess.run(cmd, env=env, cwd=ROOT, check=True)


def run_platform() -> int:
    port = os.environ.get("PORT", "8000")
    started = time.monotonic()
    # Stop on exit only a database this run started; another run may be using it.
    own_db = "DATABASE_URL" not in os.environ and not postgres.is_running(PGDATA)
    url = os.environ.get("DATABASE_URL") or postgres.ensure_running(PGDATA)
    env = _env(url, "fritt.settings.local")
    _ensure_local_folders()
    identity = _start_identity(env, port)
    print("▸ Migrerer fellesskjemaet (public) …", flush=True)
    _run([*MANAGE, "migrate_schemas", "--shared", "--noinput", "-v", "0"], env)
    print("▸ Laster kommuneregisteret, tjenestekatalogen og demodata …", flush=True)
    _run([*MANAGE, "seed_demo"], env)
    _run([*MANAGE, "compilemessages_if_possible"], env)

    celery = [PYTHON, "-m", "celery", "-A", "fritt"]
    procs = {
        **({"oidc": identity.process} if identity else {}),
        "web": subprocess.Popen(
            [*MANAGE, "runserver", f"0.0.0.0:{port}", "--noreload"], env=env, cwd=ROOT
        ),
        "worker": subprocess.Popen(
            [*celery, "worker", "-l", "warning", "--concurrency", "2", "-n", "fritt@%h"],
            env=env,
            cwd=ROOT,
        ),
        "beat": subprocess.Popen(
            [*celery, "beat", "-l", "warning", "-s", str(DATA / "celerybeat-schedule")],
            env=env,
            cwd=ROOT,
        ),
    }
    print(
        f"\nFritt brukervalg kjører (klar etter {time.monotonic() - started:.0f} s).\n"
        f"  Nasjonalt nettsted:  http://localhost:{port}/\n"
        f"  Kommunenes nettsted: http://<slug>.localhost:{port}/  "
        f"(f.eks. http://trondheim.localhost:{port}/)\n"
        f"  API-dokumentasjon:   http://localhost:{port}/api/docs/\n"
        f"  Helsesjekk:          http://localhost:{port}/healthz\n"
        "Trykk Ctrl-C for å stoppe alt.\n",
        flush=True,
    )
    if identity:
        _print_identities(identity, port)
    history = _start_history(env)

    stopping = False

    def _stop(*_args: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    exit_code = 0
    while not stopping:
        for name, proc in procs.items():
            if proc.poll() is not None:
                print(f"{name} stoppet med kode {proc.returncode}; stopper resten.", flush=True)
                exit_code = proc.returncode or 1
                stopping = True
        if history is not None and history.poll() is not None:
            if history.returncode:
                print(
                    f"\nHistorikken stoppet med kode {history.returncode} (se over); plattformen "
                    "kjører videre, og neste start fortsetter der den stoppet.",
                    flush=True,
                )
            history = None
        time.sleep(0.5)
    if history is not None:
        procs["history"] = history
    for proc in procs.values():
        if proc.poll() is None:
            proc.terminate()
    for proc in procs.values():
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    if own_db:
        postgres.stop(PGDATA)
    print("Alt er stoppet.", flush=True)
    return exit_code


def _start_history(env: dict[str, str]) -> subprocess.Popen | None:
    """Two years of history in the demo's twenty municipalities, made through the real services
    while the platform already answers (it takes minutes on a fresh machine, nothing on the next
    start). Niced, so the pages stay quick; DEMO_HISTORY=0 skips it."""
    if os.environ.get("DEMO_HISTORY", "1") == "0":
        return None
    print("▸ Lager to års historikk i 20 kommuner i bakgrunnen (DEMO_HISTORY=0 hopper over) …")
    return subprocess.Popen(
        [*MANAGE, "seed_history"], env=env, cwd=ROOT, preexec_fn=lambda: os.nice(10)
    )


def _start_identity(env: dict[str, str], port: str):
    """The local ID-porten, Ansattporten and Maskinporten look-alikes, unless real issuers are
    configured."""
    if env.get("IDPORTEN_ISSUER") or env.get("ANSATTPORTEN_ISSUER"):
        return None
    if not oidc_provider.node_available():
        print("▸ Node eller oidc-provider mangler: bare lokale kontoer.", flush=True)
        return None
    print("▸ Starter lokal ID-porten, Ansattporten og Maskinporten (oidc-provider) …", flush=True)
    provider = oidc_provider.start(
        data_dir=DATA,
        idporten_port=int(os.environ.get("IDPORTEN_PORT", "8801")),
        ansattporten_port=int(os.environ.get("ANSATTPORTEN_PORT", "8802")),
        maskinporten_port=int(os.environ.get("MASKINPORTEN_PORT", "8803")),
        frontchannel_logout_uri=f"http://localhost:{port}/innlogging/frontkanal-utlogging/",
        quiet=True,
    )
    env.update(provider.settings_env())
    return provider


def _print_identities(identity, port: str) -> None:
    print(f"Testpersoner for ID-porten ({identity.idporten}), på kommunens «Logg inn»:")
    for person in demo_people.citizens():
        print(f"  {person['pid']}  {person['name']:<32} {person['note']}")
    print(f"Testpersoner for Ansattporten ({identity.ansattporten}):")
    for person in demo_people.employees():
        where = person["email"] or ", ".join(person["orgs"])
        print(f"  {person['pid']}  {person['name']:<32} {person['note']} ({where})")
    print(
        f"  Borgere: http://bergen.localhost:{port}/logg-inn/ · leverandører: "
        f"http://localhost:{port}/logg-inn/\n",
        flush=True,
    )


def run_tests(args: list[str]) -> int:
    own_db = "DATABASE_URL" not in os.environ and not postgres.is_running(PGDATA)
    url = os.environ.get("DATABASE_URL") or postgres.ensure_running(PGDATA)
    env = _env(url, "fritt.settings.test")
    _ensure_local_folders()
    try:
        _run([*MANAGE, "compilemessages_if_possible"], env)
        return subprocess.run([PYTHON, "-m", "pytest", *args], env=env, cwd=ROOT).returncode
    finally:
        if own_db:
            postgres.stop(PGDATA)


def manage(args: list[str]) -> int:
    """Run a management command against the embedded database (starts it if needed)."""
    url = os.environ.get("DATABASE_URL") or postgres.ensure_running(PGDATA)
    _ensure_local_folders()
    return subprocess.run(
        [*MANAGE, *args], env=_env(url, "fritt.settings.local"), cwd=ROOT
    ).returncode


def bench(args: list[str]) -> int:
    """Benchmarks on a database of their own, so demo data is neither used nor disturbed."""
    own_db = "DATABASE_URL" not in os.environ and not postgres.is_running(PGDATA)
    url = os.environ.get("DATABASE_URL") or postgres.ensure_running(PGDATA)
    bench_url = (
        postgres.ensure_running(PGDATA, database="fritt_bench")
        if not os.environ.get("DATABASE_URL")
        else url.replace("/fritt?", "/fritt_bench?")
    )
    env = _env(bench_url, "fritt.settings.local")
    env["DATABASE_URL"] = bench_url
    try:
        _run([*MANAGE, "migrate_schemas", "--shared", "--noinput", "-v", "0"], env)
        search = subprocess.run([*MANAGE, "bench_search", *args], env=env, cwd=ROOT).returncode
        # A database of its own, made anew: the demo's history generator fills 10 and then all
        # 357 municipalities, and the first measurement must see only the 10.
        stats_env = dict(env)
        stats_env["DATABASE_URL"] = (
            postgres.ensure_running(PGDATA, database="fritt_bench_stats", fresh=True)
            if not os.environ.get("DATABASE_URL")
            else url.replace("/fritt?", "/fritt_bench_stats?")
        )
        _run([*MANAGE, "migrate_schemas", "--shared", "--noinput", "-v", "0"], stats_env)
        stats = subprocess.run([*MANAGE, "bench_statistics"], env=stats_env, cwd=ROOT).returncode
        # National scale (issue 13): BENCH_ONBOARDING="--municipalities 50" for a quick run.
        onboarding = os.environ.get("BENCH_ONBOARDING", "").split()
        joining = subprocess.run(
            [*MANAGE, "bench_onboarding", *onboarding], env=env, cwd=ROOT
        ).returncode
        settlement = subprocess.run([*MANAGE, "bench_settlement"], env=env, cwd=ROOT).returncode
        # Pages at city volume against a small municipality, CSV, national search, apply-once.
        volume = subprocess.run([*MANAGE, "bench_volume", *args], env=env, cwd=ROOT).returncode
        return search or stats or joining or settlement or volume
    finally:
        if own_db:
            postgres.stop(PGDATA)


def main() -> int:
    command, *rest = sys.argv[1:] or ["run"]
    if command == "run":
        return run_platform()
    if command == "test":
        return run_tests(rest)
    if command == "manage":
        return manage(rest)
    if command == "bench":
        return bench(rest)
    if command == "stop-db":
        postgres.stop(PGDATA)
        return 0
    print(
        f"ukjent kommando: {command} (run | test | bench | manage ... | stop-db)", file=sys.stderr
    )
    return 2


if __name__ == "__main__":
    sys.exit(main())
