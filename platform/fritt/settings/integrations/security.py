"""Security settings every environment shares: fødselsnummer keys, login lockout, cookies,
CSRF and the Content-Security-Policy. Production adds HTTPS-only on top (`production.py`)."""

from ..env import env_list, env_str

# The fødselsnummer is encrypted (Fernet key) and indexed with a keyed hash (HMAC key). Locally
# both are derived from SECRET_KEY (`local.py`); production requires them, apart from it.
FNR_ENCRYPTION_KEY = env_str("FNR_ENCRYPTION_KEY")
FNR_INDEX_KEY = env_str("FNR_INDEX_KEY")

# Lockout: after LOGIN_FAILURE_LIMIT wrong passwords for one e-mail (or LOGIN_IP_FAILURE_LIMIT
# from one client address, over many accounts) within the window, logins are refused for
# LOGIN_LOCKOUT_SECONDS, the right password included.
LOGIN_FAILURE_LIMIT = int(env_str("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_IP_FAILURE_LIMIT = int(env_str("LOGIN_IP_FAILURE_LIMIT", "30"))
LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60
LOGIN_LOCKOUT_SECONDS = 15 * 60
# How many reverse proxies in front of the app append to X-Forwarded-For; 0 trusts none and
# uses the socket's address (behind a load balancer that would lock out everyone at once).
TRUSTED_PROXY_COUNT = int(env_str("FRITT_TRUSTED_PROXY_COUNT", "0"))

# Host-only cookies: a session made on bergen.<base> is never sent to trondheim.<base>.
SESSION_COOKIE_NAME = "fritt_session"
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_COOKIE_SAMESITE = "Lax"
# No trusted origins by default: Django accepts a POST whose Origin (or, over HTTPS, Referer)
# is the request's own host, and nothing else. A wildcard for *.<domain> let any municipality's
# site (or a cookie it tossed onto the parent domain) post into a sibling's.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Only our own files: no inline script or style anywhere (Swagger UI included), no plugins,
# no framing, forms post only to the site itself. Empty turns the header off.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
