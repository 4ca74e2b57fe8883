"""Test settings: the same real PostgreSQL, faster hashing, mail kept in memory, own broker dir."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault(
    "FRITT_BROKER_DIR", str(Path(tempfile.gettempdir()) / f"fritt-test-broker-{os.getpid()}")
)

from .base import *  # noqa: E402,F403
from .base import DATA_DIR, DATABASES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = DATA_DIR / "test-media"
WHITENOISE_AUTOREFRESH = True
BRREG_OFFLINE = True  # tests that talk to the register start their own server on loopback

# A second checkout may run its suite against the same server under another database name.
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("FRITT_TEST_DATABASE", "test_fritt")}
