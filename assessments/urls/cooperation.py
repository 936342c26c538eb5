"""Routes of the part: cooperation (institution accounts, the request and reply, coordination
notes, the SPK). The SPK's fixed paths come before its `<which>` file route; a signed copy's
address takes the signature (POST) and streams the copy (GET), so
reverse("assessments_agreement_file", which="pihak-pertama") lands on the same view."""

from django.urls import path

from assessments.views import cooperation as views

ENGAGEMENT = "permohonan/<uuid:public_id>/"

urlpatterns = [
    path("instansi/daftar/", views.institution_register, name="assessments_institution_register"),
    path(
        "instansi/daftar/terkirim/",
        views.institution_registered,
        name="assessments_institution_registered",
    ),
    path("instansi/", views.institution_home, name="assessments_institution_home"),
    path("instansi/permohonan/baru/", views.engagement_new, name="assessments_engagement_new"),
    path("petugas/instansi/", views.institutions_pending, name="assessments_institutions_pending"),
    path(
        "petugas/instansi/<int:pk>/verifikasi/",
        views.institution_verify,
        name="assessments_institution_verify",
    ),
    path(f"{ENGAGEMENT}batal/", views.engagement_cancel, name="assessments_engagement_cancel"),
    path(f"{ENGAGEMENT}surat-permohonan/", views.cover_letter, name="assessments_cover_letter"),
    path(f"{ENGAGEMENT}jawaban/", views.engagement_reply, name="assessments_engagement_reply"),
    path(f"{ENGAGEMENT}catatan/", views.engagement_note, name="assessments_engagement_note"),
    path(f"{ENGAGEMENT}spk/", views.agreement_edit, name="assessments_agreement_edit"),
    path(
        f"{ENGAGEMENT}spk/konfirmasi/",
        views.agreement_confirm,
        name="assessments_agreement_confirm",
    ),
    path(
        f"{ENGAGEMENT}spk/kembalikan/", views.agreement_return, name="assessments_agreement_return"
    ),
    path(f"{ENGAGEMENT}spk/draf.pdf", views.agreement_draft, name="assessments_agreement_draft"),
    path(
        f"{ENGAGEMENT}spk/pihak-pertama/",
        views.agreement_first_party,
        name="assessments_agreement_first_party",
    ),
    path(
        f"{ENGAGEMENT}spk/pihak-kedua/",
        views.agreement_second_party,
        name="assessments_agreement_second_party",
    ),
    path(f"{ENGAGEMENT}spk/<str:which>/", views.agreement_file, name="assessments_agreement_file"),
]
