"""Calendar invitations (.ics) for exam seats, sent with every seat change.

One UID per application: moving to another session is an update of the same invitation, and
giving the seat back cancels it. SEQUENCE grows with each change, as calendar programs expect.
Times carry TZID=Asia/Jakarta (WIB) with its VTIMEZONE, so the exam shows at the right hour
wherever the candidate's calendar lives.
"""

from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from scheduling.models import ExamSession


def invitation_uid(application) -> str:
    return f"{application.public_id}@kompetensi-asn"


def invitation_ics(
    *, session: ExamSession, application, sequence: int, cancelled: bool = False
) -> bytes:
    """The invitation for this application's seat in this session (or its cancellation)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Portal Layanan Kompetensi ASN//ID")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")

    event = Event()
    event.add("uid", invitation_uid(application))
    event.add("sequence", sequence)
    event.add("dtstamp", datetime.now(tz=UTC))
    # Local times in Asia/Jakarta: icalendar writes them with TZID=Asia/Jakarta.
    event.add("dtstart", timezone.localtime(session.starts_at))
    event.add("dtend", timezone.localtime(session.ends_at))
    event.add("summary", session.service.name)
    event.add("location", session.meeting_link or session.venue or session.platform)
    event.add(
        "description",
        "\n".join(
            part
            for part in (
                session.get_mode_display(),
                session.platform,
                session.meeting_link or session.venue,
                f"{settings.PORTAL_BASE_URL}/pengajuan/",
            )
            if part
        ),
    )
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    calendar.add_missing_timezones()  # the VTIMEZONE for Asia/Jakarta (WIB, UTC+7)
    return calendar.to_ical()
