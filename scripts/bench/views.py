"""The bare comparison view of `make bench`: the candidate dashboard's template rendered from a
fixed context, built once per worker process from the same selectors the real view calls. What
the real dashboard costs beyond it is our data access, authentication and middleware."""

import os
import threading

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation

from registration.candidate_selectors import application_overview
from registration.selectors import librarian_get_by_nip
from scheduling.candidate_selectors import exam_overview

TEMPLATE = "registration/dashboard.html"
_lock = threading.Lock()
_fixed: tuple | None = None


def _build(request) -> tuple:
    user = get_user_model().objects.get(username=os.environ["BENCH_BARE_USER"])
    # The template lists the user's complaints itself (user.complaints.all): fetched once here.
    prefetch_related_objects([user], "complaints")
    overview = application_overview(user=user)
    context = {
        "librarian": librarian_get_by_nip(nip=user.nip),
        **overview,
        **exam_overview(
            candidate=user, service=overview["service"], application=overview["application"]
        ),
    }
    # One render here loads whatever the template reaches lazily (related objects are then
    # cached on the instances), so the measured renders make no query at all.
    request.user = user
    render_to_string(TEMPLATE, context, request)
    return user, context


def bare_dashboard(request):
    global _fixed
    if _fixed is None:
        with _lock:
            if _fixed is None:
                _fixed = _build(request)
    user, context = _fixed
    request.user = user  # the context processors read it; no session, no query
    # In the language and time zone every request of the portal renders in (its middleware,
    # which the bench's shortcut skips, activates them): without them each translated string
    # and each date took Django's slower fallback, which no page of the portal takes.
    with (
        translation.override(settings.LANGUAGE_CODE),
        timezone.override(timezone.get_default_timezone()),
    ):
        return HttpResponse(render_to_string(TEMPLATE, context, request))
