"""Benchmark the national announcement search: index against sequential scan, side by side."""

from __future__ import annotations

import random
import statistics
import time
from datetime import timedelta

from django.contrib.postgres.search import SearchVector
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Value
from django.utils import timezone

from public_site.announcements.models import Announcement
from public_site.announcements.selectors import AnnouncementQuery, search_announcements
from public_site.catalogue.models import ServiceType
from public_site.catalogue.services import sync_catalogue
from tenants.municipalities.models import Municipality
from tenants.municipalities.services import sync_registry

# Domain words are rare among many filler words, as in real announcements where a search term
# picks out a few hundred of thousands; the filler makes documents of realistic length.
DOMAIN = [
    "praktisk",
    "bistand",
    "hjemmesykepleie",
    "rengjøring",
    "klesvask",
    "innkjøp",
    "brukerstyrt",
    "personlig",
    "assistanse",
    "dagaktivitet",
    "demens",
    "matombringing",
    "trygghetsalarm",
    "avlastning",
]
FILLER = [f"ord{i}" for i in range(3000)]


class Command(BaseCommand):
    help = "Ytelsestest av søket i kunngjøringer (kjøres mot en egen database, se make bench)."

    def add_arguments(self, parser):
        parser.add_argument("--announcements", type=int, default=20000)
        parser.add_argument("--repeat", type=int, default=15)

    def handle(self, *args, announcements: int, repeat: int, **options):
        sync_registry()
        sync_catalogue()
        self._fill(announcements)
        queries = {
            "fritekst «demens dagaktivitet»": AnnouncementQuery(q="demens dagaktivitet"),
            "fritekst + fylke 46": AnnouncementQuery(q="praktisk bistand", county="46"),
            "tjeneste + åpne, nyeste først": AnnouncementQuery(
                service_type="praktisk-bistand", status="open"
            ),
        }
        self.stdout.write(
            f"{announcements} kunngjøringer, median av {repeat} kjøringer (første side, 20 rader)"
        )
        self.stdout.write(f"{'spørring':38} {'med indeks':>11} {'uten':>9} {'forhold':>8}")
        for label, query in queries.items():
            indexed = self._time(query, repeat, use_index=True)
            scanned = self._time(query, repeat, use_index=False)
            self.stdout.write(
                f"{label:38} {indexed * 1000:9.2f}ms {scanned * 1000:7.2f}ms "
                f"{scanned / indexed:7.1f}x"
            )

    def _fill(self, n: int) -> None:
        existing = Announcement.objects.count()
        if existing >= n:
            return
        rng = random.Random(7)
        hosts = list(Municipality.registry.all())
        services = list(ServiceType.objects.all())
        now = timezone.now()
        batch = []
        for i in range(existing, n):
            words = " ".join([rng.choice(FILLER) for _ in range(40)] + rng.sample(DOMAIN, 2))
            service = rng.choice(services)
            batch.append(
                Announcement(
                    host=rng.choice(hosts),
                    scheme_id=i + 1,
                    service_type=service,
                    title=f"{service.name} {rng.choice(FILLER)}",
                    summary=words,
                    status=rng.choice(["open", "open", "closed", "ended"]),
                    published_at=now - timedelta(days=rng.randint(0, 900)),
                    last_changed_at=now - timedelta(days=rng.randint(0, 90)),
                )  # fmt: skip
            )
        with transaction.atomic():
            Announcement.objects.bulk_create(batch, batch_size=2000)
            Announcement.objects.filter(search_vector__isnull=True).update(
                search_vector=SearchVector("title", weight="A", config="norwegian")
                + SearchVector("summary", weight="B", config="norwegian")
                + SearchVector(Value(""), weight="C", config="norwegian")
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE announcements_announcement")

    def _time(self, query: AnnouncementQuery, repeat: int, *, use_index: bool) -> float:
        samples = []
        for _ in range(repeat):
            with transaction.atomic(), connection.cursor() as cursor:
                if not use_index:
                    cursor.execute("SET LOCAL enable_indexscan = off")
                    cursor.execute("SET LOCAL enable_bitmapscan = off")
                started = time.perf_counter()
                list(search_announcements(query)[:20])
                samples.append(time.perf_counter() - started)
        return statistics.median(samples)
