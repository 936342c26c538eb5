"""Celery tasks of an institution's assessment: thin wrappers around assessments.services, each
safe to run twice (a re-run finds the work done). Each part appends its tasks under its own
heading."""

import logging

from celery import shared_task  # noqa: F401

logger = logging.getLogger(__name__)
