"""State changes for recipients, one module per part of the glossary: registering
recipients, Min side access, decisions (vedtak), choice and the default rule, re-choice when an
approval stops, quality cases (complaints and deviations), and the access log every read and
write leaves behind. Each is one transactional function that checks who may act."""

from .access_log import log_access, record_log_export, role_of
from .choice import (
    DEFAULT_CHOICE_DAYS,
    DEFAULT_SWITCH_DAYS,
    JointProvider,
    apply_default_rule,
    cancel_switch,
    choose_provider,
    provider_from_key,
    run_deadline_sweep,
    same_provider_message,
)
from .decisions import (
    DECISION_FIELDS,
    annul_decision,
    create_decision,
    end_decision,
    end_expired_decisions,
    expire_decision,
    update_decision,
)
from .existing import (
    ExistingCase,
    ImportReport,
    import_cases,
    parse_case,
    register_with_provider,
    rows_from_csv,
    template_rows,
)
from .online_access import (
    MAX_FAILED_CONFIRMATIONS,
    confirm_online_access,
    grant_login,
    invite_online_access,
)
from .quality import register_case, report_deviation, update_case
from .rechoice import (
    rechoice_after_leaving,
    rechoice_in_participants,
    request_rechoice_for_approval,
    request_rechoice_for_joint,
)
from .registering import (
    RECIPIENT_FIELDS,
    add_contact,
    register_proxy_fnr,
    register_recipient,
    update_recipient,
)

__all__ = [
    "provider_from_key",
    "DEFAULT_CHOICE_DAYS",
    "DEFAULT_SWITCH_DAYS",
    "role_of",
    "log_access",
    "record_log_export",
    "register_recipient",
    "RECIPIENT_FIELDS",
    "update_recipient",
    "invite_online_access",
    "add_contact",
    "register_proxy_fnr",
    "grant_login",
    "MAX_FAILED_CONFIRMATIONS",
    "confirm_online_access",
    "create_decision",
    "DECISION_FIELDS",
    "annul_decision",
    "end_decision",
    "end_expired_decisions",
    "expire_decision",
    "update_decision",
    "JointProvider",
    "choose_provider",
    "cancel_switch",
    "same_provider_message",
    "apply_default_rule",
    "run_deadline_sweep",
    "request_rechoice_for_approval",
    "request_rechoice_for_joint",
    "rechoice_in_participants",
    "rechoice_after_leaving",
    "ExistingCase",
    "ImportReport",
    "import_cases",
    "parse_case",
    "register_with_provider",
    "rows_from_csv",
    "template_rows",
    "register_case",
    "report_deviation",
    "update_case",
]
