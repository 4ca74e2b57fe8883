"""Provision one or more municipalities from the registry, with timing and a progress bar."""

from __future__ import annotations

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tenants.municipalities.models import Municipality
from tenants.municipalities.provisioning import provision_municipality
from tenants.municipalities.selectors import get_by_kommunenummer


class Command(BaseCommand):
    help = (
        "Klargjør kommuner fra registeret: eget skjema, migreringer og adresse. "
        "Eksempel: provision_municipality 4601 5001, eller --county 46, eller --all."
    )

    def add_arguments(self, parser):
        parser.add_argument("kommunenummer", nargs="*", help="ett eller flere kommunenumre")
        parser.add_argument("--county", help="alle kommuner i fylket (fylkesnummer)")
        parser.add_argument("--all", action="store_true", help="alle 357 kommuner")
        parser.add_argument("--activate", action="store_true", help="sett kommunen aktiv")

    def handle(self, *args, **options):
        municipalities = self._select(options)
        if not municipalities:
            raise CommandError("Oppgi kommunenummer, --county eller --all.")
        started = time.monotonic()
        many = len(municipalities) > 1
        bar = tqdm(municipalities, unit="kommune", disable=not many, file=self.stderr)
        for municipality in bar:
            bar.set_description(municipality.name_norwegian)
            try:
                result = provision_municipality(
                    municipality=municipality, activate=options["activate"]
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages))
            verb = "klargjort" if result.created_schema else "var allerede klargjort"
            line = (
                f"{municipality.kommunenummer} {municipality.display_name} {verb} på "
                f"{result.seconds:.2f} s: http://{result.domain}"
            )
            if many:
                bar.write(line, file=self.stdout)
            else:
                self.stdout.write(line)
        if many:
            self.stdout.write(
                f"{len(municipalities)} kommuner på {time.monotonic() - started:.1f} s."
            )

    def _select(self, options) -> list[Municipality]:
        if options["all"]:
            return list(Municipality.registry.order_by("kommunenummer"))
        if options["county"]:
            found = list(Municipality.registry.filter(county_id=options["county"]))
            if not found:
                raise CommandError(f"Ukjent fylkesnummer: {options['county']}")
            return found
        selected = []
        for number in options["kommunenummer"]:
            try:
                selected.append(get_by_kommunenummer(number))
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages))
        return selected
