"""The engine's pages, by audience. Each audience's module holds its own routes; every route
name starts with "casework_" (the project names routes without namespaces)."""

from django.urls import include, path

from casework import views

urlpatterns = [
    path("berkas/<uuid:public_id>/", views.document_file, name="casework_document"),
    # The institution's operator and the employee (intake, returns, own cases).
    path("", include("casework.intake_urls")),
    # BKPSDM staff: completeness check, verification, decision letters.
    path("petugas/", include("casework.staff_urls")),
    # Exam sessions, results, products, handover.
    path("uji/", include("casework.exam_urls")),
]
