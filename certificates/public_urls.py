"""URLs of the certificates app's public pages: verification by number and its JSON API.
Numbers contain slashes (UKP/2026/000123), hence <path:number>."""

from django.urls import path

from certificates import public_views

urlpatterns = [
    path("certificates/verify/", public_views.verify_form, name="certificate_verify_form"),
    path("certificates/verify/<path:number>/", public_views.verify, name="certificate_verify"),
    path("api/certificates/<path:number>/", public_views.api_certificate, name="api_certificate"),
    path("api/schema/", public_views.api_schema, name="api_schema"),
]
