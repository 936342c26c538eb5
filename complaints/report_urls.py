"""URLs of the complaint report, under /pengaduan/laporan/: the public figures and the team's
page with its downloads."""

from django.urls import path

from complaints import report_views

urlpatterns = [
    path("", report_views.complaint_report_public, name="complaint_report_public"),
    path("unduh.pdf", report_views.complaint_report_public_pdf, name="complaint_report_public_pdf"),
    path("staf/", report_views.complaint_report_staff, name="complaint_report_staff"),
    path(
        "staf/unduh/<str:fmt>/",
        report_views.complaint_report_staff_download,
        name="complaint_report_staff_download",
    ),
]
