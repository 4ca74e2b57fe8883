"""Why recipients refuses a change: the stable codes of its DomainErrors and NotAllowed."""

from enum import StrEnum


class RecipientError(StrEnum):
    ACCESS_OF_ANOTHER_ACCOUNT = "access_of_another_account"
    APPROVAL = "approval"
    CAPACITY = "capacity"
    CONFIRMATION_WITHDRAWN = "confirmation_withdrawn"
    DATES = "dates"
    DESCRIPTION = "description"
    DUPLICATE_FNR = "duplicate_fnr"
    ENDED = "ended"
    EXTENT = "extent"
    EXTENT_TOO_LARGE = "extent_too_large"
    FNR = "fnr"
    FNR_MISMATCH = "fnr_mismatch"
    HOW = "how"
    KIND = "kind"
    NOT_CASE_WORKER = "not_case_worker"
    NOT_FOR_THIS_PERSON = "not_for_this_person"
    NO_PROXY = "no_proxy"
    OUTCOME = "outcome"
    RELATION = "relation"
    SAME = "same"
    SERVICE_TYPE = "service_type"
    STATUS = "status"
    ZONE = "zone"
