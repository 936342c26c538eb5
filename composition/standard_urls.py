"""URLs of the public service standard pages, under /layanan/."""

from django.urls import path

from composition import standard_views

urlpatterns = [
    path("", standard_views.service_standards, name="service_standards"),
    path("<slug:slug>/", standard_views.service_standard, name="service_standard"),
]
