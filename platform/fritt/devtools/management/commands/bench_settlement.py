"""Benchmark settlement at a city's volume: validating and pricing a month (~60,000 lines for
7,000 recipients) in Python against one SQL aggregate over the same lines, side by side, and
the officer's month pages."""

from __future__ import annotations

import datetime
import random
import statistics
import time
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Sum
from django.test import Client
from django.utils import timezone

from fritt.accounts.models import RoleAssignment, User
from fritt.accounts.roles import Role
from fritt.tenancy.schemas import in_municipality
from public_site.catalogue.models import ServiceType
from public_site.catalogue.services import sync_catalogue
from public_site.suppliers.models import Supplier
from tenants.municipalities.models import Municipality
from tenants.municipalities.provisioning import provision_municipality
from tenants.municipalities.services import sync_registry

MONTH = datetime.date(2026, 10, 1)


class Command(BaseCommand):
    help = "Ytelsestest av oppgjør for en storby (kjøres mot en egen database, se make bench)."

    def add_arguments(self, parser):
        parser.add_argument("--recipients", type=int, default=7000)
        parser.add_argument("--lines", type=int, default=60000)
        parser.add_argument("--suppliers", type=int, default=4)
        parser.add_argument("--repeat", type=int, default=3)

    def handle(self, *args, recipients: int, lines: int, suppliers: int, repeat: int, **opts):
        from tenants.settlement import services
        from tenants.settlement.models import DeliveryLine, ReportMonth

        sync_registry()
        sync_catalogue()
        city = Municipality.registry.get(kommunenummer="4601")
        if not Municipality.objects.filter(pk=city.pk).exists():
            provision_municipality(municipality=city, activate=True)
        city = Municipality.objects.get(pk=city.pk)
        user, officer = self._users(city, suppliers)
        with in_municipality(city):
            assignment_ids = self._world(user, recipients, suppliers)
            self._forget_month()
            batch = self._lines(assignment_ids, lines)
            today = MONTH.replace(day=28) + datetime.timedelta(days=10)

            def validate_and_price():
                with transaction.atomic():
                    return services.check_lines(by=user, lines=batch, today=today)

            checked = None
            samples = []
            for _ in range(repeat):
                started = time.perf_counter()
                checked = validate_and_price()
                samples.append(time.perf_counter() - started)
            priced = statistics.median(samples)
            with transaction.atomic():
                started = time.perf_counter()
                services._save(checked, by=user, source="api")
                stored = time.perf_counter() - started
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE settlement_deliveryline")
                cursor.execute("ANALYZE settlement_linepart")

            def aggregate():
                return list(
                    DeliveryLine.objects.filter(report__month=MONTH)
                    .values("report__supplier_id", "recipient_id")
                    .annotate(minutes=Sum("minutes"), amount=Sum("amount"))
                )

            sql = statistics.median(self._time(aggregate) for _ in range(max(repeat, 5)))
            biggest = (
                ReportMonth.objects.filter(month=MONTH)
                .annotate(n=Sum("lines__minutes"))
                .order_by("-n")
                .first()
            )
            n_lines = DeliveryLine.objects.filter(report__month=MONTH).count()
        client = Client(HTTP_HOST=f"{city.slug}.localhost")
        client.force_login(officer)
        pages = {
            "månedsoversikten": f"/ansatt/oppgjor/?maaned={MONTH:%Y-%m}",
            "største leverandørs måned": f"/ansatt/oppgjor/{biggest.pk}/",
        }
        page_times = {}
        for label, url in pages.items():
            timings = []
            for _ in range(repeat):
                started = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - started)
                assert response.status_code == 200, (url, response.status_code)
            page_times[label] = statistics.median(timings)

        goal = 10
        whole = priced + stored

        def verdict(ratio: float) -> str:
            return "innenfor målet" if ratio <= goal else "OVER målet"

        self.stdout.write(
            f"\nOppgjør: {recipients} mottakere, {n_lines} linjer i {MONTH:%m.%Y}, "
            f"{suppliers} leverandører, median av {repeat}"
        )
        self.stdout.write(f"{'kontrollere og prise måneden (Python)':44} {priced * 1000:9.1f}ms")
        self.stdout.write(f"{'ett SQL-aggregat over de samme linjene':44} {sql * 1000:9.1f}ms")
        self.stdout.write(
            f"{f'forhold kontrollere+prise (mål: høyst {goal}x)':44} {priced / sql:9.1f}x  "
            f"{verdict(priced / sql)}"
        )
        self.stdout.write(f"{'lagre linjene og delene (COPY, én gang)':44} {stored * 1000:9.1f}ms")
        self.stdout.write(
            f"{'forhold kontrollere+prise+lagre':44} {whole / sql:9.1f}x  "
            f"(hele innsendingen; målet gjelder kontroll og prising)"
        )
        for label, seconds in page_times.items():
            self.stdout.write(
                f"{'side: ' + label:44} {seconds * 1000:9.1f}ms  "
                f"{seconds / sql:.1f}x aggregatet ({verdict(seconds / sql)})"
            )

    @staticmethod
    def _forget_month() -> None:
        """A second run measures the same month again: last run's lines would overlap."""
        from tenants.settlement.models import DeliveryLine, LinePart, ReportMonth

        with transaction.atomic():
            LinePart.objects.filter(line__report__month=MONTH).delete()
            DeliveryLine.objects.filter(report__month=MONTH).delete()
            ReportMonth.objects.filter(month=MONTH).delete()

    @staticmethod
    def _time(fn) -> float:
        started = time.perf_counter()
        fn()
        return time.perf_counter() - started

    def _users(self, city, suppliers: int):
        user, _ = User.objects.get_or_create(
            email="leverandor@bench.example", defaults={"full_name": "Bench Leverandør"}
        )
        officer, _ = User.objects.get_or_create(
            email="ordning@bench.example", defaults={"full_name": "Bench Ordning"}
        )
        RoleAssignment.objects.get_or_create(
            user=officer, role=Role.MUNICIPAL_OFFICER, municipality=city
        )
        for i in range(suppliers):
            supplier, _ = Supplier.objects.get_or_create(
                orgnr=f"99{i:07d}", defaults={"name": f"Bench Omsorg {i + 1} AS"}
            )
            RoleAssignment.objects.get_or_create(
                user=user, role=Role.SUPPLIER_ADMIN, supplier=supplier
            )
        return user, officer

    def _world(self, user, recipients: int, suppliers: int) -> list[int]:
        from tenants.applications.models import Application, Approval
        from tenants.recipients.models import Assignment, Recipient, ServiceDecision
        from tenants.schemes.models import Rate, Scheme

        existing = list(Assignment.objects.order_by("pk").values_list("pk", flat=True))
        if len(existing) >= recipients:
            return existing[:recipients]
        service = ServiceType.objects.get(code="praktisk-bistand")
        with transaction.atomic():
            scheme = Scheme.objects.create(
                service_type=service, title="Bench praktisk bistand", status="published"
            )
            for variant, amount, valid_from in [
                ("all", "512.00", datetime.date(2026, 1, 1)),
                ("evening", "600.00", datetime.date(2026, 1, 1)),
                ("night", "680.00", datetime.date(2026, 1, 1)),
                ("weekend", "720.00", datetime.date(2026, 1, 1)),
                ("all", "530.00", datetime.date(2026, 10, 16)),  # a change mid-month
            ]:
                Rate.objects.create(
                    scheme=scheme, unit="hour", variant=variant, amount=Decimal(amount),
                    valid_from=valid_from,
                )  # fmt: skip
            approvals = []
            for i, supplier in enumerate(
                Supplier.objects.filter(orgnr__startswith="99")[:suppliers]
            ):
                application = Application.objects.create(
                    scheme=scheme, supplier=supplier, envelope_id=i, submitted_at=timezone.now(),
                    decision_due=MONTH, status="approved",
                )  # fmt: skip
                approvals.append(
                    Approval.objects.create(
                        scheme=scheme,
                        supplier=supplier,
                        application=application,
                        valid_from=datetime.date(2026, 1, 1),
                    )  # fmt: skip
                )
            people = Recipient.objects.bulk_create(
                Recipient(full_name=f"Mottaker {i:05d}", fnr_encrypted="-", fnr_index=f"b{i}",
                          address="Gata 1", postcode="5003", postplace="Bergen")
                for i in range(recipients)
            )  # fmt: skip
            decisions = ServiceDecision.objects.bulk_create(
                ServiceDecision(recipient=r, service_type=service, scheme=scheme,
                                extent=Decimal(random.Random(r.pk).choice([2, 4, 6, 10])),
                                valid_from=datetime.date(2026, 8, 1),
                                choice_deadline=datetime.date(2026, 8, 14), status="served",
                                created_by=user)
                for r in people
            )  # fmt: skip
            made = Assignment.objects.bulk_create(
                Assignment(decision=d, provider_kind="supplier", approval=approvals[i % suppliers],
                           starts_on=datetime.date(2026, 8, 1), reason="case_worker")
                for i, d in enumerate(decisions)
            )  # fmt: skip
        return [a.pk for a in made]

    def _lines(self, assignment_ids: list[int], lines: int):
        from tenants.settlement.services import LineInput

        rng = random.Random(14)
        per = max(1, lines // len(assignment_ids))
        extra = lines - per * len(assignment_ids)
        out = []
        days = list(range(1, 32))
        for i, assignment_id in enumerate(assignment_ids):
            count = per + (1 if i < extra else 0)
            for day in sorted(rng.sample(days, min(count, 31))):
                start = datetime.time(rng.randint(6, 21), rng.choice([0, 15, 30, 45]))
                minutes = rng.choice([30, 45, 60, 90, 120, 180])
                end_moment = datetime.datetime.combine(MONTH, start) + datetime.timedelta(
                    minutes=minutes
                )
                out.append(
                    LineInput(assignment_id, MONTH.replace(day=day), start, end_moment.time(),
                              "Rengjøring", len(out) + 1)
                )  # fmt: skip
        return out
