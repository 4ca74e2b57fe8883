"""Why applying refuses a change: the stable codes of its DomainErrors and NotAllowed."""

from enum import StrEnum


class ApplyingError(StrEnum):
    NOT_APPROVED = "not_approved"
    NOT_YOUR_SEARCH = "not_your_search"
    NO_PARTS = "no_parts"
