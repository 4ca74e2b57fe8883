"""ASGI entry point, for servers that prefer it."""

import os

from django.core.asgi import get_asgi_application

# Without an explicit DJANGO_SETTINGS_MODULE this is a deployment (runserver, which loads it
# too, has one already): production, which refuses to start without its secrets.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fritt.settings.production")
application = get_asgi_application()
