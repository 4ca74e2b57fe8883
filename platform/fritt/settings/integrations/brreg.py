"""Brønnøysundregistrene's open API (Enhetsregisteret), where supplier registration looks up org.nr.

Offline mode keeps registration working on checksum and manual entry; the worker retries the
lookups later."""

from ..env import env_bool, env_str

BRREG_BASE_URL = env_str("BRREG_BASE_URL", "https://data.brreg.no")
BRREG_OFFLINE = env_bool("BRREG_OFFLINE", default=False)
BRREG_TIMEOUT_SECONDS = float(env_str("BRREG_TIMEOUT_SECONDS", "5"))
