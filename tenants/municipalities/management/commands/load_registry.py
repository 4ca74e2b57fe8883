"""Load or refresh the registry of municipalities and counties from the bundled files."""

from django.core.management.base import BaseCommand

from tenants.municipalities.services import sync_registry


class Command(BaseCommand):
    help = "Laster kommuneregisteret (357 kommuner, 15 fylker) inn i fellesskjemaet."

    def handle(self, *args, **options):
        result = sync_registry()
        self.stdout.write(
            f"Kommuneregisteret: {result.municipalities} kommuner, {result.counties} fylker "
            f"({result.created} nye)."
        )
