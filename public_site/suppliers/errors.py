"""Why suppliers refuses a change: the stable codes of its DomainErrors and NotAllowed."""

from enum import StrEnum


class SupplierError(StrEnum):
    ADMIN = "admin"
    ALREADY_CONFIRMED = "already_confirmed"
    DELETED = "deleted"
    DUPLICATE_ORGNR = "duplicate_orgnr"
    FILE_TYPE = "file_type"
    INVALID_ORGNR = "invalid_orgnr"
    LAST_ADMIN = "last_admin"
    MANUAL_REQUIRED = "manual_required"
    NOT_FOUND = "not_found"
    NOT_OPERATOR = "not_operator"
    NOT_SUPPLIER_ADMIN = "not_supplier_admin"
    NO_SUPPLIER_ROLE = "no_supplier_role"
    REGISTRATION_LINK = "registration_link"
    ROLE = "role"
    TOO_LARGE = "too_large"
    VALID_PERIOD = "valid_period"
