"""The exam card (kartu ujian): a one-page PDF the candidate shows at the exam, and the public
check that its QR code opens.

The card carries a check token: the application's id and its session's id, signed with the
portal's secret (django.core.signing, its own salt). Nobody can make a token for a seat that is
not theirs, and a card printed before the seat moved to another session, or was given back, is
told apart from the card of today. The card prints nothing of the seat row itself, so it can be
rendered before the seat exists: scheduling.services warms the cache before it takes the
session's lock, and the render never holds up the other candidates booking that session.
The check page answers only what a proctor at the door needs: a masked name and NIP, the
service and the session, and whether the seat is valid for it.

The PDF is rendered with WeasyPrint from templates/scheduling/pdf/exam_card.html, fetching
nothing (photo and QR code are data URIs). It is not stored: it follows the seat and its
session, which change. Rendering is the slow part, so the PDF is cached under a hash of the
HTML it comes from: any change of seat, session, name or photo makes a new key, and an
unchanged card (the download after the seat mail) is served from the cache."""

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from portal.pdf import qr_data_uri, render_pdf
from registration.models import Application
from registration.nip import format_nip
from registration.photos import application_photo_data_uri
from registration.selectors import applicant_name
from scheduling.candidate_selectors import LINK_VISIBLE_MINUTES, exam_preparation
from scheduling.constants import SessionMode, SessionStatus
from scheduling.models import ExamSession, Seat

logger = logging.getLogger(__name__)

SALT = "scheduling.exam_card"
FILENAME = "kartu-ujian.pdf"
CACHE_SECONDS = 7 * 24 * 3600
EN_DASH = "\u2013"  # between times, as the seat mail prints them
PHOTO_PIXELS = (236, 315)  # 3 x 4 cm at 200 dpi: enough for a card, small in the mail


# --- The check token --------------------------------------------------------------------------


def card_token(*, application: Application, session: ExamSession) -> str:
    """The token of the application's card for a session, e.g. "41.7:Xb3...": short enough for
    a small QR code, and worthless without the portal's secret."""
    return signing.Signer(salt=SALT).sign(f"{application.pk}.{session.pk}")


def card_check_url(*, application: Application, session: ExamSession) -> str:
    path = reverse(
        "exam_card_check", kwargs={"token": card_token(application=application, session=session)}
    )
    return f"{settings.PORTAL_BASE_URL}{path}"


@dataclass(frozen=True)
class CardCheck:
    """The public answer for a token. status: "valid", "moved" (the seat is now in another
    session), "cancelled" (the session was cancelled), "inactive" (the seat was given back or
    closed) or "unknown" (not a token of ours). The rest is filled for a seat that exists."""

    status: str
    name: str = ""
    nip: str = ""
    service: str = ""
    session: ExamSession | None = None
    when: str = ""

    @property
    def valid(self) -> bool:
        return self.status == "valid"


def mask_name(name: str) -> str:
    """ "Dra. Rina Wulandari, S.I.Pust." -> "Rina W.": titles dropped, the first word and the
    initials of the others, enough to match the card and the person in front of the proctor."""
    words = name.split(",")[0].split()
    while len(words) > 1 and words[0].endswith("."):  # a title before the name
        words = words[1:]
    if not words:
        return ""
    return " ".join([words[0], *(f"{word[0]}." for word in words[1:])])


def mask_nip(nip: str) -> str:
    """Only the last four digits: the card in the proctor's hand shows the whole NIP."""
    return "•" * max(len(nip) - 4, 0) + nip[-4:] if nip else ""


def card_check(token: str) -> CardCheck:
    """What the check page tells about a token (a bad signature answers as an unknown seat)."""
    try:
        value = signing.Signer(salt=SALT).unsign(token)
        application_id, session_id = (int(part) for part in value.split("."))
    except (signing.BadSignature, ValueError):
        return CardCheck("unknown")
    seat = (
        Seat.objects.select_related(
            "session__service", "application__snapshot", "application__candidate"
        )
        .filter(application_id=application_id, is_active=True)
        .first()
    )
    if seat is None:  # given back (the row is deleted), or closed after an absence
        return CardCheck("inactive")
    application = seat.application
    if seat.session_id != session_id:
        status = "moved"
    elif seat.session.status == SessionStatus.CANCELLED:
        status = "cancelled"
    else:
        status = "valid"
    return CardCheck(
        status=status,
        name=mask_name(applicant_name(application)),
        nip=mask_nip(application.candidate.nip or ""),
        service=seat.session.service.name,
        session=seat.session,
        when=session_when(seat.session),
    )


# --- Rendering --------------------------------------------------------------------------------


def session_when(session: ExamSession) -> str:
    """ "Senin, 14 Desember 2026, 09.00-12.00 WIB" with an en dash (the zone: Asia/Jakarta)."""
    starts = timezone.localtime(session.starts_at)
    ends = timezone.localtime(session.ends_at)
    day = date_format(starts, "l, j F Y, H.i")
    if ends.date() == starts.date():
        return f"{day}{EN_DASH}{date_format(ends, 'H.i')} WIB"
    return f"{day} WIB {EN_DASH} {date_format(ends, 'l, j F Y, H.i')} WIB"


def exam_card_html(*, application: Application, session: ExamSession) -> str:
    """The card as HTML, in Indonesian whatever the language of the request (it is shown to
    the committee's proctors)."""
    service = session.service
    url = card_check_url(application=application, session=session)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "issuer": service.provider.issuer,
            "provider": service.provider,
            "service": service.name,
            "name": applicant_name(application),
            "nip": format_nip(application.candidate.nip or ""),
            "reference": getattr(application, "reference", ""),
            "photo": application_photo_data_uri(application, pixels=PHOTO_PIXELS, quality=85),
            "session": session,
            "when": session_when(session),
            "online": session.mode == SessionMode.ONLINE,
            "link_minutes": LINK_VISIBLE_MINUTES,
            "preparation": exam_preparation(session),
            "check_url": url,
            "qr": qr_data_uri(url),
        }
        return render_to_string("scheduling/pdf/exam_card.html", context)


def exam_card_pdf(*, application: Application, session: ExamSession) -> bytes:
    """The card of the application's seat in the session as PDF bytes, from the cache when
    nothing on it changed."""
    html = exam_card_html(application=application, session=session)
    key = "exam-card:" + hashlib.sha256(html.encode()).hexdigest()
    content = cache.get(key)
    if content is None:
        content = render_pdf(html)
        cache.set(key, content, CACHE_SECONDS)
    return content


def exam_card_seat(application: Application) -> Seat | None:
    """The application's active seat with what its card prints, loaded in one query."""
    return (
        Seat.objects.select_related(
            "session__service__provider",
            "application__snapshot",
            "application__candidate",
        )
        .filter(application=application, is_active=True)
        .first()
    )


def exam_card_attachment(*, application: Application) -> tuple[str, bytes, str] | None:
    """The card as a mail attachment (filename, bytes, type) for the application's active
    seat; None when it holds none."""
    seat = exam_card_seat(application)
    if seat is None:
        return None
    return (
        FILENAME,
        exam_card_pdf(application=seat.application, session=seat.session),
        ("application/pdf"),
    )


def exam_card_warm(*, application: Application, session: ExamSession) -> None:
    """Render the card a seat in the session would get, into the cache, before the booking
    takes the session's lock (the seat mail then finds it there). Never fails the booking: a
    card that cannot be rendered now is rendered, or fails, with the mail."""
    try:
        current = (
            Application.objects.select_related("snapshot", "candidate")
            .filter(pk=application.pk)
            .first()
        )
        fresh = (
            ExamSession.objects.select_related("service__provider").filter(pk=session.pk).first()
        )
        if current is not None and fresh is not None:
            exam_card_pdf(application=current, session=fresh)
    except Exception:  # the mail renders it again and reports what is wrong
        logger.warning("Exam card not rendered ahead of the booking", exc_info=True)
