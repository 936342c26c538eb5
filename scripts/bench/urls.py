"""The bench's URLconf: the portal's, plus the bare comparison view (never in config.urls)."""

from django.urls import path

from config import urls as portal_urls
from scripts.bench.middleware import BARE_PATH
from scripts.bench.views import bare_dashboard

urlpatterns = [
    path(BARE_PATH.lstrip("/"), bare_dashboard, name="bench_bare_dashboard"),
    *portal_urls.urlpatterns,
]

# The portal's error handlers too (e.g. its 400 handler answers an oversized body with 413).
for _name in ("handler400", "handler403", "handler404", "handler500"):
    if hasattr(portal_urls, _name):
        globals()[_name] = getattr(portal_urls, _name)
