"""BKPSDM's officials' pages of the IP-ASN report (/laporan-ip-asn/petugas/)."""

from django.urls import path

from ipasn.views import staff as views

urlpatterns = [
    path("", views.queue, name="ipasn_staff_queue"),
    path("semua/", views.overview, name="ipasn_staff_reports"),
    path("rekap-badan/", views.agency, name="ipasn_agency"),
    path("rekap-badan/<uuid:public_id>/<slug:kind>/", views.agency_file, name="ipasn_agency_file"),
    path("<uuid:public_id>/", views.report_page, name="ipasn_staff_report"),
    path("<uuid:public_id>/teruskan/", views.forward, name="ipasn_staff_forward"),
    path("<uuid:public_id>/proses/", views.process, name="ipasn_staff_process"),
    path("<uuid:public_id>/kembalikan/", views.return_, name="ipasn_staff_return"),
    path("<uuid:public_id>/unggah-bkn/", views.upload, name="ipasn_staff_upload"),
    path("<uuid:public_id>/buat-laporan/", views.laporan_make, name="ipasn_staff_laporan"),
    path("<uuid:public_id>/tandatangani/", views.sign, name="ipasn_staff_sign"),
]
