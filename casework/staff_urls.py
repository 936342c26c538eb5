"""Routes of the engine's staff pages, under /permohonan-layanan/petugas/ (see casework.urls)."""

from django.urls import path

from casework import staff_views

urlpatterns = [
    path("", staff_views.queue, name="casework_staff_queue"),
    path("penetapan/", staff_views.decisions_page, name="casework_decisions"),
    path(
        "penetapan/<uuid:public_id>/pdf/",
        staff_views.decision_letter_pdf,
        name="casework_decision_letter",
    ),
    path("<uuid:public_id>/", staff_views.case_detail, name="casework_staff_case"),
    path(
        "<uuid:public_id>/berkas/<uuid:document_id>/",
        staff_views.document_verdict,
        name="casework_staff_document_verdict",
    ),
    path("<uuid:public_id>/keputusan/", staff_views.case_check, name="casework_staff_check"),
]
