"""WSGI entry point (gunicorn config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Each gunicorn worker imports this module after it is forked (the app is not preloaded).
from config.warmup import warm_web_worker  # noqa: E402 -- needs Django set up

warm_web_worker()
