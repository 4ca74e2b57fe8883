"""Why settlement refuses a report or an action: the stable codes of its DomainErrors."""

from enum import StrEnum


class SettlementError(StrEnum):
    DATE = "date"
    TIME = "time"
    ZERO_LENGTH = "zero_length"
    FUTURE = "future"
    OUTSIDE_ASSIGNMENT = "outside_assignment"
    OUTSIDE_DECISION = "outside_decision"
    OVERLAP = "overlap"
    NOT_YOUR_ASSIGNMENT = "not_your_assignment"
    UNKNOWN_ASSIGNMENT = "unknown_assignment"
    MONTH_LOCKED = "month_locked"
    WRONG_MONTH = "wrong_month"
    NO_RATE = "no_rate"
    STATUS = "status"
    QUESTION = "question"
    CSV_HEADER = "csv_header"
    CSV_EMPTY = "csv_empty"
    CSV_LINES = "csv_lines"
    NOT_OFFICER = "not_officer"
    ALREADY_CORRECTED = "already_corrected"
