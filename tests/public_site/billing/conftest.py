"""A local Stripe-compatible API (localstripe) on a free loopback port, for the billing tests."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

WEBHOOK_SECRET = "whsec_fritt_test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def localstripe_url() -> Iterator[str]:
    port = _free_port()
    with tempfile.TemporaryFile() as log:
        # A busy 2-core CI machine can be slow to import aiohttp; the log says why if it dies.
        proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("localstripe_server.py")), str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 90
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    proc.wait()
                    log.seek(0)
                    output = log.read().decode(errors="replace")[-4000:]
                    raise RuntimeError(
                        f"localstripe did not start (exit {proc.returncode}):\n{output}"
                    ) from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def stripe_on(settings, localstripe_url):
    """Billing switched on against localstripe (its state lives for the session: use ids)."""
    settings.STRIPE_SECRET_KEY = "sk_test_fritt"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = localstripe_url
    return settings
