"""URLs of the certificates app's public pages: verification by number and its JSON API.
Numbers contain slashes (UKP/2026/000123), hence a converter that takes any text."""

from django.urls import path, register_converter
from django.urls.converters import PathConverter

from certificates import public_views


class AnyTextConverter(PathConverter):
    """Any text, line breaks included (<path:> stops at them): whatever is asked is looked up
    and answered, "unknown" if need be, never with the portal's HTML 404."""

    regex = r"[\s\S]+"


register_converter(AnyTextConverter, "anytext")

urlpatterns = [
    path("certificates/verify/", public_views.verify_form, name="certificate_verify_form"),
    path("certificates/verify/<anytext:number>/", public_views.verify, name="certificate_verify"),
    path(
        "api/certificates/<anytext:number>/", public_views.api_certificate, name="api_certificate"
    ),
    path("api/schema/", public_views.api_schema, name="api_schema"),
]
