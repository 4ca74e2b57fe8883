"""Set up the demo world for `make run` and print the demo logins."""

from django.core.management.base import BaseCommand

from fritt.devtools.demo import DEMO_PASSWORD, seed_demo
from fritt.web.context import municipality_url
from tenants.municipalities.selectors import provisioned


class Command(BaseCommand):
    help = "Laster registeret og katalogen, klargjør demokommuner og lager demobrukere."

    def handle(self, *args, **options):
        logins = seed_demo()
        self.stdout.write("\nKommuner som er klargjort:")
        for municipality in provisioned():
            self.stdout.write(
                f"  {municipality.display_name:<34} {municipality_url(municipality.slug)}"
            )
        self.stdout.write(f"\nDemobrukere (passord for alle: {DEMO_PASSWORD}):")
        for login in logins:
            self.stdout.write(f"  {login.email:<48} {login.role} – {login.where}")
