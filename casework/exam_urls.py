"""Routes of seed 002's steps 5-9 (mounted at /permohonan-layanan/uji/): exam sessions and
results, a case's products, handover and payment, and their files."""

from django.urls import path

from casework import exam_views as views

urlpatterns = [
    path("", views.exam_sessions, name="casework_exam_sessions"),
    path("<int:pk>/", views.exam_session, name="casework_exam_session"),
    path("<int:pk>/peserta/", views.exam_session_cases_add, name="casework_exam_session_cases_add"),
    path(
        "<int:pk>/peserta/<uuid:public_id>/diuji/",
        views.exam_attend,
        name="casework_exam_attend",
    ),
    path(
        "<int:pk>/peserta/<uuid:public_id>/hasil/",
        views.exam_assess,
        name="casework_exam_assess",
    ),
    path("produk/", views.product_queue, name="casework_product_queue"),
    path("produk/<uuid:public_id>/", views.case_products, name="casework_case_products"),
    path(
        "produk/<uuid:public_id>/sertifikat-lsp/",
        views.external_product_record,
        name="casework_external_product_record",
    ),
    path("produk/<uuid:public_id>/skh/", views.skh_issue, name="casework_skh_issue"),
    path(
        "produk/<uuid:public_id>/penyerahan/",
        views.handover_record,
        name="casework_handover_record",
    ),
    path(
        "produk/<uuid:public_id>/konfirmasi/",
        views.handover_confirm,
        name="casework_handover_confirm",
    ),
    path(
        "produk/<uuid:public_id>/pembayaran/",
        views.payment_record,
        name="casework_payment_record",
    ),
    path(
        "berkas/skh/<uuid:public_id>/",
        views.issued_document_file,
        name="casework_issued_document",
    ),
    path(
        "berkas/skh/<uuid:public_id>/kredensial/",
        views.issued_document_credential,
        name="casework_issued_document_credential",
    ),
    path(
        "berkas/sertifikat-lsp/<uuid:public_id>/",
        views.external_product_scan,
        name="casework_external_product_scan",
    ),
    path(
        "berkas/tanda-terima/<uuid:public_id>/",
        views.handover_receipt,
        name="casework_handover_receipt",
    ),
    path(
        "berkas/bukti-bayar/<uuid:public_id>/",
        views.payment_proof,
        name="casework_payment_proof",
    ),
]
