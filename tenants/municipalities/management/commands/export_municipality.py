"""Write the leaving export of one municipality to a zip file (every table, every document)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fritt.accounts.models import User
from tenants.municipalities.export import export_municipality
from tenants.municipalities.models import Municipality


class Command(BaseCommand):
    help = "Eksporter alle data for en kommune som avslutter (JSON, CSV og dokumenter i én zip)."

    def add_arguments(self, parser):
        parser.add_argument("kommunenummer")
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--by", required=True, help="e-post til den som ber om eksporten (tilgangsloggen)"
        )

    def handle(self, *args, kommunenummer, path, by, **options):
        municipality = Municipality.objects.filter(kommunenummer=kommunenummer).first()
        if municipality is None:
            raise CommandError(f"{kommunenummer} er ikke en klargjort kommune.")
        user = User.objects.filter(email=by.strip().lower()).first()
        if user is None:
            raise CommandError(f"Ingen bruker med e-post {by}.")
        path.write_bytes(export_municipality(municipality=municipality, by=user))
        self.stdout.write(f"{municipality.display_name}: {path} ({path.stat().st_size} byte)")
