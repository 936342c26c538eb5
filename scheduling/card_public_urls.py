"""The public check of an exam card (the target of its QR code), under /kartu-ujian/."""

from django.urls import path

from scheduling import card_views

urlpatterns = [
    path("cek/<str:token>/", card_views.exam_card_check, name="exam_card_check"),
]
