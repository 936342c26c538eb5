"""URLs of the scheduling app's result screens."""

from django.urls import path

from scheduling import result_views

urlpatterns = [
    path("", result_views.sessions, name="results_sessions"),
    path("sesi/<int:pk>/", result_views.session, name="results_session"),
    path("sesi/<int:pk>/kursi/<int:seat_id>/", result_views.record, name="results_record"),
    path("sesi/<int:pk>/umumkan/", result_views.publish, name="results_publish"),
    path(
        "sesi/<int:pk>/hasil.<str:fmt>",
        result_views.session_export,
        name="results_session_export",
    ),
    path("hasil/<int:result_id>/ralat/", result_views.amend, name="results_amend"),
    path("rekap/", result_views.period_export, name="results_period_export"),
]
