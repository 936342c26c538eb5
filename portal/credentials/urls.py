"""URLs of the credentials' public documents, under /api/kredensial/<provider slug>/ (the path
of the provider's did:web): machine
documents, answered in JSON whatever is asked (a wrong slug or list is a JSON 404, hence the
any-text groups, which the more specific patterns precede)."""

from django.urls import re_path

from portal.credentials import views

ANY = r"[\s\S]+"

urlpatterns = [
    re_path(
        rf"^api/kredensial/(?P<provider>{ANY})/status/(?P<ordinal>{ANY})/\Z",
        views.status_list,
        name="credential_status_list",
    ),
    re_path(
        rf"^api/kredensial/(?P<provider>{ANY})/jwks\.json\Z", views.jwks, name="credential_jwks"
    ),
    # The provider's did:web DID document (portal.credentials.issuer.did_web).
    re_path(
        rf"^api/kredensial/(?P<provider>{ANY})/did\.json\Z",
        views.did_document,
        name="credential_did",
    ),
    re_path(rf"^api/kredensial/(?P<provider>{ANY})/\Z", views.issuer, name="credential_issuer"),
]
