"""The Perangkat Daerah's pages of the IP-ASN report, under /laporan-ip-asn/ (route names start
with "ipasn_"; the project names routes without namespaces)."""

from django.urls import path

from ipasn.views import files, operator

REPORT = "<uuid:public_id>/"

urlpatterns = [
    path("", operator.home, name="ipasn_home"),
    path(
        "templat-rekapitulasi.xlsx",
        operator.recap_template_download,
        name="ipasn_template",
    ),
    path("baru/", operator.create, name="ipasn_create"),
    path(REPORT, operator.report_detail, name="ipasn_report"),
    path(f"{REPORT}surat/", operator.letter_attach, name="ipasn_report_letter"),
    path(f"{REPORT}rekapitulasi/", operator.recap_attach, name="ipasn_report_recap"),
    path(f"{REPORT}sampaikan/", operator.submit, name="ipasn_report_submit"),
    path(f"{REPORT}tarik/", operator.withdraw, name="ipasn_report_withdraw"),
    path(f"{REPORT}berkas/<slug:kind>/", files.report_file, name="ipasn_file"),
]
