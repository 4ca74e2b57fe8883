"""The structure the design card asks for, checked on every run: the machinery floor
(`platform/`) never imports the domain rooms, and one module is the door between schemas."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOMAIN_ROOMS = ("tenants", "public_site")
# The demo seed drives the domain's services to build the demo world; it is the one exception.
FLOOR_EXCEPTIONS = {ROOT / "platform" / "fritt" / "devtools"}
SCHEMA_SWITCHES = {"tenant_context", "schema_context", "set_schema", "set_schema_to_public",
                   "set_tenant"}  # fmt: skip
SCHEMA_DOORS = {
    ROOT / "platform" / "fritt" / "tenancy" / "schemas.py",
    # Routing a request to its municipality's schema is django-tenants' middleware's job.
    ROOT / "platform" / "fritt" / "tenancy" / "middleware.py",
}


def _python_files(*rooms: str):
    for room in rooms:
        for path in sorted((ROOT / room).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported_modules(tree: ast.AST):
    """Every absolute module imported anywhere in the file (functions included), except
    under `if TYPE_CHECKING:`, which names types and runs nothing."""
    skip = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and _is_type_checking(node)
            for n in ast.walk(node)}  # fmt: skip
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def test_the_machinery_floor_never_imports_the_domain_rooms():
    upward = []
    for path in _python_files("platform"):
        if any(exception in path.parents for exception in FLOOR_EXCEPTIONS):
            continue
        for line, module in _imported_modules(ast.parse(path.read_text(), str(path))):
            if module.split(".")[0] in DOMAIN_ROOMS:
                upward.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert upward == [], "platform/ looks up at the domain rooms:\n" + "\n".join(upward)


def test_the_check_sees_an_upward_import(tmp_path):
    # The floor check must be able to fail: an import in a function counts too.
    code = "def f():\n    from tenants.recipients import services\n"
    assert [m for _l, m in _imported_modules(ast.parse(code))] == ["tenants.recipients"]
    hidden = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import tenants.x\n"
    assert [m for _l, m in _imported_modules(ast.parse(hidden))] == ["typing"]


def _schema_switches(tree: ast.AST):
    for node in ast.walk(tree):
        name = None
        if isinstance(node, ast.Name):
            name = node.id
        elif isinstance(node, ast.Attribute):
            name = node.attr
        elif isinstance(node, ast.alias):
            name = node.name.rsplit(".", 1)[-1]
        if name in SCHEMA_SWITCHES:
            yield getattr(node, "lineno", 0), name


def test_one_door_between_schemas():
    others = []
    for path in _python_files("platform", "tenants", "public_site"):
        if path in SCHEMA_DOORS:
            continue
        for line, name in _schema_switches(ast.parse(path.read_text(), str(path))):
            others.append(f"{path.relative_to(ROOT)}:{line} uses {name}")
    assert others == [], (
        "Only fritt.tenancy.schemas (in_municipality, in_public, each_municipality) and the "
        "routing middleware switch schema:\n" + "\n".join(others)
    )


def test_the_door_check_sees_a_switch():
    code = "from django_tenants.utils import tenant_context\nwith tenant_context(m):\n    pass\n"
    assert {name for _l, name in _schema_switches(ast.parse(code))} == {"tenant_context"}


def _offences(paths, finder) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line}"
        for path in paths
        for line in finder(ast.parse(path.read_text(), str(path)))
    ]


def _raises_without_code(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            func = node.exc.func
            name = getattr(func, "id", None) or getattr(func, "attr", None)
            if name == "ValidationError" and not any(k.arg == "code" for k in node.exc.keywords):
                yield node.lineno


def test_every_refusal_carries_a_code():
    # Tests and API clients tell refusals apart by their code, never by the Norwegian wording.
    uncoded = _offences(_python_files("platform", "tenants", "public_site"), _raises_without_code)
    assert uncoded == [], "ValidationError without code=:\n" + "\n".join(uncoded)
    assert list(_raises_without_code(ast.parse("raise ValidationError('x')"))) == [1]


def _service_modules():
    for path in _python_files("platform", "tenants", "public_site"):
        if path.name == "services.py" or "services" in path.parent.name.split("/"):
            yield path


def _bare_refusals(tree: ast.AST):
    """Raises in a service that are not a DomainError/NotAllowed named by an enum member."""
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
            continue
        func = node.exc.func
        name = getattr(func, "id", None) or getattr(func, "attr", None)
        if name in {"ValidationError", "PermissionDenied"}:
            yield node.lineno
        elif name in {"DomainError", "NotAllowed"}:
            first = node.exc.args[0] if node.exc.args else None
            if not (isinstance(first, ast.Attribute) and first.value.id.endswith("Error")):
                yield node.lineno


def test_services_refuse_with_coded_domain_errors():
    # A service's refusal is a DomainError (bad input or state) or NotAllowed (the actor may
    # not), named by a member of its app's error enum, so every channel translates it the same.
    bare = _offences(_service_modules(), _bare_refusals)
    assert bare == [], "services raising uncoded errors:\n" + "\n".join(bare)
    assert list(_bare_refusals(ast.parse("raise PermissionDenied('x')"))) == [1]
    assert list(_bare_refusals(ast.parse("raise DomainError('x', 'y')"))) == [1]
    assert list(_bare_refusals(ast.parse("raise DomainError(AppError.X, 'y')"))) == []


# Public functions of service modules that change no state of their own, and why.
DELEGATES = "delegates to the part's service, which records in that schema"
NOT_STATE_CHANGES = {
    "record": "writes the event record itself",
    "record_failed_login": "the login-attempt table is its own security record",
    "clear_failed_logins": "the login-attempt table is its own security record",
    "purge_old_login_records": "housekeeping of the login-attempt table",
    "touch_api_token": "a last-used timestamp, not a change anyone acts on",
    "send_welcome_mail": "sends mail, changes nothing",
    "require_reviewer": "a guard", "require_impartial": "a guard",
    "require_supplier_user": "a guard", "require_case_worker": "a guard",
    "require_open": "a guard",
    "notify": "queues mail after commit",
    "services/common.py:move": "a step of the review services, which record their own event",
    "site_domain": "computes a host name", "norwegian_slug": "computes a slug",
    "role_of": "reads a role", "roles_for": "reads roles",
    "settlement/services.py:supplier_ids_of": "reads the user's suppliers",
    "settlement/services.py:check_lines": "checks a batch of lines, writes nothing",
    "check_applicant": "a guard, once per apply-once envelope",
    "log_access": "writes the sealed access log, the record of every view",
    "run_deadline_sweep": "drives apply_default_rule, which records each assignment",
    "rechoice_in_participants": "drives request_rechoice_for_joint in each participant",
    "rechoice_after_leaving": "drives request_rechoice_for_joint in the participant",
    "not_started": "reads",
    "still_running": "reads",
    "end_expired_approvals": "drives expire_approval, which records each end",
    "end_expired_decisions": "drives expire_decision, which records each end",
    "scheme_form_facts": "reads", "part_details": "reads", "contract_pdf": "reads",
    "decision_letter_pdf": "reads",
    "in_part_municipality": "the door into a part's schema",
    "applying/services.py:supplement": DELEGATES,
    "applying/services.py:withdraw": DELEGATES,
    "applying/services.py:accept_contract": DELEGATES,
    "applying/services.py:end_approval": DELEGATES,
    "applying/services.py:update_facts": DELEGATES,
    "provider_from_key": "parses a choice form's key",
    "same_provider_message": "composes a message",
    "services/online_access.py:confirm_online_access": (
        "records in _record_confirmation, which commits a failed attempt before refusing"
    ),
    "clean_orgnr": "validates", "preview": "reads the register",
    "sign_registration": "signs a link", "read_registration": "reads a link",
    "request_registration_by_mail": "sends mail, changes nothing",
    # A webhook's delivery log is its own record; an event per delivery would feed itself.
    "dispatch_events": "writes the delivery log from events already recorded",
    "attempt_delivery": "writes the delivery log", "resend_overdue": "queues deliveries",
    "backoff_seconds": "computes", "delivery_body": "reads",
    "private_address": "checks an address",
    "purge_idempotent_requests": "housekeeping of the Idempotency-Key records",
    "parse_case": "parses an import line", "rows_from_csv": "parses an upload",
    "template_rows": "composes the CSV template",
    "import_cases": "drives register_with_provider, which records each line",
    "issue_access_token": "a short-lived credential, like a login: not a change anyone acts on",
    # National logins: reads, and handlers that delegate to bind_person/link_citizen (which
    # record); a TOTP code's step is its own replay guard, like the login-attempt table.
    "subject_key": "computes a keyed hash", "user_for_login": "reads",
    "needs_second_factor": "reads", "matches_for": "reads",
    "bind_login": "delegates to bind_person, which records the binding",
    "sign_in_invited_employee": "delegates to bind_person, which records the binding",
    "sign_in_citizen": "delegates to bind_person and link_citizen, which record",
    "sign_in_supplier_employee": "delegates to bind_person and sync_altinn_access, which record",
    "verify_totp": "a login step; the code's step is its own replay guard",
    # Joining: the operator's confirmation and a join with Altinn rights share one step.
    "may_act_for": "reads the login's Altinn rights",
    "confirm_join": "delegates to _go_live, which records join.confirmed",
    "sign_in_municipality_employee": "delegates to bind_person, which records the binding",
}  # fmt: skip


def _state_changing_services():
    for path in _python_files("platform", "tenants", "public_site"):
        in_services = path.name == "services.py" or path.parent.name == "services"
        if not (in_services or path.name == "provisioning.py" or path.name == "rechoice.py"):
            continue
        tree = ast.parse(path.read_text(), str(path))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                yield path, node


def _records(node: ast.FunctionDef) -> bool:
    for decorator in node.decorator_list:
        call = decorator if isinstance(decorator, ast.Call) else None
        if call and getattr(call.func, "id", None) == "state_change":
            return True
    return any(
        isinstance(n, ast.Call) and getattr(n.func, "id", getattr(n.func, "attr", None)) == "record"
        and any(k.arg == "action" for k in n.keywords)
        for n in ast.walk(node)
    )  # fmt: skip


def test_every_service_that_changes_state_records_an_event():
    # One event record (fritt.events) of every state change, written by the service that makes
    # it: what the statistics and the integrations count from.
    silent = [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"
        for path, node in _state_changing_services()
        if not _records(node)
        and node.name not in NOT_STATE_CHANGES
        and f"{path.parent.name}/{path.name}:{node.name}" not in NOT_STATE_CHANGES
        and f"{path.parent.parent.name}/{path.parent.name}/{path.name}:{node.name}"
        not in NOT_STATE_CHANGES
    ]
    assert silent == [], "services that change state without an event:\n" + "\n".join(silent)
    sample = ast.parse("@state_change('x.y')\ndef f(*, by): pass\ndef g(): pass").body
    assert [_records(n) for n in sample] == [True, False]
