"""The institution assessment's pages (seed 004), under /penilaian-kompetensi/. Each part's
module holds its own routes; every route name starts with "assessments_" (the project names
routes without namespaces)."""

from django.urls import include, path

from assessments.views import pages

urlpatterns = [
    path(
        "permohonan/<uuid:public_id>/",
        pages.engagement_detail,
        name="assessments_engagement",
    ),
    # Institution accounts, the request and reply, coordination notes, the SPK.
    path("", include("assessments.urls.cooperation")),
    # Participants (asesi), their e-registration, intake sessions and attendance.
    path("", include("assessments.urls.intake")),
    # Invoice and payment, reports, the staff queue.
    path("", include("assessments.urls.settlement")),
]
