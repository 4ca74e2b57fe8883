"""Fill the demo municipalities with two years of history through the real services, with a
progress bar (make run does this after the demo; the benchmark for all 357)."""

import sys
import time

from django.core.management.base import BaseCommand

from fritt.devtools.history import Progress, fill

WIDTH = 30


class Command(BaseCommand):
    help = "Lager to års historikk i demokommunene gjennom de virkelige tjenestene."

    def add_arguments(self, parser):
        parser.add_argument("kommunenummer", nargs="*", help="standard: demoens 20 kommuner")
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args, kommunenummer, seed, **options):
        started = time.perf_counter()
        interactive = sys.stdout.isatty()
        shown = [-1]

        def report(progress: Progress, label: str) -> None:
            share = progress.done / max(progress.total, 1)
            percent = int(share * 100)
            if not interactive and percent // 10 == shown[0] // 10:
                return  # a log file gets a line per tenth, not a bar redrawn
            shown[0] = percent
            bar = "█" * int(share * WIDTH) + "░" * (WIDTH - int(share * WIDTH))
            line = (
                f"  Historikk [{bar}] {percent:3d} %  {progress.done:>6}/{progress.total}"
                f"  {label[:24]:<24} {time.perf_counter() - started:4.0f} s"
            )
            self.stdout.write(f"\r{line}" if interactive else line, ending="")
            if not interactive:
                self.stdout.write("")
            self.stdout.flush()

        progress = fill(kommunenummer or None, seed=seed, report=report)
        if not progress.made:
            self.stdout.write("  Historikken er på plass fra før.")
            return
        # The live counting kept the facts; the recount checks that it agrees, the rollups are
        # rebuilt as at night, and the open-data files are made anew with the history in them.
        from public_site.national.tasks import dump_open_data
        from public_site.statistics.tasks import reconcile_statistics

        repaired = sum(reconcile_statistics().values())
        dump_open_data()
        self.stdout.write(
            f"\n  Historikk ferdig: {progress.made} tjenestemottakere på "
            f"{time.perf_counter() - started:.0f} s"
            + (f" (avstemmingen rettet {repaired} celler)" if repaired else "")
        )
