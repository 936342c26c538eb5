"""/laporan-ip-asn/: the Perangkat Daerah's pages (operator) and BKPSDM's officials' pages
(petugas/)."""

from django.urls import include, path

urlpatterns = [
    path("petugas/", include("ipasn.urls.staff")),
    path("", include("ipasn.urls.operator")),
]
