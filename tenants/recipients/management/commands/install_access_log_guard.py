"""Admin step: install the audit role and the function that takes each access log from the app."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from tenants.recipients import dbguard


class Command(BaseCommand):
    help = (
        "Installer vakten som gjør tilgangsloggen skrivebeskyttet for appens databaserolle. "
        "Kjøres én gang per database av databaseadministratoren (DATABASE_URL med admin-rollen), "
        "før første migrering."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--app-role",
            default=dbguard.APP_ROLE,
            help="Rollen appen kobler til som (DATABASE_URL i web, worker og beat).",
        )

    def handle(self, *args, **options):
        try:
            statements = dbguard.cluster_statements(options["app_role"])
            statements += dbguard.database_statements(options["app_role"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            if cursor.fetchone()[0] == options["app_role"]:
                raise CommandError("Kjør dette som databaseadministratoren, ikke som app-rollen.")
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(f"Vakten for tilgangsloggen er installert for {options['app_role']}.")
