"""URLs of the complaints app's public pages and its intake API (no account needed)."""

from django.urls import path

from complaints import public_views

urlpatterns = [
    path("pengaduan/", public_views.complaint_new, name="complaint_new"),
    path("pengaduan/terkirim/", public_views.complaint_submitted, name="complaint_submitted"),
    path("pengaduan/lacak/", public_views.complaint_track_lookup, name="complaint_track_lookup"),
    path("pengaduan/lacak/<str:code>/", public_views.complaint_track, name="complaint_track"),
    path("api/pengaduan/", public_views.complaint_intake_api, name="complaint_intake_api"),
    path(
        "api/pengaduan/schema/",
        public_views.complaint_intake_schema,
        name="complaint_intake_schema",
    ),
]
