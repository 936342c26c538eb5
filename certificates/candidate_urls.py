"""URLs of the certificates app's candidate pages, under /sertifikat/. Each id is looked up
among the logged-in candidate's own certificates and letters only."""

from django.urls import path

from certificates import candidate_views

urlpatterns = [
    path("", candidate_views.certificate_mine, name="certificate_mine"),
    path(
        "<uuid:public_id>/data-benar/",
        candidate_views.certificate_confirm,
        name="certificate_confirm",
    ),
    path(
        "<uuid:public_id>/perbaikan/",
        candidate_views.certificate_correction,
        name="certificate_correction",
    ),
    path(
        "<uuid:public_id>/diterima/",
        candidate_views.certificate_received,
        name="certificate_received",
    ),
    path(
        "unduh/<uuid:public_id>/<str:kind>/",
        candidate_views.certificate_download,
        name="certificate_download",
    ),
    path(
        "kredensial/<uuid:public_id>/",
        candidate_views.certificate_credential,
        name="certificate_credential",
    ),
    path(
        "surat-hasil/<uuid:public_id>/",
        candidate_views.result_letter_download,
        name="certificate_result_letter",
    ),
]
