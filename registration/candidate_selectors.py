"""Reads for the candidate's own pages: what the dashboard and the application page show about
the candidate's application to the service of the candidates' online application."""

from django.db.models import QuerySet

from portal.calendar import working_days_overdue
from portal.catalogue import service_get_by_flow
from portal.constants import OnlineFlow
from portal.models import Service
from registration import services, workflow
from registration.constants import ApplicationStatus
from registration.models import Profile
from registration.selectors import application_current

# While the panel has the application: the due date is theirs (shown "late" when passed), and
# its verdicts per document are still drafts, shown to the candidate with the decision.
PANEL_STATES = frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW})


def candidate_profile(user) -> Profile | None:
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def candidate_profile_with_levels(user) -> Profile | None:
    """The candidate's profile with the rank and level its summary prints, in one query."""
    return Profile.objects.select_related("rank", "level").filter(user_id=user.pk).first()


def candidate_profile_question(*, user) -> QuerySet[Profile]:
    """The queryset whose existence says whether the candidate has a profile: for a page that
    asks it in one query with others (the dashboard), then application_overview(has_profile=)."""
    return Profile.objects.filter(user_id=user.pk)


def application_overview(
    *, user, related: bool = True, has_profile: bool | None = None, missing: bool = True
) -> dict:
    """What the dashboard and the application page show about the candidate's application:
    the application (or None), what still stops it from being submitted, and how many working
    days the panel is late with it. related=False: the application without its snapshot,
    verifier and purpose's name (registration.selectors.application_current), which the
    dashboard does not show; has_profile: the caller knows it (else one query); missing=False:
    the caller works out "missing" from the documents it loads anyway
    (services.application_missing_from), saving three queries."""
    if has_profile is None:
        has_profile = candidate_profile(user) is not None
    overview = {
        "service": None,
        "application": None,
        "editable": False,
        "missing": [],
        "overdue_days": 0,
        "has_profile": has_profile,
    }
    try:
        overview["service"] = service = service_get_by_flow(flow=OnlineFlow.CANDIDATE_APPLICATION)
    except Service.DoesNotExist:
        return overview  # switched off: the dashboard still works, the application page is 404
    application = application_current(candidate=user, service=service, related=related)
    if application is None:
        return overview
    overview["application"] = application
    overview["editable"] = workflow.application_edit_refusal(application, user) is None
    if overview["editable"] and missing:
        overview["missing"] = services.application_missing(application=application)
    if application.due_date and application.status in PANEL_STATES:
        overview["overdue_days"] = working_days_overdue(application.due_date)
    return overview
