"""The demo world that `make run` sets up: municipalities, users for every role, a supplier."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.management import call_command
from django.db import transaction

from fritt.accounts.models import User
from fritt.accounts.roles import Role
from fritt.accounts.services import assign_role
from fritt.tenancy.provisioning import provision_municipality
from public_site.catalogue.services import sync_catalogue
from public_site.suppliers.models import Supplier
from tenants.municipalities.models import Municipality
from tenants.municipalities.services import sync_registry

DEMO_PASSWORD = "demo-passord"
# Oslo, Bergen, Trondheim, and two small neighbours in Vestland (Eidfjord, Ulvik).
DEMO_MUNICIPALITIES = ["0301", "4601", "5001", "4619", "4620"]
DEMO_SUPPLIER = {"orgnr": "912345602", "name": "Omsorg Vest AS"}


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    where: str


def _user(email: str, full_name: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
    if created or not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def seed_demo(*, provision: list[str] | None = None) -> list[DemoLogin]:
    """Idempotent: running it again keeps existing data and only fills in what is missing."""
    sync_registry()
    sync_catalogue()
    # Existing schemas first, so a code update reaches them before anything uses them.
    call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
    logins: list[DemoLogin] = []
    for number in provision or DEMO_MUNICIPALITIES:
        municipality = Municipality.registry.get(kommunenummer=number)
        provision_municipality(municipality=municipality, activate=True)

    with transaction.atomic():
        operator = _user("drift@demo.frittbrukervalg.no", "Dina Drift")
        operator.is_staff = operator.is_superuser = True
        operator.save(update_fields=["is_staff", "is_superuser"])
        assign_role(user=operator, role=Role.PLATFORM_OPERATOR)
        logins.append(DemoLogin(operator.email, Role.PLATFORM_OPERATOR.label, "nasjonalt"))
        analyst = _user("analytiker@demo.frittbrukervalg.no", "Anders Analyse")
        assign_role(user=analyst, role=Role.MINISTRY_ANALYST)
        logins.append(DemoLogin(analyst.email, Role.MINISTRY_ANALYST.label, "nasjonalt"))

        staff = [
            ("admin", "Administrator", Role.MUNICIPAL_ADMIN),
            ("ordning", "Saksbehandler ordninger", Role.MUNICIPAL_OFFICER),
            ("tildeling", "Saksbehandler tildeling", Role.CASE_WORKER),
        ]
        for municipality in Municipality.objects.filter(kommunenummer__in=DEMO_MUNICIPALITIES):
            for prefix, title, role in staff:
                user = _user(
                    f"{prefix}.{municipality.slug}@demo.frittbrukervalg.no",
                    f"{title} {municipality.name_norwegian}",
                )
                assign_role(user=user, role=role, municipality=municipality)
                logins.append(DemoLogin(user.email, role.label, municipality.slug))

        supplier, _ = Supplier.objects.get_or_create(
            orgnr=DEMO_SUPPLIER["orgnr"], defaults={"name": DEMO_SUPPLIER["name"]}
        )
        for email, name, role in [
            ("leder@omsorgvest.demo.frittbrukervalg.no", "Lise Leder", Role.SUPPLIER_ADMIN),
            ("ansatt@omsorgvest.demo.frittbrukervalg.no", "Ole Omsorg", Role.SUPPLIER_MEMBER),
        ]:
            user = _user(email, name)
            assign_role(user=user, role=role, supplier=supplier)
            logins.append(DemoLogin(user.email, role.label, supplier.name))
    return logins
