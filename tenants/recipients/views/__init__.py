"""Pages for recipients on a municipality's site, one module per audience: the case
worker's register, decisions, choices and quality cases (`staff`); the admin's access log
(`access_log`); a supplier's assignments (`suppliers`); the citizen's decision support and own
page (`citizens`). Every page that shows a recipient's data writes to the access log."""

from .citizens import (
    cancel_switch,
    confirm_access,
    decision_support,
    my_choice,
    my_page,
    report_deviation,
    who_viewed,
)
from .importing import import_example, import_page, import_template
from .log_review import access_log, access_log_export
from .staff import (
    add_contact,
    add_decision,
    case_detail,
    case_list,
    choose_on_behalf,
    edit_recipient,
    online_access,
    recipient_create,
    recipient_detail,
    recipient_export,
    recipient_list,
)
from .suppliers import supplier_assignments_page

__all__ = [
    "report_deviation",
    "recipient_list",
    "recipient_create",
    "recipient_detail",
    "edit_recipient",
    "online_access",
    "recipient_export",
    "import_page",
    "import_template",
    "import_example",
    "add_decision",
    "add_contact",
    "choose_on_behalf",
    "case_list",
    "case_detail",
    "access_log",
    "access_log_export",
    "supplier_assignments_page",
    "decision_support",
    "my_page",
    "confirm_access",
    "my_choice",
    "cancel_switch",
    "who_viewed",
]
