"""WSGI entry point for gunicorn (the production image)."""

import os

from django.core.wsgi import get_wsgi_application

# Without an explicit DJANGO_SETTINGS_MODULE this is a deployment (runserver, which loads it
# too, has one already): production, which refuses to start without its secrets.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fritt.settings.production")
application = get_wsgi_application()
