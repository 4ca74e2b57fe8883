"""Apply the default-provider rule to every decision whose choice deadline has passed."""

from django.core.management.base import BaseCommand

from tenants.recipients.tasks import sweep_choice_deadlines


class Command(BaseCommand):
    help = "Tildel leverandør etter ordningens regel der fristen for å velge er ute."

    def handle(self, *args, **options):
        for schema, count in sweep_choice_deadlines().items():
            self.stdout.write(f"{schema}: {count} tildelt")
