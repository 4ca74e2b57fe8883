"""Benchmark national scale, side by side in one run: going live from the spare-schema pool vs
by migrations, a no-op migrate with the smart executor vs django-tenants' standard one, and the
national and operator pages with every municipality provisioned vs ten."""

from __future__ import annotations

import statistics
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings

from fritt.accounts.roles import Role
from fritt.accounts.services import assign_role
from fritt.devtools.schema_clone import clone_spares
from fritt.tenancy.schemas import in_public
from public_site.catalogue.services import sync_catalogue
from tenants.municipalities.models import Domain, Lifecycle, Municipality  # noqa: I001
from tenants.municipalities.pool import refill_spare_pool
from tenants.municipalities.provisioning import provision_municipality
from tenants.municipalities.services import sync_registry


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _median(fn, runs: int) -> float:
    return statistics.median(_timed(fn) for _ in range(runs))


class Command(BaseCommand):
    help = "Onboarding at national scale: pool vs migrations, smart vs standard migrate, pages."

    def add_arguments(self, parser):
        parser.add_argument("--municipalities", type=int, default=357)
        parser.add_argument("--runs", type=int, default=5)

    def handle(self, *args, municipalities: int, runs: int, **options):
        from fritt.accounts.models import User

        sync_registry()
        sync_catalogue()
        registry = list(Municipality.registry.order_by("kommunenummer"))
        # Two kept back for the go-live comparison; the rest provisioned (reused between runs).
        spare_a, spare_b = registry[-1], registry[-2]
        wanted = registry[: min(municipalities, len(registry) - 2)]
        missing = [m for m in wanted if not m.is_provisioned]
        self.stdout.write(f"Klargjør {len(missing)} av {len(wanted)} kommuner (gjenbrukes) …")
        if missing:
            # Migrations take ~13 s a schema (over an hour for 357); copies of one migrated
            # spare take a fraction of a second, then the real go-live takes them from the pool.
            started = time.perf_counter()
            clone_spares(count=len(missing))
            cloned = time.perf_counter() - started
            for m in missing:
                provision_municipality(municipality=m, activate=True, use_pool=True)
            total = time.perf_counter() - started
            self.stdout.write(
                f"  {len(missing)} skjema kopiert på {cloned:.1f} s og satt i drift fra "
                f"reservene, {total:.1f} s i alt ({total / len(missing) * 1000:.0f} ms per kommune)"
            )
        n = Municipality.objects.count()

        # 1. Going live: a spare from the pool vs running every migration.
        refill_spare_pool(size=1)
        rows = []
        for municipality, use_pool in ((spare_a, True), (spare_b, False)):
            with transaction.atomic():
                seconds = _timed(
                    lambda m=municipality, p=use_pool: provision_municipality(
                        municipality=m, activate=True, use_pool=p
                    )
                )
                transaction.set_rollback(True)  # measured, then undone: both stay available
            rows.append(seconds)
        rows_pool, rows_migrate = rows
        self._line("Go-live fra reserveskjema vs migrering", rows_pool, rows_migrate, 0.1)

        # 2. No-op migrate of all schemas: smart executor vs standard.
        def migrate(executor):
            return lambda: call_command(
                "migrate_schemas", tenant=True, executor=executor, interactive=False, verbosity=0
            )

        smart = _timed(migrate("smart"))
        standard = _timed(migrate("standard"))
        self._line(f"No-op migrate av {n} skjema: smart vs standard", smart, standard, 0.2)

        # 3. National and operator pages: all provisioned vs ten.
        operator = User.objects.filter(email="bench-drift@example.no").first()
        if operator is None:
            operator = User.objects.create_user("bench-drift@example.no", None, full_name="Bench")
            assign_role(user=operator, role=Role.PLATFORM_OPERATOR)
        client = Client(HTTP_HOST="localhost")
        client.force_login(operator)
        pages = ["/", "/kommuner/", "/statistikk/", "/drift/"]

        def load():
            for path in pages:
                assert client.get(path).status_code == 200, path

        with override_settings(ALLOWED_HOSTS=["*"]):
            load()  # warm
            at_all = _median(load, runs)
            with transaction.atomic(), in_public():
                keep = [m.pk for m in Municipality.objects.order_by("kommunenummer")[:10]]
                Domain.objects.exclude(tenant_id__in=keep).delete()
                Municipality.registry.exclude(pk__in=keep).update(lifecycle=Lifecycle.REGISTERED)
                load()
                at_ten = _median(load, runs)
                transaction.set_rollback(True)
        self._line(f"Nasjonale sider + drift: {n} vs 10 kommuner", at_all, at_ten, 1.2)

    def _line(self, label: str, ours: float, baseline: float, goal: float) -> None:
        ratio = ours / baseline if baseline else float("inf")
        verdict = "OK" if ratio <= goal else "over målet"
        self.stdout.write(
            f"{label:50} {ours * 1000:9.1f} ms vs {baseline * 1000:9.1f} ms  "
            f"= {ratio:5.2f}× (mål ≤ {goal}×, {verdict})"
        )
