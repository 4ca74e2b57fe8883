"""Compile translations when GNU gettext is installed; otherwise say so and go on in bokmål."""

import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Kompilerer oversettelsene (nynorsk, engelsk) hvis msgfmt finnes."

    def handle(self, *args, **options):
        if shutil.which("msgfmt") is None:
            self.stderr.write(
                "msgfmt (GNU gettext) mangler: nynorsk og engelsk vises på bokmål. "
                "Installer pakken gettext for å få oversettelsene."
            )
            return
        if not any(any(Path(p).glob("*/LC_MESSAGES/*.po")) for p in settings.LOCALE_PATHS):
            self.stderr.write("Ingen oversettelser å kompilere.")
            return
        call_command(
            "compilemessages", verbosity=0, ignore_patterns=[".venv/*", "node_modules/*", ".data/*"]
        )
