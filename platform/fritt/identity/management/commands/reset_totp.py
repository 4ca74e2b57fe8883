"""Support's unlock path for a lost authenticator app: the next login sets up a new one."""

from django.core.management.base import BaseCommand, CommandError

from fritt.accounts.models import User
from fritt.events.services import record
from fritt.identity.models import TotpDevice


class Command(BaseCommand):
    help = (
        "Nullstiller engangskoden (TOTP) for en konto: neste innlogging setter opp appen på nytt."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None:
            raise CommandError("Ingen konto med den e-postadressen.")
        deleted, _by_model = TotpDevice.objects.filter(user=user).delete()
        if deleted:
            record(action="totp.reset", subject=user, data={"user": user.pk})
        self.stdout.write("Nullstilt." if deleted else "Kontoen hadde ingen engangskode.")
