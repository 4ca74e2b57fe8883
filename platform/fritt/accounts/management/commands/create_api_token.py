"""Issue an API token for a municipal system's account (a case worker) or a supplier's
rostering system (a supplier user)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from fritt.accounts.models import User
from fritt.accounts.selectors import api_token_scopes
from fritt.accounts.services import issue_api_token


class Command(BaseCommand):
    help = (
        "Lag en API-nøkkel til en brukerkonto som er saksbehandler for tjenestemottakere i en "
        "kommune, eller leverandørbruker (for API-et for leveranser). Fagsystemet sender den "
        "som «Authorization: Token …». Nøkkelen vises bare nå; bare en hash av den lagres."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--days", type=int, default=90, help="Hvor mange dager nøkkelen gjelder (standard 90)."
        )
        parser.add_argument(
            "--ny", action="store_true", help="De gamle nøklene til kontoen slutter å virke."
        )

    def handle(self, *args, email: str, days: int, ny: bool, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"Fant ingen bruker med e-post {email}.")
        try:
            issued = issue_api_token(user=user, days=days, replace=ny)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(issued.secret)
        scopes = ", ".join(
            "kommunene der leverandøren har oppdrag" if slug == "leverandør" else f"{slug}.<domene>"
            for slug in api_token_scopes(user)
        )
        self.stderr.write(
            f"Gjelder API-et på: {scopes}. Utløper {issued.token.expires_at:%Y-%m-%d}. "
            "Ta vare på nøkkelen nå; den kan ikke vises igjen."
        )
