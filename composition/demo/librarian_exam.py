"""Librarian-exam candidates at every stage, for `make run`: one account per stage, each walked
there through the services a real candidate and the real staff would use (registration,
verification, scheduling, results, certificates), so that their events, timelines, due dates
and e-mails are the ones the portal writes itself.

Only the accounts are made directly, as seed_demo makes its other accounts: registering through
the e-mailed link would give them random passwords, and the demo publishes its passwords.

Each candidate is seeded once: a candidate who already has an application is left as it is,
so running `seed_demo` again adds nothing. The candidates with a published result share one
exam session that has already taken place; the demo cannot wait for the session's day, so that
session is booked while it is still ahead and then moved to last week, as if the days had
passed, before the attendance, the results and the certificates are recorded."""

import io
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from certificates import services as certificates
from certificates.documents import certificate_pdf_store
from certificates.models import Certificate
from portal.catalogue import service_get_by_flow
from portal.constants import OnlineFlow
from portal.signing import SigningKeyMissing
from registration import services as registration
from registration.constants import ApplicationStatus, ExamPurpose, Verdict
from registration.models import Application, Document, Level, Librarian
from scheduling import results
from scheduling import services as scheduling
from scheduling.constants import Attendance, Outcome, SessionMode, SessionStatus
from scheduling.models import ExamSession, Seat
from verification import services as verification
from verification.models import RevisionReason

# Stage key, NIP (a registry row of data/demo/pustakawan.csv), what the account shows (the
# printed table's label). The NIPs are no other demo's (TRY_NIP, the seed 002 employees).
STAGES = [
    ("draft", "199201272018032011", "Peserta — draf, berkas sebagian diunggah"),
    ("submitted", "199103022017032006", "Peserta — menunggu verifikasi"),
    ("returned", "199706112021061012", "Peserta — berkas dikembalikan"),
    ("verified", "199402162020122016", "Peserta — terverifikasi, memilih sesi"),
    ("seated", "198903262013121018", "Peserta — terjadwal di sesi mendatang"),
    ("data_check", "198111032008031007", "Peserta — lulus, konfirmasi data sertifikat"),
    ("signed", "198805192014031009", "Peserta — lulus, sertifikat ditandatangani"),
    ("shipped", "198504032011011015", "Peserta — lulus, sertifikat dikirim"),
    ("failed", "198601112012122031", "Peserta — tidak lulus (hasil diumumkan)"),
    ("rejected", "199108142015061027", "Peserta — pengajuan ditolak"),
]
# The candidates whose result is published in the past session.
SAT = ("data_check", "signed", "shipped", "failed")
# Staff accounts seed_demo makes (DEMO_ACCOUNTS) who act on the candidates.
VERIFIER, SCHEDULER, ASSESSOR = "verifikator", "penjadwal", "asesor"
OFFICER, SIGNER = "petugas-sertifikat", "penandatangan"

RETURN_NOTE = "Pindaian buram pada bagian tanda tangan; unggah ulang dengan resolusi lebih tinggi."
REJECT_NOTE = "Masa kerja pada jenjang saat ini belum memenuhi syarat kenaikan jenjang (data demo)."


class DemoStageError(RuntimeError):
    """A service refused a step of the demo: the demo data no longer matches the rules."""


def candidate_password(username: str) -> str:
    return f"demo-{username}-2026"


def librarian_exam_seed(*, stdout=None) -> list[tuple[str, str, str, str]]:
    """Make (once) every stage's candidate: rows (label, provider, account, password) for
    seed_demo's printed table."""
    User = get_user_model()
    service = service_get_by_flow(flow=OnlineFlow.CANDIDATE_APPLICATION)
    staff = {
        username: User.objects.get(username=username)
        for username in (VERIFIER, SCHEDULER, ASSESSOR, OFFICER, SIGNER)
    }
    candidates = {key: demo_candidate(nip) for key, nip, _label in STAGES}
    fresh = {
        key
        for key, user in candidates.items()
        if not Application.objects.filter(candidate=user, service=service).exists()
    }
    walk = {
        "draft": _draft,
        "submitted": _submitted,
        "returned": _returned,
        "verified": _verified,
        "rejected": _rejected,
        "seated": _seated,
    }
    for key, step in walk.items():
        if key in fresh:
            step(candidates[key], service, staff)
    if fresh.issuperset(SAT):
        _sat(candidates, service, staff, stdout=stdout)
    rows = []
    for key, _nip, label in STAGES:
        user = candidates[key]
        rows.append((label, "-", user.username, candidate_password(user.username)))
    return rows


# Accounts and applications -------------------------------------------------------------------


def demo_candidate(nip: str):
    """The registry's librarian as a registered candidate with a profile, made once. Unlike
    the staff accounts, an existing candidate is left as it is, password included: hashing ten
    passwords again on every `make run` costs seconds, and their state is kept anyway."""
    User = get_user_model()
    librarian = Librarian.objects.get(nip=nip)
    user, created = User.objects.get_or_create(username=nip, defaults={"nip": nip})
    if created:
        user.email = f"{nip}@demo.portal.test"
        user.must_change_password = False
        user.first_name = librarian.name
        user.set_password(candidate_password(nip))
        user.save()
        name, _sep, suffix = librarian.name.partition(", ")
        # Birth date and sex are the NIP's: profile_save takes them from it.
        registration.profile_save(
            user=user,
            data={
                "name": name,
                "title_suffix": suffix,
                "birth_place": "Jakarta",
                "rank": librarian.rank,
                "position": librarian.level.name,
                "level": librarian.level,
                "work_unit": librarian.work_unit,
                "institution": librarian.institution,
                "whatsapp": "081234567890",
                "mailing_address": f"{librarian.work_unit}, {librarian.institution}",
                "postal_code": "10110",
            },
        )
    return user


def _application(user, service, *, upload: int | None = None) -> Application:
    """A promotion to the next level, with the first `upload` documents (all when None)."""
    librarian = Librarian.objects.select_related("level").get(nip=user.nip)
    current = librarian.level
    target = Level.objects.get(category=current.category, order=current.order + 1)
    application = registration.application_create(
        candidate=user,
        service=service,
        purpose=ExamPurpose.PROMOTION,
        current_level=current,
        target_level=target,
    )
    requirements = list(service.requirements.order_by("order", "pk"))
    for requirement in requirements[:upload]:
        registration.document_upload(
            application=application,
            requirement=requirement,
            file=_file_for(requirement),
            actor=user,
        )
    return application


def _file_for(requirement) -> SimpleUploadedFile:
    """The photo, a card photographed (the KTP and the employee card may be JPEG, as most
    candidates send them), or a one-page PDF. Each PDF upload is checked in a child process
    (portal.uploads), the slowest part of the demo: a JPEG where one is accepted keeps
    `make run` quick."""
    if requirement.is_photo:
        return SimpleUploadedFile("pasfoto.jpg", _photo(), content_type="image/jpeg")
    if "jpeg" in requirement.accepted_kinds:
        return SimpleUploadedFile(f"{requirement.code}.jpg", _card(), content_type="image/jpeg")
    return SimpleUploadedFile(f"{requirement.code}.pdf", _pdf(), content_type="application/pdf")


def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _card() -> bytes:
    """A photographed identity card: a light card with a photo box."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (856, 540), (236, 240, 245))
    ImageDraw.Draw(image).rectangle((620, 120, 800, 360), fill=(40, 90, 200))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return buffer.getvalue()


def _photo() -> bytes:
    """A passport-style photo: a blue background and a skin-toned face."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 800), (40, 90, 200))
    ImageDraw.Draw(image).ellipse((150, 160, 450, 520), fill=(224, 172, 105))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return buffer.getvalue()


def _submitted_application(user, service) -> Application:
    application = _application(user, service)
    return registration.application_submit(application=application, actor=user, declared=True)


def _review_all(application, verifier, *, returned: int | None = None) -> None:
    """The verifier takes the application and rules on each document: all valid, or the
    document of requirement `returned` needing revision with a reason."""
    verification.application_claim(application=application, verifier=verifier)
    documents = Document.objects.filter(application=application, is_current=True).select_related(
        "requirement"
    )
    for document in documents.order_by("requirement__order", "requirement__pk"):
        if document.requirement_id == returned:
            verification.document_review(
                document=document,
                verifier=verifier,
                verdict=Verdict.NEEDS_REVISION,
                reason=RevisionReason.objects.order_by("order").first(),
                note=RETURN_NOTE,
            )
        else:
            verification.document_review(
                document=document, verifier=verifier, verdict=Verdict.VALID
            )


def verified_application(user, service, staff) -> Application:
    application = _submitted_application(user, service)
    _review_all(application, staff[VERIFIER])
    return verification.application_decide(
        application=application, verifier=staff[VERIFIER], decision=ApplicationStatus.VERIFIED
    )


# One function per stage ----------------------------------------------------------------------


def _draft(user, service, staff) -> None:
    _application(user, service, upload=3)


def _submitted(user, service, staff) -> None:
    _submitted_application(user, service)


def _returned(user, service, staff) -> None:
    application = _submitted_application(user, service)
    requirement = (
        service.requirements.filter(is_photo=False).order_by("order", "pk").values("pk").first()
    )
    _review_all(application, staff[VERIFIER], returned=requirement["pk"])
    verification.application_decide(
        application=application,
        verifier=staff[VERIFIER],
        decision=ApplicationStatus.RETURNED,
        note="Satu berkas perlu diperbaiki; lihat alasannya pada daftar berkas.",
    )


def _verified(user, service, staff) -> None:
    verified_application(user, service, staff)


def _rejected(user, service, staff) -> None:
    application = _submitted_application(user, service)
    verification.application_claim(application=application, verifier=staff[VERIFIER])
    verification.application_decide(
        application=application,
        verifier=staff[VERIFIER],
        decision=ApplicationStatus.REJECTED,
        note=REJECT_NOTE,
    )


def _seated(user, service, staff) -> None:
    """Booked by the candidate in the session open for booking (seed_demo's _sessions)."""
    application = verified_application(user, service, staff)
    session = (
        ExamSession.objects.filter(
            service=service, status=SessionStatus.OPEN, starts_at__gt=timezone.now()
        )
        .order_by("starts_at")
        .first()
    )
    if session is None:
        raise DemoStageError("Tidak ada sesi uji yang dibuka untuk pemesanan.")
    scheduling.seat_take(session=session, application=application, actor=user)


def _sat(candidates, service, staff, *, stdout=None) -> None:
    """The candidates of the past session: seated by the committee, marked present, their
    results recorded and published by the head of panel (a pass opens the certificate), then
    each pass's certificate walked to its stage."""
    applications = {key: verified_application(candidates[key], service, staff) for key in SAT}
    session = _past_session(service, staff, applications)
    seats = Seat.objects.filter(session=session, is_active=True).select_related("application")
    for seat in seats:
        scheduling.seat_attendance_mark(
            seat=seat, attendance=Attendance.PRESENT, actor=staff[ASSESSOR]
        )
        failed = seat.application_id == applications["failed"].pk
        results.result_record(
            seat=seat,
            actor=staff[ASSESSOR],
            outcome=Outcome.FAILED if failed else Outcome.PASSED,
            score=58 if failed else 82,
            notes="Data demo.",
        )
    results.result_publish(session=session, actor=staff[ASSESSOR])
    _certificates(candidates, applications, staff, stdout=stdout)


def _past_session(service, staff, applications) -> ExamSession:
    """A session booked while ahead, then moved to last week (see the module's docstring) and
    closed for booking by the committee."""
    assessor = staff[ASSESSOR]
    starts_at = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=7), time(9))
    )
    with transaction.atomic():
        session = ExamSession.objects.create(
            service=service,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=3),
            mode=SessionMode.ONLINE,
            platform="Zoom Meeting",
            meeting_link="https://zoom.example.test/j/8123450000",
            capacity=20,
            booking_opens_at=timezone.now(),
            booking_closes_at=starts_at - timedelta(days=2),
            status=SessionStatus.OPEN,
            head_assessor=assessor,
        )
        session.assessors.add(assessor)
    for application in applications.values():
        scheduling.seat_take(session=session, application=application, actor=staff[SCHEDULER])
    scheduling.session_transition(session=session, to=SessionStatus.CLOSED, actor=staff[SCHEDULER])
    # The days pass: the session took place last week.
    shift = timedelta(days=14)
    ExamSession.objects.filter(pk=session.pk).update(
        starts_at=session.starts_at - shift,
        ends_at=session.ends_at - shift,
        booking_opens_at=session.booking_opens_at - shift,
        booking_closes_at=session.booking_closes_at - shift,
    )
    session.refresh_from_db()
    return session


def _certificates(candidates, applications, staff, *, stdout=None) -> None:
    """data_check waits for the candidate; signed is confirmed, validated, numbered and
    signed; shipped is also legalised and sent. The signed PDFs are rendered by the task (in
    process under `make run`); without a signing key they wait, and so does the legalisation."""

    def certificate(key):
        return Certificate.objects.get(application=applications[key])

    def batch(action, certificates_, actor):
        outcome = action(certificates=certificates_, actor=actor)
        if outcome.refused:
            raise DemoStageError("; ".join(reason for _c, reason in outcome.refused))

    moving = ("signed", "shipped")
    for key in moving:
        certificates.certificate_confirm(certificate=certificate(key), actor=candidates[key])
    batch(certificates.certificate_validate, [certificate(k) for k in moving], staff[OFFICER])
    batch(certificates.certificate_issue, [certificate(k) for k in moving], staff[OFFICER])
    batch(certificates.certificate_sign, [certificate(k) for k in moving], staff[SIGNER])
    shipped = certificate("shipped")
    try:
        # Legalising needs the signed PDF: rendered in process under `make run` already (the
        # store function then returns at once); with a worker it may not have run yet.
        certificate_pdf_store(certificate_id=shipped.pk)
    except SigningKeyMissing as exc:
        if stdout is not None:
            stdout.write(f"Sertifikat demo menunggu PDF bertanda tangan: {exc}")
        return
    outcome = certificates.certificate_legalise(certificates=[shipped], actor=staff[OFFICER])
    if outcome.refused:
        if stdout is not None:
            stdout.write(
                "Sertifikat demo menunggu legalisasi: " + "; ".join(r for _c, r in outcome.refused)
            )
        return
    certificates.certificate_ship(
        certificate=certificate("shipped"),
        actor=staff[OFFICER],
        courier="Pos Indonesia",
        tracking_number="P2612050001DEMO",
        sent_on=timezone.localdate(),
    )
