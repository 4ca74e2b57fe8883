"""Benchmark pages at city volume against small volume, side by side in one run (make bench)."""

from __future__ import annotations

import datetime
import random
import statistics
import time
import tracemalloc
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fritt.accounts.models import User
from fritt.accounts.roles import Role
from fritt.accounts.services import assign_role
from fritt.devtools.demo import _SCHEME_TEXT
from fritt.tenancy.schemas import in_municipality
from public_site.announcements.models import Announcement
from public_site.announcements.selectors import AnnouncementQuery, search_announcements
from public_site.applying.models import SavedSearch
from public_site.catalogue.models import ServiceType
from public_site.catalogue.services import sync_catalogue
from public_site.suppliers.models import Supplier
from tenants.applications.models import Application, ApplicationStatus, Approval
from tenants.municipalities.models import Municipality
from tenants.municipalities.provisioning import provision_municipality
from tenants.municipalities.services import sync_registry
from tenants.recipients import crypto
from tenants.recipients.models import (
    AccessLogEntry,
    Assignment,
    AssignmentReason,
    DecisionStatus,
    ProviderKind,
    Recipient,
    ServiceDecision,
)
from tenants.schemes import services as schemes
from tenants.schemes.models import Scheme

CITY, SMALL = "4601", "4620"  # Bergen and Ulvik
# Apply-once goes to schemes in these municipalities (ten schemes each: 50 parts).
APPLY_TO = ["4601", "4620", "5001", "4619", "0301"]
PASSWORD = "bench-passord"


def _fnr(n: int) -> str:
    """A fødselsnummer-shaped number, unique per n (the bench never validates it)."""
    return f"{(n % 28) + 1:02d}{(n // 28) % 12 + 1:02d}{n:07d}"[:11]


class Command(BaseCommand):
    help = "Sider ved bystørrelse mot liten kommune, side om side (kjøres av make bench)."

    def add_arguments(self, parser):
        parser.add_argument("--recipients", type=int, default=7000)
        parser.add_argument("--applications", type=int, default=1000)
        parser.add_argument("--log-rows", type=int, default=100_000)
        parser.add_argument("--announcements", type=int, default=20000)
        parser.add_argument("--repeat", type=int, default=7)

    def handle(self, *args, recipients, applications, log_rows, announcements, repeat, **opts):
        self.repeat = repeat
        sync_registry()
        sync_catalogue()
        for number in APPLY_TO:
            municipality = Municipality.registry.get(kommunenummer=number)
            if not municipality.is_provisioned:
                self.stdout.write(f"Klargjør {municipality.name_norwegian} …")
                provision_municipality(municipality=municipality, activate=True)
        self.service = ServiceType.objects.get(code="praktisk-bistand")
        city = Municipality.objects.get(kommunenummer=CITY)
        small = Municipality.objects.get(kommunenummer=SMALL)
        self.stdout.write("Fyller kommunene (første gang tar det et par minutter) …")
        people = {
            "city": self._fill(city, recipients, applications, log_rows, seed=1),
            # A small municipality still fills a page of each list (as Ulvik's real numbers
            # would not), so the ratio compares the cost of the same page, not of fewer rows.
            "small": self._fill(
                small, recipients // 14, applications // 10, log_rows // 100, seed=2
            ),
        }
        for number in APPLY_TO:  # ten schemes in each for apply-once
            municipality = Municipality.objects.get(kommunenummer=number)
            officer = self._user(
                f"ordning.{municipality.slug}@bench.no", Role.MUNICIPAL_OFFICER,
                municipality=municipality,
            )  # fmt: skip
            with in_municipality(municipality), transaction.atomic():
                for i in range(10):
                    self._scheme(municipality, officer, f"Benk: ordning {i}")
        from fritt.devtools.management.commands.bench_search import Command as SearchBench

        SearchBench()._fill(announcements)
        self._pages(city, small, people)
        self._export(city, small, people)
        self._explain(city)
        self._national(announcements)
        self._apply_once()
        self._saved_searches()

    # --- Filling ---------------------------------------------------------------------------

    def _user(self, email: str, role: str, **scope) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, PASSWORD, full_name=email.split("@")[0])
        assign_role(user=user, role=role, **scope)
        return user

    def _scheme(self, municipality: Municipality, officer: User, title: str) -> Scheme:
        scheme = Scheme.objects.filter(title=title).first()
        if scheme is not None:
            return scheme
        scheme = schemes.create_scheme(
            by=officer, service_type=self.service, title=title,
            description="Benk.", target_group="Alle.", covers_whole_municipality=True,
            contact_name="Benk", contact_email="benk@example.no", contact_phone="55 00 00 00",
            **_SCHEME_TEXT,
        )  # fmt: skip
        schemes.add_condition(scheme=scheme, by=officer, text="Firmaattest", document_type="")
        schemes.add_rate(
            scheme=scheme, by=officer, unit="hour", amount=Decimal("600"),
            valid_from=datetime.date(2026, 1, 1),
        )  # fmt: skip
        return schemes.publish_scheme(scheme=scheme, by=officer)

    def _fill(self, municipality, n_recipients, n_applications, n_log, *, seed: int) -> dict:
        slug = municipality.slug
        staff = {
            "case_worker": self._user(
                f"tildeling.{slug}@bench.no", Role.CASE_WORKER, municipality=municipality
            ),
            "officer": self._user(
                f"ordning.{slug}@bench.no", Role.MUNICIPAL_OFFICER, municipality=municipality
            ),
            "admin": self._user(
                f"admin.{slug}@bench.no", Role.MUNICIPAL_ADMIN, municipality=municipality
            ),
        }
        supplier = Supplier.objects.filter(orgnr=f"7{seed:08d}").first() or Supplier.objects.create(
            orgnr=f"7{seed:08d}", name=f"Benk Omsorg {slug} AS", register_status="verified",
            claim_confirmed_at=timezone.now(),
        )  # fmt: skip
        staff["supplier"] = self._user(
            f"leverandor.{slug}@bench.no", Role.SUPPLIER_ADMIN, supplier=supplier
        )
        rng = random.Random(seed)
        today = timezone.localdate()
        with in_municipality(municipality), transaction.atomic():
            scheme = self._scheme(municipality, staff["officer"], "Benk: praktisk bistand")
            have = Application.objects.filter(scheme=scheme).count()
            if have < n_applications:
                base = seed * 1_000_000
                first = have or 1  # the first application is the bench supplier's own
                suppliers = [supplier] if not have else []
                suppliers += Supplier.objects.bulk_create(
                    Supplier(
                        orgnr=f"8{base + i:08d}"[-9:],
                        name=f"Benk Leverandør {seed}-{i} AS",
                        register_status="verified",
                        claim_confirmed_at=timezone.now(),
                    )  # fmt: skip
                    for i in range(first, n_applications)
                )
                statuses = [ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW,
                            ApplicationStatus.APPROVED, ApplicationStatus.REJECTED]  # fmt: skip
                apps = Application.objects.bulk_create(
                    Application(
                        scheme=scheme,
                        supplier=s,
                        envelope_id=0,
                        submitted_at=timezone.now() - datetime.timedelta(days=rng.randint(0, 60)),
                        decision_due=today + datetime.timedelta(days=rng.randint(-20, 40)),
                        status=ApplicationStatus.APPROVED
                        if s.pk == supplier.pk
                        else statuses[i % 4],
                    )  # fmt: skip
                    for i, s in enumerate(suppliers)
                )
                Approval.objects.bulk_create(
                    Approval(
                        scheme=scheme,
                        supplier_id=a.supplier_id,
                        application=a,
                        valid_from=today,
                        contract_accepted_at=timezone.now(),
                    )  # fmt: skip
                    for a in apps
                    if a.status == ApplicationStatus.APPROVED
                )
            ours = Approval.objects.get(scheme=scheme, supplier=supplier)
            if Recipient.objects.count() < n_recipients:
                start = Recipient.objects.count()
                recipients = Recipient.objects.bulk_create(
                    Recipient(
                        full_name=f"Benk Mottaker {i:05d}",
                        fnr_encrypted=crypto.encrypt(_fnr(seed * 100_000 + i)),
                        fnr_index=crypto.index(_fnr(seed * 100_000 + i)),
                        address=f"Benkveien {i}",
                        postcode="5003",
                        postplace="Bergen",
                    )  # fmt: skip
                    for i in range(start, n_recipients)
                )
                decisions = ServiceDecision.objects.bulk_create(
                    ServiceDecision(
                        recipient=r,
                        service_type=self.service,
                        scheme=scheme,
                        extent=Decimal(4),
                        valid_from=today,
                        created_by=staff["case_worker"],
                        choice_deadline=today + datetime.timedelta(days=rng.randint(-14, 14)),
                        status=DecisionStatus.SERVED if i % 3 else DecisionStatus.AWAITING_CHOICE,
                    )  # fmt: skip
                    for i, r in enumerate(recipients)
                )
                Assignment.objects.bulk_create(
                    Assignment(
                        decision=d,
                        provider_kind=ProviderKind.SUPPLIER,
                        approval=ours,
                        starts_on=today - datetime.timedelta(days=1),
                        reason=AssignmentReason.CASE_WORKER,
                    )  # fmt: skip
                    for d in decisions
                    if d.status == DecisionStatus.SERVED
                )
            if AccessLogEntry.objects.count() < n_log:
                ids = list(Recipient.objects.values_list("pk", flat=True))
                missing = n_log - AccessLogEntry.objects.count()
                AccessLogEntry.objects.bulk_create(
                    (
                        AccessLogEntry(
                            user=staff["case_worker"],
                            role="case_worker",
                            recipient_id=rng.choice(ids),
                            action="view",
                            what="benk",
                        )  # fmt: skip
                        for _ in range(missing)
                    ),
                    batch_size=5000,
                )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return staff

    # --- Measuring -------------------------------------------------------------------------

    def _get(self, client: Client, host: str, url: str) -> tuple[float, int, int]:
        """Median seconds of a GET (body read to the end), its statement count, status."""
        samples, statements, status = [], 0, 0
        for _ in range(self.repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url, HTTP_HOST=host)
                if getattr(response, "streaming", False):
                    for _chunk in response.streaming_content:
                        pass
                else:
                    response.content  # noqa: B018 (rendered already; read as a browser would)
                samples.append(time.perf_counter() - started)
            statements, status = len(captured.captured_queries), response.status_code
        return statistics.median(samples), statements, status

    def _client(self, user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    def _pages(self, city, small, people) -> None:
        pages = [
            ("tjenestemottakere, side 1", "case_worker", "/ansatt/mottakere/"),
            ("… venter på å velge", "case_worker", "/ansatt/mottakere/?vis=venter"),
            ("… fristen passert", "case_worker", "/ansatt/mottakere/?vis=frist-passert"),
            ("søknader (innboks)", "officer", "/ansatt/soknader/?status="),
            ("søknader, søk org.nr.", "officer", "/ansatt/soknader/?status=&leverandor=700000001"),
            ("godkjenninger", "officer", "/ansatt/godkjenninger/"),
            ("tilgangslogg", "admin", "/ansatt/tilgangslogg/"),
            ("leverandørens oppdrag", "supplier", "/oppdrag/"),
            ("ordningene (ansatt)", "officer", "/ansatt/ordninger/"),
            ("startsiden", "case_worker", "/ansatt/"),
        ]
        self.stdout.write("")
        self.stdout.write(f"Sider: {SMALL} (liten) mot {CITY} (by), median av {self.repeat}")
        self.stdout.write(
            f"{'side':30} {'liten':>9} {'by':>9} {'forhold':>8} {'SQL liten':>10} {'SQL by':>7}"
        )
        for label, who, url in pages:
            measured = {}
            for key, municipality in (("small", small), ("city", city)):
                host = f"{municipality.slug}.localhost"
                measured[key] = self._get(self._client(people[key][who]), host, url)
            (ts, qs, ss), (tc, qc, sc) = measured["small"], measured["city"]
            flag = "" if ss == sc == 200 else f"  (status {ss}/{sc})"
            self.stdout.write(
                f"{label:30} {ts * 1000:7.1f}ms {tc * 1000:7.1f}ms {tc / ts:7.2f}x "
                f"{qs:10d} {qc:7d}{flag}"
            )

    def _export(self, city, small, people) -> None:
        self.stdout.write("")
        self.stdout.write("CSV-eksport av tjenestemottakerne (strømmes i bolker)")
        for key, municipality in (("small", small), ("city", city)):
            client = self._client(people[key]["case_worker"])
            with in_municipality(municipality):
                count = Recipient.objects.count()
            host = f"{municipality.slug}.localhost"
            url = "/ansatt/mottakere/eksport.csv"
            # Time, statements and memory in separate runs: tracing memory slows Python down.
            timings = []
            for _ in range(3):
                started = time.perf_counter()
                size = sum(len(chunk) for chunk in client.get(url, HTTP_HOST=host))
                timings.append(time.perf_counter() - started)
            elapsed = statistics.median(timings)
            with CaptureQueriesContext(connection) as captured:
                sum(len(chunk) for chunk in client.get(url, HTTP_HOST=host))
            tracemalloc.start()
            for _chunk in client.get(url, HTTP_HOST=host):
                pass
            _now, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            self.stdout.write(
                f"  {municipality.name_norwegian:10} {count:6d} mottakere: {elapsed:6.2f} s, "
                f"{size / 1024:8.0f} KB, høyeste minne {peak / 1024 / 1024:5.1f} MB, "
                f"{len(captured.captured_queries)} SQL-setninger"
            )

    def _explain(self, city) -> None:
        from tenants.applications import selectors as review
        from tenants.recipients import selectors as register

        self.stdout.write("")
        self.stdout.write("EXPLAIN i byen (øverste del av planen og indeksene den bruker)")
        with in_municipality(city):
            checks = {
                "innboks: åpne, etter frist": review.inbox(status="open")[:50],
                "mottakere: venter på å velge": register.recipient_list(show=register.WAITING)[:50],
                "mottakere: fristen passert": register.recipient_list(
                    show=register.DEADLINE_PASSED
                )[:50],
                "mottakere: nyeste først": register.recipient_list(order="-registrert")[:50],
                "tilgangslogg: én dag": register.access_log(day=timezone.localdate())[:100],
                "oppdrag: etter start": register.assignments_for_suppliers([0])[:50],
            }
            for label, queryset in checks.items():
                plan = queryset.explain()
                indexes = sorted(
                    {
                        line.split(" using ")[1].split(" ")[0]
                        for line in plan.splitlines()
                        if " using " in line
                    }
                )
                self.stdout.write(f"  {label:32} {', '.join(indexes) or 'ingen indeks'}")

    def _national(self, announcements: int) -> None:
        self.stdout.write("")
        self.stdout.write(
            f"Nasjonalt søk ({announcements} kunngjøringer): siden mot rå SQL av samme side"
        )
        client = Client()
        for label, params, query in [
            ("tjeneste", "tjeneste=praktisk-bistand",
             AnnouncementQuery(service_type="praktisk-bistand")),
            ("fritekst", "q=demens+dagaktivitet", AnnouncementQuery(q="demens dagaktivitet")),
            ("fylke", "fylke=46", AnnouncementQuery(county="46")),
        ]:  # fmt: skip
            page, statements, _status = self._get(client, "localhost", f"/kunngjoringer/?{params}")
            rows = search_announcements(query)
            sql_page, page_params = rows[:20].query.sql_with_params()  # the page shows 20
            samples = []
            for _ in range(self.repeat):
                with connection.cursor() as cursor:
                    started = time.perf_counter()
                    cursor.execute(sql_page, page_params)
                    cursor.fetchall()
                    rows.count()
                    samples.append(time.perf_counter() - started)
            raw = statistics.median(samples)
            self.stdout.write(
                f"  {label:10} side {page * 1000:7.1f}ms, SQL {raw * 1000:6.1f}ms, "
                f"{page / raw:5.1f}x ({statements} SQL-setninger på siden)"
            )

    def _apply_once(self) -> None:
        from public_site.applying import services as applying
        from tenants.applications.services import PartRequest

        supplier = Supplier.objects.filter(orgnr="799999999").first() or Supplier.objects.create(
            orgnr="799999999", name="Benk Søker AS", register_status="verified",
            claim_confirmed_at=timezone.now(),
        )  # fmt: skip
        user = self._user("soker@bench.no", Role.SUPPLIER_ADMIN, supplier=supplier)
        hosts = Municipality.objects.filter(kommunenummer__in=APPLY_TO)
        open_ones = list(
            Announcement.objects.filter(host__in=hosts, title__startswith="Benk: ordning")
            .select_related("host")
            .order_by("pk")[:50]
        )
        results = {}
        for n in (1, len(open_ones)):
            with transaction.atomic():
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    applying.submit_envelope(
                        supplier=supplier, by=user, common_answers={},
                        parts=[(a, PartRequest(scheme_id=0)) for a in open_ones[:n]],
                    )  # fmt: skip
                    elapsed = time.perf_counter() - started
                transaction.set_rollback(True)
            results[n] = (elapsed, len(captured.captured_queries))
        (t1, q1), (tn, qn) = results[1], results[len(open_ones)]
        extra = len(open_ones) - 1
        self.stdout.write("")
        self.stdout.write(
            f"Søk én gang: 1 mot {len(open_ones)} ordninger i {len(APPLY_TO)} kommuner"
        )
        self.stdout.write(
            f"  1 del: {t1 * 1000:.0f} ms, {q1} SQL; {len(open_ones)} deler: {tn * 1000:.0f} ms, "
            f"{qn} SQL; per ekstra del {(tn - t1) / extra * 1000:.1f} ms og "
            f"{(qn - q1) / extra:.1f} SQL (mål: høyst 10)"
        )

    def _saved_searches(self) -> None:
        from public_site.applying import notifications
        from public_site.applying.selectors import matches, matching_searches

        user = User.objects.get(email="soker@bench.no")
        if SavedSearch.objects.count() < 1000:
            words = ["bistand", "demens", "praktisk bistand", "avlastning", "hjemmesykepleie"]
            SavedSearch.objects.bulk_create(
                SavedSearch(user=user, name=f"Benk {i}", params={"q": words[i % len(words)]})
                for i in range(1000)
            )
        announcement = Announcement.objects.order_by("-pk").first()
        searches = list(SavedSearch.objects.all())
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as one_each:
            old = [s.pk for s in searches if matches(s, announcement)]
        per_search = time.perf_counter() - started
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as fixed:
            new = matching_searches(announcement)
        batched = time.perf_counter() - started
        mail_in_memory = override_settings(
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
        )
        with transaction.atomic(), mail_in_memory:
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as sending:
                sent = notifications.notify_saved_searches(announcement_id=announcement.pk)
            send_time = time.perf_counter() - started
            transaction.set_rollback(True)
        self.stdout.write("")
        self.stdout.write(f"Lagrede søk ({len(searches)}) mot én ny kunngjøring")
        self.stdout.write(
            f"  ett søk om gangen: {per_search * 1000:7.1f} ms, {len(one_each.captured_queries)} "
            f"SQL; samlet: {batched * 1000:6.1f} ms, {len(fixed.captured_queries)} SQL; "
            f"{per_search / batched:5.1f}x; samme treff: {'ja' if sorted(old) == new else 'NEI'}"
        )
        self.stdout.write(
            f"  varsling av {sent} treff i bolker: {send_time * 1000:.0f} ms, "
            f"{len(sending.captured_queries)} SQL"
        )
