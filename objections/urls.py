"""URLs of objections: the candidate's (under /keberatan/) and the staff's (/keberatan/petugas/)."""

from django.urls import path

from objections import views

urlpatterns = [
    path("petugas/", views.staff_queue, name="objections_staff_queue"),
    path("petugas/<uuid:public_id>/", views.staff_detail, name="objections_staff_detail"),
    path(
        "petugas/<uuid:public_id>/lampiran/",
        views.staff_file,
        name="objections_staff_file",
    ),
    path("ajukan/<uuid:public_id>/", views.objection_new, name="objection_new"),
    path("<uuid:public_id>/", views.objection_detail, name="objection_detail"),
    path("<uuid:public_id>/lampiran/", views.objection_file, name="objection_file"),
]
