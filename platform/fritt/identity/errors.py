"""Why a national login is refused: the stable codes of the identity app."""

from enum import StrEnum


class IdentityError(StrEnum):
    CANCELLED = "login_cancelled"
    DISABLED = "login_disabled"
    LEVEL = "login_level"
    NONCE = "login_nonce"
    PROVIDER = "login_provider"
    STATE = "login_state"
    TOKEN = "login_token"
    TOTP_CODE = "totp_code"
    TOTP_LOCKED = "totp_locked"
    UNKNOWN_PERSON = "login_unknown_person"
