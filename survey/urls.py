"""URLs of the satisfaction survey, under /survei/. The fixed paths come before the public form
per service, so that no service slug can hide them."""

from django.urls import path

from survey import views

urlpatterns = [
    path("hasil/", views.survey_results, name="survey_results"),
    # fmt is csv or xlsx (portal.exports.FORMATS); the view answers 404 for anything else.
    path("hasil/ikm.<str:fmt>", views.survey_results_export, name="survey_results_export"),
    path("terima-kasih/", views.survey_thanks, name="survey_thanks"),
    path("pengajuan/", views.survey_application, name="survey_application"),
    path("pengaduan/<str:code>/", views.survey_complaint, name="survey_complaint"),
    path("<slug:slug>/", views.survey_public, name="survey_public"),
]
