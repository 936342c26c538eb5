"""URLs of the certificates app's staff pages, under /sertifikat/staf/."""

from django.urls import path

from certificates import bulk_views, staff_views

urlpatterns = [
    path("", staff_views.queue, name="certificates_queue"),
    path("proses/", staff_views.batch, name="certificates_batch"),
    path("zip/", bulk_views.bulk_request, name="certificates_bulk_request"),
    path("zip/<uuid:public_id>/", bulk_views.bulk_progress, name="certificates_bulk_progress"),
    path("zip/<uuid:public_id>/status/", bulk_views.bulk_status, name="certificates_bulk_status"),
    path(
        "zip/<uuid:public_id>/unduh/", bulk_views.bulk_download, name="certificates_bulk_download"
    ),
    path("<uuid:public_id>/", staff_views.detail, name="certificates_detail"),
    path("<uuid:public_id>/data/", staff_views.data_update, name="certificates_data_update"),
    path("<uuid:public_id>/disposisi/", staff_views.dispose, name="certificates_dispose"),
    path("<uuid:public_id>/kirim/", staff_views.ship, name="certificates_ship"),
    path("<uuid:public_id>/diterima/", staff_views.deliver, name="certificates_deliver"),
    path("<uuid:public_id>/unduh/<str:kind>/", staff_views.download, name="certificates_download"),
    path("<uuid:public_id>/<str:action>/", staff_views.act, name="certificates_act"),
]
