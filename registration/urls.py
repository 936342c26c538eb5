from django.urls import path

from registration import views

urlpatterns = [
    path("cek-nip/", views.nip_check, name="nip_check"),
    path("register/", views.register, name="register"),
    path("register/selesai/", views.register_done, name="register_done"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("profil/", views.profile, name="profile"),
]
