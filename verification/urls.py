"""URLs of the verification panel, under /verifikasi/."""

from django.urls import path

from verification import account_claim_views, views

urlpatterns = [
    path("", views.queue, name="verification_queue"),
    path("<uuid:public_id>/", views.detail, name="verification_detail"),
    path("<uuid:public_id>/ambil/", views.claim, name="verification_claim"),
    path("<uuid:public_id>/lepas/", views.release, name="verification_release"),
    path("<uuid:public_id>/keputusan/", views.decide, name="verification_decide"),
    # Account claims: the owner of a NIP someone else registered (registration.services).
    path("klaim/", account_claim_views.account_claims, name="verification_account_claims"),
    path(
        "klaim/<uuid:public_id>/",
        account_claim_views.account_claim,
        name="verification_account_claim",
    ),
    path(
        "klaim/<uuid:public_id>/keputusan/",
        account_claim_views.account_claim_decide,
        name="verification_account_claim_decide",
    ),
    path(
        "klaim/<uuid:public_id>/berkas/<uuid:document_id>/",
        account_claim_views.account_claim_file,
        name="verification_account_claim_file",
    ),
]
