"""Test settings: the local ones on the same real PostgreSQL, made fast (cheap hashing, mail in
memory) and isolated (a broker folder per run, own media folder, the register offline)."""

import os
import tempfile
from pathlib import Path

# Before the import below: the Celery settings read it. Only a path; the Celery app creates
# the folders when it is configured.
os.environ.setdefault(
    "FRITT_BROKER_DIR", str(Path(tempfile.gettempdir()) / f"fritt-test-broker-{os.getpid()}")
)

from .local import *  # noqa: E402,F403
from .local import DATA_DIR, DATABASES  # noqa: E402

FRITT_ENV = "test"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = DATA_DIR / "test-media"
WHITENOISE_AUTOREFRESH = True
BRREG_OFFLINE = True  # tests that talk to the register start their own server on loopback

# A second checkout may run its suite against the same server under another database name.
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("FRITT_TEST_DATABASE", "test_fritt")}
# No spare schemas behind the tests' back: a real worker in a journey test would otherwise spend
# minutes migrating spares queued by an earlier join; the pool tests fill it themselves.
FRITT_SPARE_SCHEMAS = 0
