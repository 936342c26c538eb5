"""URLs of the scheduling committee's screens, under /penjadwalan/."""

from django.urls import path

from scheduling import staff_views as views

urlpatterns = [
    path("", views.session_list, name="scheduling_sessions"),
    path("sesi/baru/", views.session_create, name="scheduling_session_create"),
    path("sesi/<int:pk>/", views.session_detail, name="scheduling_session"),
    path("sesi/<int:pk>/ubah/", views.session_edit, name="scheduling_session_edit"),
    path("sesi/<int:pk>/status/", views.session_transition, name="scheduling_session_transition"),
    path("sesi/<int:pk>/tempatkan/", views.seat_assign, name="scheduling_seat_assign"),
    path(
        "sesi/<int:pk>/kursi/<int:seat_pk>/pindah/",
        views.seat_move,
        name="scheduling_seat_move",
    ),
    path(
        "sesi/<int:pk>/kursi/<int:seat_pk>/lepas/",
        views.seat_release,
        name="scheduling_seat_release",
    ),
    path("sesi/<int:pk>/kehadiran/", views.attendance_mark, name="scheduling_attendance"),
    # fmt is csv or xlsx (portal.exports.FORMATS); the view answers 404 for anything else.
    path("sesi/<int:pk>/peserta.<str:fmt>", views.roster_export, name="scheduling_roster_export"),
    path(
        "sesi/<int:pk>/daftar-hadir.<str:fmt>",
        views.attendance_export,
        name="scheduling_attendance_export",
    ),
    path("isi-otomatis/", views.autofill, name="scheduling_autofill"),
]
