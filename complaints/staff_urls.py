"""URLs of the complaint team's screens, under /pengaduan/staf/."""

from django.urls import path

from complaints import seal_views, staff_views

urlpatterns = [
    path("", staff_views.queue, name="complaints_queue"),
    path("catat/", staff_views.record, name="complaints_record"),
    path("<uuid:public_id>/", staff_views.detail, name="complaints_detail"),
    path("<uuid:public_id>/penanganan/", staff_views.assign, name="complaints_assign"),
    path(
        "<uuid:public_id>/petugas-disebut/",
        staff_views.name_staff,
        name="complaints_name_staff",
    ),
    path("<uuid:public_id>/prioritas/", staff_views.priority, name="complaints_priority"),
    path("<uuid:public_id>/status/", staff_views.transition, name="complaints_transition"),
    path("<uuid:public_id>/pesan/", staff_views.message, name="complaints_message"),
    path("<uuid:public_id>/catatan/", staff_views.note, name="complaints_note"),
    path("<uuid:public_id>/segel/", staff_views.seal_open, name="complaints_seal_open"),
    path("<uuid:public_id>/tentang/", staff_views.about, name="complaints_about"),
    path(
        "<uuid:public_id>/lepas-kelompok/",
        staff_views.cluster_detach,
        name="complaints_detach",
    ),
    path("kelompok/<uuid:public_id>/", staff_views.cluster, name="complaints_cluster_detail"),
    path(
        "kelompok/<uuid:public_id>/jawab/",
        staff_views.cluster_answer,
        name="complaints_cluster_answer",
    ),
    path(
        "kelompok/<uuid:public_id>/status/",
        staff_views.cluster_transition,
        name="complaints_cluster_transition",
    ),
    path("segel/", seal_views.report, name="complaints_seal_report"),
    path("segel/unduh/", seal_views.report_csv, name="complaints_seal_csv"),
    path(
        "<uuid:public_id>/lampiran/<uuid:attachment_id>/",
        staff_views.attachment,
        name="complaints_attachment",
    ),
]
