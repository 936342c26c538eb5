"""The asesi's e-registration (seed 004 steps 5 and 9): an account and an invitation for each
asesi on an accepted list once the SPK is fully signed, the Daftar Riwayat Hidup and the
questionnaire filled online until the intake, and reminders before their session."""

from dataclasses import dataclass
from datetime import date

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from assessments import workflow
from assessments.constants import EngagementState, ReminderKind
from assessments.models import Engagement, IntakeSession, Participant, ParticipantReminder
from assessments.services.engagements import engagement_locked
from casework.exceptions import CaseError, CaseForbidden
from portal.calendar import latest_working_day_before
from portal.constants import Role
from portal.events import event_record
from portal.mail import from_email, sensitive_headers
from registration.services import user_password_set

User = get_user_model()

# The questionnaire: the portal's own questions, set by the provider for the intake (seed 004
# names a questionnaire but not its questions). (key, label, hint)
QUESTIONS = (
    (
        "duties",
        _lazy("Uraikan tugas pokok Anda dalam jabatan saat ini."),
        _lazy("Tugas utama yang Anda kerjakan sehari-hari dan hasil kerjanya."),
    ),
    (
        "achievement",
        _lazy("Ceritakan satu prestasi kerja yang paling Anda banggakan."),
        _lazy("Apa situasinya, apa peran Anda, apa yang Anda lakukan, dan apa hasilnya."),
    ),
    (
        "problem",
        _lazy("Ceritakan satu masalah pekerjaan yang berhasil Anda selesaikan."),
        _lazy("Masalahnya, langkah yang Anda ambil, dan hasilnya."),
    ),
    (
        "team",
        _lazy("Ceritakan pengalaman Anda bekerja dalam tim atau memimpin tim."),
        _lazy("Peran Anda, tantangan dalam tim, dan cara Anda menghadapinya."),
    ),
    (
        "development",
        _lazy("Kompetensi apa yang ingin Anda kembangkan, dan mengapa?"),
        _lazy("Pengetahuan atau keterampilan yang Anda perlukan untuk tugas mendatang."),
    ),
)
ANSWER_MIN_LENGTH = 30


# --- Mail ------------------------------------------------------------------------------------


def intake_mail_send(
    *, template: str, context: dict, to: list[str], provider, sensitive: bool = False
) -> None:
    """One mail of this part (templates/assessments/mail/intake_<template>_{subject,body}.txt)
    through the portal's outbox: stored now, sent after the transaction commits."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    context = {**context, "base_url": settings.PORTAL_BASE_URL}
    subject = render_to_string(f"assessments/mail/intake_{template}_subject.txt", context)
    body = render_to_string(f"assessments/mail/intake_{template}_body.txt", context)
    EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=from_email(provider=provider),
        to=recipients,
        headers=sensitive_headers() if sensitive else None,
    ).send()


def absolute_url(path: str) -> str:
    return f"{settings.PORTAL_BASE_URL}{path}"


# --- Invitations -----------------------------------------------------------------------------


def invitations_refusal(engagement: Engagement, user) -> Exception | None:
    """Invitations go out once the SPK is fully signed (PREPARATION), sent by the institution's
    operator or LAN's scheduler (user None: the portal itself)."""
    if user is not None and not (
        workflow.is_operator(user, engagement) or workflow.holds(user, Role.SCHEDULER, engagement)
    ):
        return CaseForbidden(_("Anda tidak dapat mengirim undangan e-registrasi."))
    if engagement.state != EngagementState.PREPARATION or engagement.intake_held_on is not None:
        return CaseError(_("Undangan e-registrasi dikirim setelah SPK ditandatangani kedua pihak."))
    return None


def _account_for(participant: Participant) -> tuple[object, bool]:
    """The asesi's account: the user holding the NIP, else a new one (username = NIP, no usable
    password until they choose one through the invitation)."""
    user = User.objects.filter(nip=participant.nip).first()
    if user is None:
        user = User.objects.filter(username=participant.nip).first()
    if user is not None:
        return user, False
    email_taken = User.objects.filter(email__iexact=participant.email).exists()
    user = User(
        username=participant.nip,
        nip=participant.nip,
        email="" if email_taken else participant.email,
        first_name=participant.name[:150],
    )
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # Made meanwhile by another request: use that one.
        return User.objects.get(nip=participant.nip), False
    return user, True


def invitation_link(user) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute_url(reverse("assessments_invitation_accept", args=[uidb64, token]))


def invitations_send(*, engagement: Engagement, actor) -> int:
    """Give every asesi not yet invited an account and an invitation mail; returns how many
    were invited. Safe to call again: invited_at is set once, so nobody gets two."""
    with transaction.atomic():
        engagement = engagement_locked(engagement)
        refusal = invitations_refusal(engagement, actor)
        if refusal is not None:
            raise refusal
        pending = list(
            engagement.participants.select_for_update()
            .filter(invited_at__isnull=True)
            .order_by("name", "nip")
        )
        provider = engagement.service.provider
        now = timezone.now()
        for participant in pending:
            user, created = _account_for(participant)
            participant.account = user
            participant.invited_at = now
            participant.save(update_fields=["account", "invited_at"])
            # A new account (or one never given a password) sets its password through the
            # link; an account in use is told to log in as usual: a link that sets the
            # password of an existing account would hand it to whoever reads this address.
            needs_password = created or not user.has_usable_password()
            intake_mail_send(
                template="invitation",
                context={
                    "participant": participant,
                    "engagement": engagement,
                    "username": user.username,
                    "set_password_url": invitation_link(user) if needs_password else "",
                    "login_url": absolute_url(reverse("account_login")),
                    "home_url": absolute_url(reverse("assessments_asesi_home")),
                },
                to=[participant.email],
                provider=provider,
                sensitive=needs_password,
            )
            event_record(subject=participant, kind="invited", actor=actor)
        if pending:
            event_record(
                subject=engagement,
                kind="invitations_sent",
                actor=actor,
                note=ngettext(
                    "%(count)s asesi diundang.", "%(count)s asesi diundang.", len(pending)
                )
                % {"count": len(pending)},
            )
    return len(pending)


def invitations_send_pending() -> int:
    """The portal's sweep: invite the asesi of every engagement whose SPK became fully signed
    after its list was accepted (nobody had to press the button). Returns how many."""
    engagements = Engagement.objects.filter(
        state=EngagementState.PREPARATION,
        intake_held_on__isnull=True,
        participants__invited_at__isnull=True,
    ).distinct()
    return sum(invitations_send(engagement=engagement, actor=None) for engagement in engagements)


def invitation_user(uidb64: str, token: str):
    """The asesi whose invitation link this is, or None (wrong, expired or already used: the
    token changes once a password is set)."""
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
        user = User.objects.get(pk=pk)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    if not user.is_active or not Participant.objects.filter(account=user).exists():
        return None
    if not default_token_generator.check_token(user, token):
        return None
    return user


def invitation_accept(*, uidb64: str, token: str, password: str):
    """Set the asesi's chosen password through their invitation link; returns the user."""
    with transaction.atomic():
        user = invitation_user(uidb64, token)
        if user is None:
            raise CaseError(
                _("Tautan undangan ini tidak berlaku lagi (sudah dipakai atau kedaluwarsa).")
            )
        user = User.objects.select_for_update().get(pk=user.pk)
        if not default_token_generator.check_token(user, token):
            raise CaseError(_("Tautan undangan ini sudah dipakai."))
        user_password_set(user=user, password=password)
        if user.email and not EmailAddress.objects.filter(user=user).exists():
            # The link came to this address: it is theirs.
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


# --- The asesi's own forms -------------------------------------------------------------------


def eregistration_refusal(participant: Participant, user) -> Exception | None:
    """The asesi themself, until their intake is held."""
    if participant.account_id is None or participant.account_id != user.pk:
        return CaseForbidden(_("Formulir ini hanya untuk asesi yang bersangkutan."))
    engagement = participant.engagement
    if engagement.intake_held_on is not None or engagement.state != EngagementState.PREPARATION:
        return CaseError(
            _("E-registrasi sudah ditutup: pengambilan data (intake) sudah dilaksanakan.")
        )
    if participant.session_id is not None and participant.session.held_at is not None:
        return CaseError(_("E-registrasi sudah ditutup: sesi intake Anda sudah dilaksanakan."))
    return None


def _participant_locked(participant: Participant) -> Participant:
    return (
        Participant.objects.select_for_update(of=("self",))
        .select_related("engagement", "session")
        .get(pk=participant.pk)
    )


def cv_submit(*, participant: Participant, actor, cv: dict) -> Participant:
    """Store the asesi's Daftar Riwayat Hidup (editable until the intake)."""
    with transaction.atomic():
        participant = _participant_locked(participant)
        refusal = eregistration_refusal(participant, actor)
        if refusal is not None:
            raise refusal
        first = participant.cv_submitted_at is None
        participant.cv = cv
        participant.cv_submitted_at = timezone.now()
        participant.save(update_fields=["cv", "cv_submitted_at"])
        event_record(
            subject=participant,
            kind="cv_submitted",
            actor=actor,
            note="" if first else _("Diperbarui."),
        )
    return participant


def questionnaire_submit(*, participant: Participant, actor, answers: dict) -> Participant:
    """Store the asesi's answers to the questionnaire (editable until the intake)."""
    short = [
        key
        for key, _label, _help in QUESTIONS
        if len(str(answers.get(key, "")).strip()) < ANSWER_MIN_LENGTH
    ]
    if short:
        raise CaseError(
            _(
                "Semua pertanyaan kuesioner wajib dijawab, masing-masing sekurang-kurangnya "
                "%(length)s huruf."
            )
            % {"length": ANSWER_MIN_LENGTH}
        )
    with transaction.atomic():
        participant = _participant_locked(participant)
        refusal = eregistration_refusal(participant, actor)
        if refusal is not None:
            raise refusal
        first = participant.questionnaire_submitted_at is None
        participant.questionnaire = {key: str(answers[key]).strip() for key, _l, _h in QUESTIONS}
        participant.questionnaire_submitted_at = timezone.now()
        participant.save(update_fields=["questionnaire", "questionnaire_submitted_at"])
        event_record(
            subject=participant,
            kind="questionnaire_submitted",
            actor=actor,
            note="" if first else _("Diperbarui."),
        )
    return participant


# --- Reminders -------------------------------------------------------------------------------

REMINDER_LEAD = {ReminderKind.WEEK_BEFORE: 5, ReminderKind.DAY_BEFORE: 1}


@dataclass(frozen=True)
class ReminderDue:
    participant: Participant
    kind: str


def reminder_kind_due(session_on: date, today: date) -> str | None:
    """Which reminder is due today for a session on `session_on`: the day-before one from 1
    working day before, else the week-before one from 5 working days before; none on or after
    the session's day."""
    if today >= session_on:
        return None
    for kind in (ReminderKind.DAY_BEFORE, ReminderKind.WEEK_BEFORE):
        if today >= latest_working_day_before(session_on, REMINDER_LEAD[kind]):
            return kind
    return None


def remind_incomplete_registrations(*, today: date | None = None) -> int:
    """Remind each invited asesi whose e-registration is incomplete, 5 and 1 working days
    before their session; each reminder once (ParticipantReminder). Returns how many went."""
    today = today or timezone.localdate()
    sessions = IntakeSession.objects.filter(
        held_at__isnull=True,
        engagement__state=EngagementState.PREPARATION,
        starts_at__date__gt=today,
    ).select_related("engagement__service__provider", "engagement__institution")
    sent = 0
    for session in sessions:
        session_on = timezone.localdate(session.starts_at)
        kind = reminder_kind_due(session_on, today)
        if kind is None:
            continue
        for participant in session.participants.filter(invited_at__isnull=False):
            if participant.registered:
                continue
            with transaction.atomic():
                _reminder, created = ParticipantReminder.objects.get_or_create(
                    participant=participant, kind=kind
                )
                if not created:
                    continue
                intake_mail_send(
                    template="reminder",
                    context={
                        "participant": participant,
                        "session": session,
                        "engagement": session.engagement,
                        "cv_missing": participant.cv_submitted_at is None,
                        "questionnaire_missing": participant.questionnaire_submitted_at is None,
                        "home_url": absolute_url(reverse("assessments_asesi_home")),
                    },
                    to=[participant.email],
                    provider=session.engagement.service.provider,
                )
                sent += 1
    return sent
