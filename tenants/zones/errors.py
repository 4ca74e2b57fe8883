"""Why zones refuses a change: the stable codes of its DomainErrors and NotAllowed."""

from enum import StrEnum


class ZoneError(StrEnum):
    DUPLICATE_ZONE = "duplicate_zone"
    REQUIRED = "required"
