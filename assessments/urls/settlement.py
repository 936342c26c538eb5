"""Routes of the part: settlement (invoice and payment, reports, the staff queue)."""

from django.urls import path

from assessments.views import settlement as views

urlpatterns = [
    path(
        "permohonan/<uuid:public_id>/tagihan/",
        views.invoice_issue,
        name="assessments_invoice_issue",
    ),
    path(
        "permohonan/<uuid:public_id>/tagihan.pdf",
        views.invoice_pdf,
        name="assessments_invoice_pdf",
    ),
    path(
        "permohonan/<uuid:public_id>/pembayaran/",
        views.proof_upload,
        name="assessments_proof_upload",
    ),
    path(
        "pembayaran/<uuid:public_id>/berkas/",
        views.proof_file,
        name="assessments_proof_file",
    ),
    path(
        "pembayaran/<uuid:public_id>/konfirmasi/",
        views.proof_confirm,
        name="assessments_proof_confirm",
    ),
    path(
        "pembayaran/<uuid:public_id>/kembalikan/",
        views.proof_return,
        name="assessments_proof_return",
    ),
    path(
        "permohonan/<uuid:public_id>/laporan/tandatangani/",
        views.reports_sign_all,
        name="assessments_reports_sign_all",
    ),
    path(
        "permohonan/<uuid:public_id>/laporan/<str:kind>/",
        views.report_new,
        name="assessments_report_new",
    ),
    path(
        "laporan/<uuid:public_id>/tandatangani/",
        views.report_sign,
        name="assessments_report_sign",
    ),
    path(
        "laporan/<uuid:public_id>/berkas/",
        views.report_file,
        name="assessments_report_file",
    ),
    path("petugas/", views.staff_queue_page, name="assessments_staff_queue"),
]
