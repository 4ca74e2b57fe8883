"""Why municipalities refuses a change: the stable codes of its DomainErrors and NotAllowed."""

from enum import StrEnum


class MunicipalityError(StrEnum):
    LIFECYCLE = "lifecycle"
    NOT_PROVISIONED = "not_provisioned"
    SUSPENDED = "suspended"
    UNKNOWN = "unknown"
