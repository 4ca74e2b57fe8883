"""WSGI entry point for gunicorn (the production image)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fritt.settings.base")
application = get_wsgi_application()
