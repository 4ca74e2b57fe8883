"""Outgoing mail: SMTP (Amazon SES through its SMTP interface) when EMAIL_HOST is set, else the
console. Production refuses a backend that prints or keeps mail (`production.py`)."""

from ..env import env_bool, env_str
from ..paths import DATA_DIR

EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(env_str("EMAIL_PORT", "587"))
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Fritt brukervalg <ikke-svar@frittbrukervalg.no>"
)
