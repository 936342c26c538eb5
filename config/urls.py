"""URL configuration of the portal."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from portal import views

# The admin's own login form signs in with the password alone, skipping the second factor: send
# visitors to allauth's login instead (and refuse signed-in users who are not staff).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include("composition.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/signup/", RedirectView.as_view(pattern_name="register", permanent=False)),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("verifikasi/", include("verification.urls")),
    path("penjadwalan/", include("scheduling.staff_urls")),
    path("penilaian/", include("scheduling.result_urls")),
    path("jadwal-ujian/", include("scheduling.candidate_urls")),
    path("kartu-ujian/", include("scheduling.card_public_urls")),
    path("sertifikat/staf/", include("certificates.staff_urls")),
    path("sertifikat/", include("certificates.candidate_urls")),
    path("", include("certificates.public_urls")),
    path("", include("portal.credentials.urls")),
    path("pengaduan/staf/", include("complaints.staff_urls")),
    path("pengaduan/laporan/", include("complaints.report_urls")),
    path("survei/", include("survey.urls")),
    path("data-terbuka/", include("opendata.urls")),
    path("layanan/", include("composition.standard_urls")),
    path("permohonan-layanan/", include("casework.urls")),
    path("penilaian-kompetensi/", include("assessments.urls")),
    path("laporan-ip-asn/", include("ipasn.urls")),
    path("keberatan/", include("objections.urls")),
    path("", include("integrations.urls")),
    path("", include("complaints.public_urls")),
    path("", include("registration.urls")),
]

# A body over the upload limits (RequestDataTooBig) is answered 413, not 400.
handler400 = "portal.limits.bad_request"

admin.site.site_header = "Portal Layanan Kompetensi ASN"
admin.site.site_title = "Admin Portal Kompetensi ASN"
admin.site.index_title = "Konfigurasi"
