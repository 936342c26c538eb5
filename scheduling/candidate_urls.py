"""URLs of the scheduling app's candidate screens (under /jadwal-ujian/). None carries an id:
the seat and application are always the logged-in candidate's own."""

from django.urls import path

from scheduling import candidate_views, card_views

urlpatterns = [
    path("", candidate_views.exam_schedule, name="exam_schedule"),
    path("pilih/", candidate_views.exam_seat_take, name="exam_seat_take"),
    path("ganti/", candidate_views.exam_seat_move, name="exam_seat_move"),
    path("batalkan/", candidate_views.exam_seat_release, name="exam_seat_release"),
    path("daftar-tunggu/", candidate_views.exam_waitlist_join, name="exam_waitlist_join"),
    path("daftar-tunggu/keluar/", candidate_views.exam_waitlist_leave, name="exam_waitlist_leave"),
    path("daftar-tunggu/terima/", candidate_views.exam_offer_accept, name="exam_offer_accept"),
    path("kartu-ujian/", card_views.exam_card_download, name="exam_card_download"),
]
