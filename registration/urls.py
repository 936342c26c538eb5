from django.urls import path

from registration import application_views, conflict_views, views

urlpatterns = [
    path("cek-nip/", views.nip_check, name="nip_check"),
    path("register/", views.register, name="register"),
    path("register/selesai/", views.register_done, name="register_done"),
    path("register/konfirmasi/<slug:token>/", views.register_confirm, name="register_confirm"),
    path("klaim-nip/", views.account_claim_start, name="account_claim_start"),
    path("klaim-nip/terkirim/", views.account_claim_sent, name="account_claim_sent"),
    path(
        "klaim-nip/lanjut/<slug:token>/",
        views.account_claim_continue,
        name="account_claim_continue",
    ),
    path("klaim-nip/diterima/", views.account_claim_submitted, name="account_claim_submitted"),
    path(
        "staf/konflik-kepentingan/",
        conflict_views.staff_declaration,
        name="staff_declaration",
    ),
    path("profil/", views.profile, name="profile"),
    path("profil/ubah/", application_views.profile_edit, name="profile_edit"),
    path("pengajuan/", application_views.application, name="application"),
    path("pengajuan/ubah/", application_views.application_update, name="application_update"),
    path(
        "pengajuan/berkas/<slug:code>/",
        application_views.application_upload,
        name="application_upload",
    ),
    # Periksa kembali: the check-answers page, whose form submits the application.
    path("pengajuan/periksa/", application_views.application_submit, name="application_submit"),
    path(
        "pengajuan/terkirim/",
        application_views.application_submitted,
        name="application_submitted",
    ),
    path("berkas/<uuid:public_id>/", views.document_file, name="document_file"),
]
