"""WSGI entry point (granian in production: `granian --interface wsgi lokalsundhed.wsgi:application`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lokalsundhed.settings")
application = get_wsgi_application()
