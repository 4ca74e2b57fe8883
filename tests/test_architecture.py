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


def _raises_without_code(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            func = node.exc.func
            name = getattr(func, "id", None) or getattr(func, "attr", None)
            if name == "ValidationError" and not any(k.arg == "code" for k in node.exc.keywords):
                yield node.lineno


def test_every_refusal_carries_a_code():
    # Tests and API clients tell refusals apart by their code, never by the Norwegian wording.
    uncoded = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in _python_files("platform", "tenants", "public_site")
        for line in _raises_without_code(ast.parse(path.read_text(), str(path)))
    ]
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
    bare = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in _service_modules()
        for line in _bare_refusals(ast.parse(path.read_text(), str(path)))
    ]
    assert bare == [], "services raising uncoded errors:\n" + "\n".join(bare)
    assert list(_bare_refusals(ast.parse("raise PermissionDenied('x')"))) == [1]
    assert list(_bare_refusals(ast.parse("raise DomainError('x', 'y')"))) == [1]
    assert list(_bare_refusals(ast.parse("raise DomainError(AppError.X, 'y')"))) == []
