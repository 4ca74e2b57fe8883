"""ID-porten (citizens) and Ansattporten (employees) over OIDC, plus the session rules that go
with them (inactivity timeout, recent login, TOTP for health data, the local-password fallback).

Each login is off while its issuer is unset. `make run` and the tests start a local provider
(`fritt/identity/provider/`) and point both issuers at it; production points them at Digdir."""

from ..env import env_bool, env_list, env_str

IDPORTEN_ISSUER = env_str("IDPORTEN_ISSUER")
ANSATTPORTEN_ISSUER = env_str("ANSATTPORTEN_ISSUER")
# One client registered with Digdir for both, authenticating with private_key_jwt: the
# private key is a JWK (JSON) in a file, or inline.
OIDC_CLIENT_ID = env_str("OIDC_CLIENT_ID", "fritt-brukervalg")
OIDC_CLIENT_JWK_FILE = env_str("OIDC_CLIENT_JWK_FILE")
OIDC_CLIENT_JWK = env_str("OIDC_CLIENT_JWK")
# The level asked for unless a municipality asks for more (Min side may need "high").
IDPORTEN_DEFAULT_ACR = env_str("IDPORTEN_DEFAULT_ACR", "idporten-loa-substantial")
OIDC_SCOPES = env_str("OIDC_SCOPES", "openid profile")
# Ansattporten's authorization_details ask: Altinn rights for this resource.
ANSATTPORTEN_ALTINN_RESOURCE = env_str(
    "ANSATTPORTEN_ALTINN_RESOURCE", "urn:altinn:resource:fritt-brukervalg"
)
# HMAC key of the pid hash that binds a person to an account (SECRET_KEY when unset).
IDENTITY_SUBJECT_KEY = env_str("IDENTITY_SUBJECT_KEY")
OIDC_HTTP_TIMEOUT_SECONDS = float(env_str("OIDC_HTTP_TIMEOUT_SECONDS", "5"))
# How long a login may take between leaving for the provider and coming back.
OIDC_STATE_MAX_AGE_SECONDS = int(env_str("OIDC_STATE_MAX_AGE_SECONDS", "600"))

# What each login means to the domain: named services of the apps that own the tables, tried
# in order (a string here keeps `platform/` free of imports from the domain rooms).
IDENTITY_SIGN_IN_HANDLERS = {
    "idporten": ["tenants.recipients.services.national_login.sign_in_citizen"],
    "ansattporten": [
        "fritt.accounts.services.sign_in_invited_employee",
        "public_site.suppliers.services.sign_in_supplier_employee",
    ],
}

# Local passwords: kept for demo use and as a fallback an operator can switch off.
LOCAL_LOGIN_ENABLED = env_bool("LOCAL_LOGIN_ENABLED", default=True)
# A session ends after this long without a request.
SESSION_IDLE_TIMEOUT_SECONDS = int(env_str("SESSION_IDLE_TIMEOUT_SECONDS", "1800"))
# Changing a recipient's data or exporting needs a login no older than this.
RECENT_LOGIN_SECONDS = int(env_str("RECENT_LOGIN_SECONDS", "900"))
# Roles that see recipients' data need a second factor on a local-password login.
TOTP_REQUIRED_ROLES = env_list("TOTP_REQUIRED_ROLES", ["case_worker"])

# Maskinporten: a municipality's system may call the API with a Maskinporten access token (a
# JWT) instead of the platform's own client credentials. Off while the issuer is unset; the
# tests point it at the local provider's Maskinporten look-alike. Scopes are named
# "<prefix><platform scope>", e.g. "frittbrukervalg:recipients.read".
MASKINPORTEN_ISSUER = env_str("MASKINPORTEN_ISSUER")
# The audience the platform asks its integrators to request (unchecked when empty).
MASKINPORTEN_AUDIENCE = env_str("MASKINPORTEN_AUDIENCE")
MASKINPORTEN_SCOPE_PREFIX = env_str("MASKINPORTEN_SCOPE_PREFIX", "frittbrukervalg:")
