"""State changes of applications and approvals, one module per part of the glossary:
receiving a part of an apply-once submission, the review and its decisions (søknad), and the
approval's life with its contract (godkjenning, kontrakt). Each keeps the supplier's national
view in step in the same transaction and records who did what."""

from .approvals import (
    APPROVAL_FACTS,
    accept_contract,
    end_approval,
    end_expired_approvals,
    expire_approval,
    reinstate_approval,
    revoke_approval,
    suspend_approval,
    update_approval_facts,
)
from .receiving import (
    COMMON_FIELDS,
    Applicant,
    DocumentChoice,
    PartRequest,
    check_applicant,
    receive_application,
)
from .review import (
    approve,
    assess_conditions,
    reject,
    request_supplement,
    start_review,
    supplement,
    withdraw,
)

__all__ = [
    "COMMON_FIELDS",
    "DocumentChoice",
    "PartRequest",
    "Applicant",
    "check_applicant",
    "receive_application",
    "start_review",
    "assess_conditions",
    "request_supplement",
    "supplement",
    "withdraw",
    "reject",
    "approve",
    "accept_contract",
    "APPROVAL_FACTS",
    "update_approval_facts",
    "suspend_approval",
    "reinstate_approval",
    "revoke_approval",
    "end_approval",
    "end_expired_approvals",
    "expire_approval",
]
