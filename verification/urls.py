"""URLs of the verification panel, under /verifikasi/."""

from django.urls import path

from verification import views

urlpatterns = [
    path("", views.queue, name="verification_queue"),
    path("<uuid:public_id>/", views.detail, name="verification_detail"),
    path("<uuid:public_id>/ambil/", views.claim, name="verification_claim"),
    path("<uuid:public_id>/lepas/", views.release, name="verification_release"),
    path(
        "<uuid:public_id>/berkas/<uuid:document_id>/",
        views.review,
        name="verification_review",
    ),
    path("<uuid:public_id>/keputusan/", views.decide, name="verification_decide"),
]
