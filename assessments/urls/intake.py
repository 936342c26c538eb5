"""Routes of the part: intake (the participant list, e-registration, intake sessions and
attendance, the asesi's own pages)."""

from django.urls import path

from assessments.views import asesi, intake

urlpatterns = [
    path(
        "asesi/templat.csv",
        intake.participants_template,
        name="assessments_participants_template",
    ),
    path(
        "permohonan/<uuid:public_id>/asesi/unggah/",
        intake.participants_upload,
        name="assessments_participants_upload",
    ),
    path(
        "permohonan/<uuid:public_id>/asesi/<uuid:participant_id>/hapus/",
        intake.participant_remove,
        name="assessments_participant_remove",
    ),
    path(
        "permohonan/<uuid:public_id>/asesi/undang/",
        intake.invitations_send,
        name="assessments_invitations_send",
    ),
    path(
        "permohonan/<uuid:public_id>/sesi/baru/",
        intake.session_new,
        name="assessments_session_new",
    ),
    path(
        "permohonan/<uuid:public_id>/sesi/<int:pk>/",
        intake.session_edit,
        name="assessments_session_edit",
    ),
    path(
        "permohonan/<uuid:public_id>/sesi/<int:pk>/kehadiran/",
        intake.attendance,
        name="assessments_attendance",
    ),
    path(
        "permohonan/<uuid:public_id>/intake-selesai/",
        intake.intake_held,
        name="assessments_intake_held",
    ),
    # The asesi's own pages and their invitation link.
    path("asesi/", asesi.asesi_home, name="assessments_asesi_home"),
    path("asesi/<uuid:public_id>/drh/", asesi.asesi_cv, name="assessments_asesi_cv"),
    path(
        "asesi/<uuid:public_id>/kuesioner/",
        asesi.asesi_questionnaire,
        name="assessments_asesi_questionnaire",
    ),
    path(
        "undangan/<uidb64>/<token>/",
        asesi.invitation_accept,
        name="assessments_invitation_accept",
    ),
]
