"""Starts the local OpenID Provider (ID-porten and Ansattporten look-alikes, Node's
`oidc-provider`) for `make run` and the tests, and makes the platform's client key."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from . import demo_people

ROOT = Path(__file__).resolve().parents[3]
SERVER = ROOT / "platform/fritt/identity/provider/server.mjs"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_client_key(path: Path) -> Path:
    """The platform's private key for private_key_jwt (made once; production's is registered
    with Digdir and given in OIDC_CLIENT_JWK[_FILE])."""
    if not path.exists():
        from joserfc.jwk import RSAKey

        key = RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256"}, auto_kid=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(key.as_dict(private=True)), encoding="utf-8")
        path.chmod(0o600)
    return path


def public_jwks(path: Path) -> str:
    from joserfc.jwk import RSAKey

    key = RSAKey.import_key(json.loads(path.read_text(encoding="utf-8")))
    return json.dumps({"keys": [key.as_dict(private=False)]})


@dataclass
class LocalProvider:
    process: subprocess.Popen
    idporten: str
    ansattporten: str
    key_file: Path
    maskinporten: str = ""

    def settings_env(self) -> dict[str, str]:
        """What the platform's processes need to use it (see fritt.settings.integrations.oidc)."""
        return {
            "IDPORTEN_ISSUER": self.idporten,
            "ANSATTPORTEN_ISSUER": self.ansattporten,
            "MASKINPORTEN_ISSUER": self.maskinporten,
            "OIDC_CLIENT_JWK_FILE": str(self.key_file),
        }

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()


def node_available() -> bool:
    return shutil.which("node") is not None and (ROOT / "node_modules/oidc-provider").exists()


def start(
    *,
    data_dir: Path,
    idporten_port: int | None = None,
    ansattporten_port: int | None = None,
    maskinporten_port: int | None = None,
    frontchannel_logout_uri: str,
    quiet: bool = False,
) -> LocalProvider:
    key_file = ensure_client_key(data_dir / "oidc" / "client-key.json")
    identities = demo_people.write_identities(data_dir / "oidc" / "demo-identities.json")
    idporten_port = idporten_port or free_port()
    ansattporten_port = ansattporten_port or free_port()
    maskinporten_port = maskinporten_port or free_port()
    env = dict(os.environ)
    env.update(
        IDPORTEN_PORT=str(idporten_port),
        ANSATTPORTEN_PORT=str(ansattporten_port),
        MASKINPORTEN_PORT=str(maskinporten_port),
        FRITT_CLIENT_JWKS=public_jwks(key_file),
        FRITT_FRONTCHANNEL_LOGOUT_URI=frontchannel_logout_uri,
        FRITT_DEMO_IDENTITIES=str(identities),
        NODE_ENV="development",
        NODE_NO_WARNINGS="1",
    )
    process = subprocess.Popen(
        ["node", str(SERVER)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL if quiet else None,
        stderr=subprocess.DEVNULL if quiet else None,
    )
    provider = LocalProvider(
        process=process,
        idporten=f"http://localhost:{idporten_port}",
        ansattporten=f"http://localhost:{ansattporten_port}",
        key_file=key_file,
        maskinporten=f"http://localhost:{maskinporten_port}",
    )
    # Generous: a loaded 2-core CI machine can be slow to start Node (the last CI run could
    # not start localstripe in 30 s).
    deadline = time.monotonic() + 60
    for issuer in (provider.idporten, provider.ansattporten, provider.maskinporten):
        while True:
            discovery = f"{issuer}/.well-known/openid-configuration"
            try:
                with urllib.request.urlopen(discovery, timeout=2):  # noqa: S310 (our own)
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    provider.stop()
                    raise RuntimeError(f"the local OpenID Provider did not start ({issuer})")
                time.sleep(0.2)
    return provider
