"""Outgoing mail that is never lost.

The default mailer (MAILERS) is the outbox: sending a message (ours or allauth's) stores a row and,
after the transaction commits, queues a task. The task delivers through the real transport
(the "transport" mailer), retrying with backoff while it fails; a periodic
task re-drives whatever is still pending, e.g. when the broker was down at enqueue time.
"""

import base64
import logging
import smtplib
from datetime import timedelta
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from portal.constants import EmailStatus
from portal.models import OutboundEmail, Provider

logger = logging.getLogger(__name__)

# A sender holds a message this long; if it dies meanwhile, the message is sent again later.
SEND_LEASE = timedelta(minutes=5)
ERASED = "[isi dihapus setelah terkirim]"
# The MAILERS alias that really sends: SMTP in production, files under var/mail/ on a laptop.
TRANSPORT = "transport"


class MailDeliveryError(Exception):
    """Delivery failed in a way that may pass (server down, timeout): try again later."""


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min ... capped at one hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def _encode(content: str | bytes) -> dict:
    if isinstance(content, bytes):
        return {"base64": base64.b64encode(content).decode()}
    return {"text": content}


def _decode(data: dict) -> str | bytes:
    return base64.b64decode(data["base64"]) if "base64" in data else data["text"]


# A message carrying a secret (an initial password, a reset or confirmation link, a tracking
# code) or a reporter's words sets this header (sensitive_headers()). The admin never shows its
# subject or recipients, and once delivered nothing of it is kept but the fact that it went out:
# see SENSITIVE_ERASED.
SENSITIVE_HEADER = "X-Portal-Sensitive"

ERASED_SUBJECT = "[subjek dihapus setelah terkirim]"
# What a delivered sensitive message loses. The recipients go too: with subject and body gone,
# "this address got a secret-bearing mail at this minute" is all the row could still tell
# (whoever reads the database or a backup; the admin hides it anyway), and that is what links an
# anonymous complaint, received the same minute, to its reporter. What is left (sent, when,
# after how many attempts) still answers "did it go out?". A message that failed keeps
# everything, so that it can be sent again.
SENSITIVE_ERASED = {
    "subject": ERASED_SUBJECT,
    "body": ERASED,
    "alternatives": [],
    "attachments": [],
    "headers": {},
    "to": [],
    "cc": [],
    "bcc": [],
    "reply_to": [],
}


def from_email(*, provider: Provider | None = None) -> str:
    """The From of a message: the portal's (DEFAULT_FROM_EMAIL) when it is about no service;
    about a service, the same address under its provider's name (Provider.mail_sender_name,
    else its name), so that the reader sees which agency writes to them."""
    if provider is None:
        return settings.DEFAULT_FROM_EMAIL
    _portal_name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr(((provider.mail_sender_name or provider.name)[:100], address))


def sensitive_headers(headers: dict | None = None) -> dict:
    """The headers of a message that carries a secret or a reporter's words."""
    return {**(headers or {}), SENSITIVE_HEADER: "1"}


def outbound_email_store(message: EmailMultiAlternatives) -> OutboundEmail:
    headers = {
        name: value
        for name, value in message.extra_headers.items()
        if name.lower() != SENSITIVE_HEADER.lower()
    }
    sensitive = len(headers) != len(message.extra_headers)
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = attachment  # MIME parts are not used by the portal
        attachments.append({"filename": filename, "mimetype": mimetype, **_encode(content)})
    email = OutboundEmail.objects.create(
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        reply_to=list(message.reply_to),
        subject=message.subject,
        body=message.body,
        alternatives=[
            {"content": content, "mimetype": mimetype}
            for content, mimetype in getattr(message, "alternatives", [])
        ],
        attachments=attachments,
        headers=headers,
        sensitive=sensitive,
    )
    transaction.on_commit(lambda: outbound_email_enqueue(email_id=email.pk))
    return email


def outbound_email_enqueue(*, email_id: int) -> None:
    """Queue delivery; if the broker is unreachable the row stays pending for the re-drive."""
    from portal.tasks import send_outbound_email

    try:
        send_outbound_email.apply_async((email_id,))
    except Exception:  # any broker failure: the periodic re-drive will pick the row up
        logger.warning("Could not queue e-mail %s; it stays pending", email_id, exc_info=True)


def _as_message(email: OutboundEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=email.from_email,
        to=email.to,
        cc=email.cc,
        bcc=email.bcc,
        reply_to=email.reply_to,
        headers=email.headers,
    )
    for alternative in email.alternatives:
        message.attach_alternative(alternative["content"], alternative["mimetype"])
    for attachment in email.attachments:
        message.attach(attachment["filename"], _decode(attachment), attachment["mimetype"])
    return message


# The lease and the read of the message in one statement (the row comes back from the UPDATE).
_CLAIM_SQL = """
    UPDATE portal_outboundemail SET locked_until = %(until)s
    WHERE id = %(id)s AND status = %(pending)s AND next_attempt_at <= %(now)s
      AND (locked_until IS NULL OR locked_until < %(now)s)
    RETURNING *
"""


def _claim(email_id: int) -> OutboundEmail | None:
    """Take the lease on a pending message and return it; None if it is sent, failed, being
    sent or not due. One conditional UPDATE that returns the row: a second sender's UPDATE
    waits for this one's and then finds the lease taken, so only one of them gets the row.

    Not due: a Celery retry and a task queued by the re-drive can both wait for one message,
    and a busy worker may run a duplicate late; without this, each would make an attempt at
    once and a short SMTP outage would use up PORTAL_MAIL_MAX_ATTEMPTS.
    """
    now = timezone.now()
    params = {
        "id": email_id,
        "pending": EmailStatus.PENDING,
        "now": now,
        "until": now + SEND_LEASE,
    }
    # raw(): the row as a model, JSON fields decoded, in autocommit (each statement commits).
    claimed = list(OutboundEmail.objects.raw(_CLAIM_SQL, params))
    return claimed[0] if claimed else None


def outbound_email_deliver(*, email_id: int) -> bool:
    """Send one message through the transport. True if it was sent by this call.

    Raises MailDeliveryError when the attempt failed and the message will be tried again.
    Two statements per message whatever happens: the claim, which reads the row, and the
    UPDATE that records the attempt.
    """
    email = _claim(email_id)
    if email is None:
        return False
    try:
        mailers[TRANSPORT].send_messages([_as_message(email)])
    except Exception as exc:  # every failure is recorded and counted, then retried
        attempts = email.attempts + 1
        permanent = isinstance(exc, smtplib.SMTPRecipientsRefused)
        gave_up = permanent or attempts >= settings.PORTAL_MAIL_MAX_ATTEMPTS
        OutboundEmail.objects.filter(pk=email_id).update(
            attempts=attempts,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            next_attempt_at=timezone.now() + retry_delay(attempts),
            locked_until=None,
            status=EmailStatus.FAILED if gave_up else EmailStatus.PENDING,
        )
        if gave_up:
            logger.error("Giving up on e-mail %s after %s attempts: %s", email_id, attempts, exc)
            return False
        raise MailDeliveryError(str(exc)) from exc
    erased = SENSITIVE_ERASED if email.sensitive else {}
    OutboundEmail.objects.filter(pk=email_id).update(
        status=EmailStatus.SENT,
        attempts=email.attempts + 1,
        sent_at=timezone.now(),
        locked_until=None,
        last_error="",
        **erased,
    )
    return True


def outbound_email_due_ids(*, limit: int = 500) -> list[int]:
    """Pending messages whose next attempt is due and that nobody is sending."""
    now = timezone.now()
    return list(
        OutboundEmail.objects.filter(status=EmailStatus.PENDING, next_attempt_at__lte=now)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def outbound_email_redrive(*, limit: int = 500) -> int:
    """Queue every due pending message. Returns how many were queued."""
    ids = outbound_email_due_ids(limit=limit)
    for email_id in ids:
        outbound_email_enqueue(email_id=email_id)
    return len(ids)


class OutboxEmailBackend(BaseEmailBackend):
    """The default mailer: store each message in the outbox instead of sending it now."""

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            outbound_email_store(message)
        return len(email_messages)


# Who an institution's service mails: the institution's operators, and the staff holding a role
# at the provider (or for the one service, for external staff).
def operator_addresses(institution) -> list[str]:
    """The e-mails of the institution's active operators."""
    return list(
        institution.operators.filter(is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def staff_addresses(provider_id: int, role, *, service=None) -> list[str]:
    """The e-mails of the active users holding `role` at the provider (rows without a service),
    and, given `service`, of those holding it for that service only."""
    held = Q(staff_roles__service__isnull=True, staff_roles__provider_id=provider_id)
    if service is not None:
        held |= Q(staff_roles__service_id=service.pk)
    return list(
        get_user_model()
        .objects.filter(is_active=True, staff_roles__role=role)
        .filter(held)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
