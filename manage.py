#!/usr/bin/env python
"""Django's command-line entry point; puts platform/ on the path (see platform/README.md)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# platform/ is a source folder, never a package: adding it to the path exposes `fritt`
# without letting anything import our folder as the standard library's `platform`.
sys.path.insert(0, str(ROOT / "platform"))


def main() -> None:
    # A developer's tool by default; deployments set DJANGO_SETTINGS_MODULE (the Dockerfile
    # does), and a FRITT_ENV=production left in the environment stops the local settings.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fritt.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
