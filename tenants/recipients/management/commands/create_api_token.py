"""Issue an API token for a municipal system's account (a case worker in one municipality)."""

from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from fritt.accounts.models import User
from fritt.accounts.roles import Role


class Command(BaseCommand):
    help = (
        "Lag (eller vis) API-nøkkelen til en brukerkonto som er saksbehandler for "
        "tjenestemottakere i en kommune. Fagsystemet sender den som «Authorization: Token …»."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--ny", action="store_true", help="Lag en ny nøkkel (den gamle slutter å virke)."
        )

    def handle(self, *args, email: str, ny: bool, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"Fant ingen bruker med e-post {email}.")
        scopes = list(
            user.role_assignments.filter(role=Role.CASE_WORKER).values_list(
                "municipality__slug", flat=True
            )
        )
        if not scopes:
            raise CommandError(
                f"{email} er ikke saksbehandler for tjenestemottakere i noen kommune; "
                "API-et for tjenestemottakere krever den rollen."
            )
        if ny:
            Token.objects.filter(user=user).delete()
        token, _created = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
        self.stderr.write(f"Gjelder API-et på: {', '.join(f'{s}.<domene>' for s in scopes)}")
