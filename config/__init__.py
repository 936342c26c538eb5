"""Project configuration: settings, URLs, Celery and WSGI. It may import every app."""

from config.celery import app as celery_app

__all__ = ["celery_app"]
