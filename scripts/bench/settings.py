"""Bench-only settings (never used by the real portal): the production settings, plus a query
counter, the bare comparison view's URLconf, rate limits lifted, and uploads in a scratch folder.

The load comes from one address (127.0.0.1), so every per-IP limit would trip within seconds and
turn the measurement into one of 429 pages: the limits are set far above anything the bench sends
(and the report says so).
"""

import os

from config.settings import *  # noqa: F403
from config.settings import MIDDLEWARE, PORTAL_RATE_LIMITS, STORAGES

DEBUG = False
ROOT_URLCONF = "scripts.bench.urls"

# Outermost first: the counter sees every query of the request, the bare view's shortcut skips
# the rest of the middleware (its figure is "template only").
MIDDLEWARE = [
    "scripts.bench.middleware.QueryCountMiddleware",
    "scripts.bench.middleware.BareViewMiddleware",
    *MIDDLEWARE,
]

_LIFTED = "1000000/s/ip"
PORTAL_RATE_LIMITS = dict.fromkeys(PORTAL_RATE_LIMITS, _LIFTED)
ACCOUNT_RATE_LIMITS = False  # allauth: no limits at all

if os.environ.get("BENCH_MEDIA_DIR"):
    STORAGES = {
        **STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": os.environ["BENCH_MEDIA_DIR"], "base_url": None},
        },
    }

# One line per request at INFO would cost the workers more than some pages do.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
