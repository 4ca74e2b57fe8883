"""Settings for a developer's machine (`make run`, `make manage`, `make bench`, `manage.py`):
debug on, a local secret, loopback hosts, plain HTTP on PORT, mail on the console."""

import base64
import hashlib

from .base import *  # noqa: F403
from .base import BASE_DOMAIN, FNR_ENCRYPTION_KEY, FNR_INDEX_KEY
from .env import env_bool, env_list, env_str, refuse_another_environment

refuse_another_environment("local")
FRITT_ENV = "local"

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = env_str("SECRET_KEY", "local-only-insecure-key-do-not-deploy")

# Derived from SECRET_KEY when unset, so a fresh checkout works; production requires both.
FNR_ENCRYPTION_KEY = (
    FNR_ENCRYPTION_KEY
    or base64.urlsafe_b64encode(
        hashlib.sha256(f"fnr-encryption:{SECRET_KEY}".encode()).digest()
    ).decode()
)
FNR_INDEX_KEY = FNR_INDEX_KEY or hashlib.sha256(f"fnr-index:{SECRET_KEY}".encode()).hexdigest()

# Scripts and curl reach the national site by address, Django's test client as "testserver".
PUBLIC_SITE_HOSTS = env_list(
    "FRITT_PUBLIC_HOSTS", [BASE_DOMAIN, f"www.{BASE_DOMAIN}", "127.0.0.1", "testserver"]
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [BASE_DOMAIN, f".{BASE_DOMAIN}", "127.0.0.1"])
# A case system under development listens on plain http on loopback.
FRITT_WEBHOOK_ALLOW_HTTP = env_bool("FRITT_WEBHOOK_ALLOW_HTTP", default=True)
FRITT_WEBHOOK_ALLOW_PRIVATE = env_bool("FRITT_WEBHOOK_ALLOW_PRIVATE", default=True)
SITE_SCHEME = "http"
SITE_PORT = env_str("FRITT_PUBLIC_PORT", env_str("PORT", "8000"))
