"""The daily digest: one e-mail each working morning to every member of each provider's
complaint team, listing that provider's open complaints due today and those already overdue, so
nothing waits unseen. A member of several providers' teams gets one per provider; a team whose
provider has nothing due gets none.

Safe to run as often as beat (or a person) likes, from several workers at once: the day is
claimed by inserting its DigestRun row (unique date) in the same transaction as the mails are
written to the outbox. A second run that day fails on the unique index and sends nothing; if the
first one fails, its claim rolls back with its mails, and the next run sends them.
"""

from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from complaints.models import ComplaintNamedStaff, DigestRun
from complaints.staff_selectors import complaints_due, team_memberships
from portal.calendar import is_working_day, working_days_overdue_many
from portal.mail import from_email, sensitive_headers


def digest_send(*, today: date | None = None) -> int:
    """Send today's digest once; returns how many e-mails this run sent (0 on a day off, when
    the day was already claimed, or when nothing is due)."""
    today = today or timezone.localdate()
    if not is_working_day(today):
        return 0  # the office is closed; what falls due then is in the next working day's digest
    try:
        with transaction.atomic():
            run = DigestRun.objects.create(date=today)
            complaints = complaints_due(today=today)
            sent = _mail_team(complaints, today) if complaints else 0
            run.complaints = len(complaints)
            run.save(update_fields=["complaints"])
    except IntegrityError:
        return 0  # another run claimed today first
    return sent


def _mail_team(complaints: list, today: date) -> int:
    """Through the outbox: stored in the claiming transaction, delivered after it commits."""
    overdue = working_days_overdue_many(
        due_dates=[complaint.due_date for complaint in complaints], today=today
    )
    base = settings.PORTAL_BASE_URL
    by_provider: dict[int, list[dict]] = {}
    for complaint in complaints:
        by_provider.setdefault(complaint.provider_id, []).append(
            {
                "complaint": complaint,
                "overdue_days": overdue.get(complaint.due_date),
                "url": base + reverse("complaints_detail", args=[complaint.public_id]),
            }
        )
    teams = team_memberships()
    # Whom each complaint names: never listed in that person's own digest.
    named: dict[int, set[int]] = {}
    for complaint_id, user_id in ComplaintNamedStaff.objects.filter(
        complaint__in=[complaint.pk for complaint in complaints]
    ).values_list("complaint_id", "user_id"):
        named.setdefault(complaint_id, set()).add(user_id)
    sent = 0
    for provider_id, rows in by_provider.items():
        members = teams.get(provider_id, [])
        provider = rows[0]["complaint"].provider
        for member in members:
            shown = [row for row in rows if member.pk not in named.get(row["complaint"].pk, ())]
            if not shown:
                continue
            context = {
                "today": today,
                "provider": provider,
                "due_today": [row for row in shown if row["overdue_days"] is None],
                "overdue": [row for row in shown if row["overdue_days"] is not None],
                "queue_url": base + reverse("complaints_queue"),
            }
            subject = render_to_string("complaints/email/digest_subject.txt", context).strip()
            body = render_to_string("complaints/email/digest_body.txt", context)
            # Tracking codes and subjects of open complaints: sealed in the outbox like the
            # reporters' own mails.
            EmailMessage(
                subject=subject,
                body=body,
                from_email=from_email(provider=provider),
                to=[member.email],
                headers=sensitive_headers(),
            ).send()
            sent += 1
    return sent
