"""Why schemes refuses a change: the stable codes of its DomainErrors and NotAllowed."""

from enum import StrEnum


class SchemeError(StrEnum):
    BAND_LIMITS = "band_limits"
    DUPLICATE_RATE = "duplicate_rate"
    ENDED = "ended"
    HOST_PARTICIPANT = "host_participant"
    INCOMPLETE = "incomplete"
    INVALID_TRANSITION = "invalid_transition"
    INVITATION_FOR_ANOTHER_MUNICIPALITY = "invitation_for_another_municipality"
    NEGATIVE = "negative"
    NOT_DRAFT = "not_draft"
    NOT_INVITED = "not_invited"
    NOT_MUNICIPAL_ADMIN = "not_municipal_admin"
    NOT_PARTICIPATING = "not_participating"
    NOT_PROVISIONED = "not_provisioned"
    NOT_SCHEME_OFFICER = "not_scheme_officer"
    PARTICIPANT_LEAVING = "participant_leaving"
    REQUIRED = "required"
    TITLE = "title"
    TOO_LARGE = "too_large"
    ZERO = "zero"
