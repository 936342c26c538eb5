"""The demo's objections (keberatan) and waiting list, made through their own workflows after
librarian_exam has walked its candidates: an open objection to the rejected candidate's
rejection (in the verifiers' objection queue), an objection to the failed candidate's result
answered by the head of panel, and a verified candidate waiting for a seat with one offered.
Each is made once: running seed_demo again adds nothing."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from composition.demo.librarian_exam import (
    ASSESSOR,
    SCHEDULER,
    STAGES,
    VERIFIER,
    candidate_password,
    demo_candidate,
    verified_application,
)
from objections.demo import objection_demo
from objections.models import Objection
from portal.catalogue import service_get_by_flow
from portal.constants import OnlineFlow
from registration.models import Application
from scheduling.constants import SessionStatus
from scheduling.demo import waiting_list_demo
from scheduling.models import ExamSession, WaitlistEntry

# A registry row of data/demo/pustakawan.csv no other demo uses.
WAITING_NIP = "197203051998121001"
WAITING_LABEL = "Peserta — daftar tunggu, kursi ditawarkan"


def _stage_application(key: str) -> Application | None:
    nip = dict((stage, nip) for stage, nip, _label in STAGES)[key]
    return (
        Application.objects.filter(candidate__username=nip)
        .select_related("service", "candidate")
        .order_by("-created_at")
        .first()
    )


def objection_seed() -> list[tuple[str, str, str, str]]:
    """The rejected candidate objects (left open for the verifiers); the failed candidate's
    objection to their result is answered, refused with the panel's reasons. No new accounts:
    the rows of those candidates are already in the printed table."""
    User = get_user_model()
    rejected, failed = _stage_application("rejected"), _stage_application("failed")
    if rejected and not Objection.objects.filter(application=rejected).exists():
        objection_demo(
            application=rejected,
            reason=(
                "Masa kerja saya pada jenjang Ahli Muda sudah empat tahun menurut SK terlampir; "
                "mohon pengajuan diperiksa kembali (data demo)."
            ),
        )
    if failed and not Objection.objects.filter(application=failed).exists():
        objection_demo(
            application=failed,
            reason=(
                "Koneksi internet saya terputus dua kali saat uji praktik; mohon penilaian unit "
                "itu ditinjau kembali (data demo)."
            ),
            answered_by=User.objects.get(username=ASSESSOR),
            answer=(
                "Rekaman sesi menunjukkan seluruh unit selesai dikerjakan; nilai tetap. Anda "
                "dapat mengajukan uji kompetensi kembali (data demo)."
            ),
        )
    return []


def waiting_list_seed() -> list[tuple[str, str, str, str]]:
    """A verified candidate joins the waiting list of the full open session and is offered the
    seat the committee adds (scheduling.demo). The open session is then full for the others,
    as it would be: the verified candidate of librarian_exam sees the cards and may join the
    list behind them."""
    User = get_user_model()
    user = demo_candidate(WAITING_NIP)
    row = [(WAITING_LABEL, "-", user.username, candidate_password(user.username))]
    if WaitlistEntry.objects.filter(application__candidate=user).exists():
        return row
    service = service_get_by_flow(flow=OnlineFlow.CANDIDATE_APPLICATION)
    session = (
        ExamSession.objects.filter(service=service, status=SessionStatus.OPEN)
        .filter(booking_closes_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )
    if session is None:
        return row
    staff = {
        username: User.objects.get(username=username)
        for username in (VERIFIER, SCHEDULER, ASSESSOR)
    }
    application = Application.objects.filter(candidate=user, service=service).first()
    if application is None:
        application = verified_application(user, service, staff)
    waiting_list_demo(session=session, seated=[], waiting=[application], scheduler=staff[SCHEDULER])
    return row
