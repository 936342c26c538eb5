"""Routes of the institution's operator and the employee: see casework.urls."""

from django.urls import path

from casework import intake_views as views

urlpatterns = [
    path("usulan/", views.proposals, name="casework_proposals"),
    path("usulan/baru/", views.proposal_create, name="casework_proposal_create"),
    path("usulan/<uuid:public_id>/", views.proposal, name="casework_proposal"),
    path(
        "usulan/<uuid:public_id>/pegawai/",
        views.proposal_case_add,
        name="casework_proposal_case_add",
    ),
    path(
        "usulan/<uuid:public_id>/pegawai/<uuid:case_id>/hapus/",
        views.proposal_case_remove,
        name="casework_proposal_case_remove",
    ),
    path(
        "usulan/<uuid:public_id>/berkas/<slug:code>/",
        views.proposal_upload,
        name="casework_proposal_upload",
    ),
    path("usulan/<uuid:public_id>/ajukan/", views.proposal_submit, name="casework_proposal_submit"),
    path("saya/", views.my_cases, name="casework_my_cases"),
    path("<uuid:public_id>/", views.case, name="casework_case"),
    path("<uuid:public_id>/berkas/<slug:code>/", views.case_upload, name="casework_case_upload"),
    path("<uuid:public_id>/ajukan-kembali/", views.case_resubmit, name="casework_case_resubmit"),
]
