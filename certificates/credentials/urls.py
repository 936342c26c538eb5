"""URLs of the credentials' public documents, under /kredensial/<provider slug>/."""

from django.urls import path

from certificates.credentials import views

urlpatterns = [
    path("kredensial/<slug:provider>/", views.issuer, name="credential_issuer"),
    path("kredensial/<slug:provider>/jwks.json", views.jwks, name="credential_jwks"),
    path(
        "kredensial/<slug:provider>/status/<int:ordinal>/",
        views.status_list,
        name="credential_status_list",
    ),
]
