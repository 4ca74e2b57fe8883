"""Why billing refuses a change: the stable codes of its DomainErrors and NotAllowed."""

from enum import StrEnum


class BillingError(StrEnum):
    ALREADY_LEAVING = "already_leaving"
    ALREADY_LIVE = "already_live"
    ALREADY_REQUESTED = "already_requested"
    DECIDED = "decided"
    EHF_INVALID = "ehf_invalid"
    MUST_ACCEPT = "must_accept"
    NOT_ADMIN = "not_admin"
    NOT_OPERATOR = "not_operator"
    NO_SERVICES = "no_services"
    SAME_PLAN = "same_plan"
    SENDING_OFF = "sending_off"
    SUSPENDED = "suspended"
    UNKNOWN_KID = "unknown_kid"
