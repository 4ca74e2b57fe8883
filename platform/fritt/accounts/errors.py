"""Why accounts refuses a change: the stable codes of its DomainErrors and NotAllowed."""

from enum import StrEnum


class AccountError(StrEnum):
    ALREADY_BOUND = "already_bound"
    INVITATION_LINK = "invitation_link"
    LAST_ADMIN = "last_admin"
    LOCAL_LOGIN_OFF = "local_login_off"
    DUPLICATE_EMAIL = "duplicate_email"
    NOT_CASE_WORKER = "not_case_worker"
    NOT_MUNICIPAL_ADMIN = "not_municipal_admin"
    ROLE = "role"
    SCOPE = "scope"
    TOKEN_LIFETIME = "token_lifetime"
