"""URLs of the pages that show several apps at once (the standard pages are in standard_urls)."""

from django.urls import path

from composition import views

urlpatterns = [
    path("", views.home, name="home"),
    path("staf/", views.staff_home, name="staff_home"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
