"""URLs of the credentials' public documents, under /api/kredensial/<provider slug>/: machine
documents, answered in JSON whatever is asked (a wrong slug or list is a JSON 404, hence the
any-text converter of certificates.public_urls, which the more specific patterns precede)."""

from django.urls import path

from certificates.credentials import views

urlpatterns = [
    path(
        "api/kredensial/<anytext:provider>/status/<anytext:ordinal>/",
        views.status_list,
        name="credential_status_list",
    ),
    path("api/kredensial/<anytext:provider>/jwks.json", views.jwks, name="credential_jwks"),
    path("api/kredensial/<anytext:provider>/", views.issuer, name="credential_issuer"),
]
