"""Writes of the registration app: accounts, profiles, applications and their documents."""

import secrets
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.calendar import add_working_days
from portal.catalogue import service_time_limit
from portal.constants import SENSITIVE_ROLES, Role, Stage
from portal.events import event_record
from portal.mail import SENSITIVE_HEADER
from portal.models import Requirement, Service
from portal.roles import person_label, user_roles
from portal.uploads import upload_clean
from registration import exceptions, workflow
from registration.constants import ApplicationStatus, Verdict
from registration.exceptions import ApplicationError, ApplicationIncomplete, InvalidTransition
from registration.levels import level_combination_error, level_rank_error
from registration.models import (
    SNAPSHOT_FIELDS,
    ApplicantSnapshot,
    Application,
    Document,
    Level,
    Profile,
)
from registration.nip import NipError, parse_nip
from registration.phones import whatsapp_normalize
from registration.selectors import candidate_rank, librarian_get_by_nip

User = get_user_model()

# No look-alike characters (0/O, 1/l/I): the password is read from an e-mail and typed by hand.
PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"  # noqa: S105
PASSWORD_LENGTH = 14  # about 81 bits


def password_generate() -> str:
    while True:
        password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))
        if (
            any(c.isupper() for c in password)
            and any(c.islower() for c in password)
            and any(c.isdigit() for c in password)
        ):
            return password


def account_register(*, nip: str, email: str) -> User:
    """Create a candidate account for a registry NIP and e-mail the generated credentials.

    Raises a RegistrationError subclass when the NIP is invalid, unknown or taken, or the
    e-mail is in use. The credentials mail is stored in the same transaction and sent after
    commit, so a refused registration sends nothing.
    """
    try:
        parsed = parse_nip(nip)
    except NipError as exc:
        raise exceptions.InvalidNip(exc.message) from exc
    librarian = librarian_get_by_nip(nip=parsed.nip)
    if librarian is None:
        raise exceptions.NotInRegistry()
    if User.objects.filter(nip=parsed.nip).exists():
        raise exceptions.AlreadyRegistered()
    email = email.strip().lower()
    if (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    ):
        raise exceptions.EmailTaken()

    password = password_generate()
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username=parsed.nip,
                nip=parsed.nip,
                email=email,
                password=password,
                first_name=librarian.name[:150],
                must_change_password=True,
            )
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
            event_record(subject=user, kind="account_registered", actor=user)
            _credentials_send(user=user, password=password)
    except IntegrityError as exc:
        # Two submissions raced past the checks above: the constraint decides who won.
        if User.objects.filter(nip=parsed.nip).exists():
            raise exceptions.AlreadyRegistered() from exc
        raise exceptions.EmailTaken() from exc
    return user


def _credentials_send(*, user: User, password: str) -> None:
    context = {
        "user": user,
        "password": password,
        "login_url": f"{settings.PORTAL_BASE_URL}/accounts/login/",
    }
    subject = render_to_string("registration/email/credentials_subject.txt", context).strip()
    body = render_to_string("registration/email/credentials_body.txt", context)
    EmailMessage(
        subject=subject, body=body, to=[user.email], headers={SENSITIVE_HEADER: "1"}
    ).send()


def user_password_set(*, user: User, password: str) -> None:
    """The user chose a password (change or reset): the generated one no longer applies."""
    with transaction.atomic():
        if user.must_change_password:
            # They logged in with the password mailed to this address, so the address is theirs.
            EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)
        user.set_password(password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        event_record(subject=user, kind="password_changed", actor=user)


# --- Roles ---------------------------------------------------------------------------------

SUPERUSER = "superuser"  # superuser status, recorded and told like a role


def user_roles_set(
    *, user: User, groups: Iterable[Group], actor: User, is_superuser: bool | None = None
) -> None:
    """Give the user exactly these groups (staff roles) and, if given, superuser status.

    Only an active superuser may: the admin hides these fields from everyone else, and this
    refuses any other caller as well, so no path lets an Administrator raise itself or anyone.
    Every role granted or revoked is an event on the user (who, which role, granted or revoked);
    the SENSITIVE_ROLES and superuser status are also e-mailed, after commit, to every other
    active administrator (superusers and holders of the Administrator role) but the user.
    """
    if not (actor.is_active and actor.is_superuser):
        raise PermissionDenied(_("Hanya superuser yang dapat mengubah peran dan status superuser."))
    wanted = set(groups)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        held = set(locked.groups.all())
        granted = sorted(wanted - held, key=lambda group: group.name)
        revoked = sorted(held - wanted, key=lambda group: group.name)
        locked.groups.add(*granted)
        locked.groups.remove(*revoked)
        changes = [(group.name, True) for group in granted]
        changes += [(group.name, False) for group in revoked]
        if is_superuser is not None and is_superuser != locked.is_superuser:
            locked.is_superuser = is_superuser
            locked.save(update_fields=["is_superuser"])
            changes.append((SUPERUSER, is_superuser))
        for name, given in changes:
            kind = "superuser" if name == SUPERUSER else "role"
            event_record(
                subject=locked,
                kind=f"{kind}_{'granted' if given else 'revoked'}",
                actor=actor,
                from_state="" if given else name[:32],
                to_state=name[:32] if given else "",
                note=name,
            )
        told = [(name, given) for name, given in changes if name in SENSITIVE_ROLES | {SUPERUSER}]
        if told:
            _role_changes_mail(user=locked, actor=actor, changes=told)
    user.is_superuser = locked.is_superuser
    user.__dict__.pop("_portal_roles", None)  # portal.roles.user_roles caches them


def _role_label(name: str) -> str:
    if name == SUPERUSER:
        return _("Superuser (semua hak akses)")
    return str(Role(name).label) if name in Role.values else name


def _role_changes_mail(*, user: User, actor: User, changes: list[tuple[str, bool]]) -> None:
    """One mail per administrator, so nobody sees the others' addresses; not to the actor, nor
    to the user whose roles changed (the mail is about them)."""
    recipients = (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name=Role.ADMINISTRATOR))
        .exclude(pk__in=[actor.pk, user.pk])
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    context = {
        "user": user,
        "person": person_label(user),
        "actor": actor,
        "actor_name": person_label(actor),
        "changes": [(_role_label(name), given) for name, given in changes],
        "when": date_format(timezone.localtime(), "j F Y, H.i"),
        "admin_url": f"{settings.PORTAL_BASE_URL}/admin/registration/user/{user.pk}/change/",
    }
    subject = render_to_string("registration/email/role_changed_subject.txt", context).strip()
    for recipient in recipients:
        body = render_to_string(
            "registration/email/role_changed_body.txt",
            {**context, "recipient": person_label(recipient)},
        )
        EmailMessage(subject=subject, body=body, to=[recipient.email]).send()


# --- Profile -------------------------------------------------------------------------------


def profile_save(*, user: User, data: dict) -> Profile:
    """Create or update the candidate's profile. Birth date and sex must agree with the NIP,
    and the rank must belong to the level (registration.levels).

    Raises ValidationError with field errors in Indonesian.
    """
    errors = {}
    data = dict(data)
    try:
        data["whatsapp"] = whatsapp_normalize(data.get("whatsapp", ""))
    except ValidationError as exc:
        errors["whatsapp"] = exc.messages
    if user.nip:
        parsed = parse_nip(user.nip)
        if data.get("birth_date") and data["birth_date"] != parsed.birth_date:
            errors["birth_date"] = [
                _("Tanggal lahir tidak sama dengan tanggal lahir pada NIP (%(date)s).")
                % {"date": date_format(parsed.birth_date, "j F Y")}
            ]
        if data.get("sex") and data["sex"] != parsed.sex:
            errors["sex"] = [_("Jenis kelamin tidak sesuai dengan digit ke-15 NIP.")]
    if data.get("level") and data.get("rank"):
        rank_error = level_rank_error(level=data["level"], rank=data["rank"])
        if rank_error:
            errors["rank"] = [rank_error]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        profile, _created = Profile.objects.update_or_create(user=user, defaults=data)
        event_record(subject=user, kind="profile_saved", actor=user)
    return profile


def profile_initial(*, user: User) -> dict:
    """Values to pre-fill a new profile form: from the NIP and the registry entry."""
    initial = {}
    if user.nip:
        parsed = parse_nip(user.nip)
        initial.update(birth_date=parsed.birth_date, sex=parsed.sex)
        librarian = librarian_get_by_nip(nip=user.nip)
        if librarian:
            initial.update(
                institution=librarian.institution,
                work_unit=librarian.work_unit,
                level=librarian.level_id,
                rank=librarian.rank_id,
            )
    initial["email"] = user.email
    return initial


# --- Applications --------------------------------------------------------------------------


def application_create(
    *,
    candidate: User,
    service: Service,
    purpose: str,
    current_level: Level | None,
    target_level: Level,
) -> Application:
    error = level_combination_error(
        purpose=purpose,
        current=current_level,
        target=target_level,
        rank=candidate_rank(user=candidate),
    )
    if error:
        raise ApplicationError(error)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                candidate=candidate,
                service=service,
                purpose=purpose,
                current_level=current_level,
                target_level=target_level,
            )
            event_record(
                subject=application,
                kind="created",
                actor=candidate,
                to_state=ApplicationStatus.DRAFT,
            )
    except IntegrityError as exc:  # a double click: the constraint allows one open application
        raise ApplicationError(_("Anda sudah memiliki pengajuan untuk layanan ini.")) from exc
    return application


def application_update(
    *, application: Application, actor: User, purpose: str, current_level, target_level
) -> Application:
    error = level_combination_error(
        purpose=purpose,
        current=current_level,
        target=target_level,
        rank=candidate_rank(user=application.candidate),
    )
    if error:
        raise ApplicationError(error)
    with transaction.atomic():
        application = _lock_editable(application, actor)
        application.purpose = purpose
        application.current_level = current_level
        application.target_level = target_level
        application.save(update_fields=["purpose", "current_level", "target_level", "updated_at"])
    return application


def _lock_editable(application: Application, actor: User) -> Application:
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.candidate_id != actor.pk:
        raise ApplicationError(_("Pengajuan ini bukan milik Anda."))
    if locked.status not in workflow.EDITABLE:
        raise ApplicationError(
            _("Pengajuan sudah diajukan dan tidak dapat diubah sampai dikembalikan.")
        )
    return locked


def document_replaceable(*, application: Application, current: Document | None) -> bool:
    """May the candidate upload (a new version of) this document now? While editable, yes,
    except after a return for a document the panel accepted: then only what needs revision,
    or the replacement uploaded for it since (still unchecked, so a wrong pick can be fixed)."""
    if application.status not in workflow.EDITABLE:
        return False
    return not (
        application.status == ApplicationStatus.RETURNED
        and current is not None
        and current.verdict == Verdict.VALID
    )


def document_upload(
    *, application: Application, requirement: Requirement, file, actor: User
) -> Document:
    """Add a new version of one document. Earlier versions are kept.

    Raises UploadRejected (the file) or ApplicationError (the application is not editable, or
    this document was not returned for revision). What is stored is the file written anew
    without metadata and active content (portal.uploads.upload_clean); its size and hash are
    those of the stored bytes.
    """
    clean = upload_clean(file, requirement)
    checked = clean.checked
    with transaction.atomic():
        application = _lock_editable(application, actor)
        if requirement.service_id != application.service_id:
            raise ApplicationError(_("Persyaratan ini bukan untuk layanan pengajuan Anda."))
        previous = (
            Document.objects.filter(application=application, requirement=requirement)
            .order_by("-version")
            .first()
        )
        if not document_replaceable(application=application, current=previous):
            raise ApplicationError(_("Hanya berkas yang diminta diperbaiki yang dapat diganti."))
        if previous is not None:
            Document.objects.filter(pk=previous.pk).update(is_current=False)
        document = Document(
            application=application,
            requirement=requirement,
            version=(previous.version + 1) if previous else 1,
            original_name=(getattr(file, "name", "") or "")[:255],
            kind=checked.kind,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor,
        )
        # upload_to picks a random name
        document.file.save(file.name, ContentFile(clean.content), save=False)
        document.save()
        event_record(
            subject=application,
            kind="document_uploaded",
            actor=actor,
            note=f"{requirement.name} (v{document.version})",
        )
    return document


def application_missing(*, application: Application) -> list[str]:
    """What still stops the application from being submitted, in Indonesian."""
    missing = []
    profile = (
        Profile.objects.select_related("rank").filter(user_id=application.candidate_id).first()
    )
    if profile is None:
        missing.append(_("Profil peserta belum diisi"))
    # The profile may have changed since the levels were chosen: the rules hold at submission.
    level_error = level_combination_error(
        purpose=application.purpose,
        current=application.current_level,
        target=application.target_level,
        rank=profile.rank if profile else candidate_rank(user=application.candidate),
    )
    if level_error:
        missing.append(
            _("Tujuan dan jenjang perlu diperbaiki: %(reason)s") % {"reason": level_error}
        )
    current = {
        document.requirement_id: document
        for document in Document.objects.filter(application=application, is_current=True)
    }
    for requirement in application.service.requirements.all():
        document = current.get(requirement.pk)
        if document is None:
            if requirement.required:
                missing.append(_("Berkas belum diunggah: %(name)s") % {"name": requirement.name})
        elif document.verdict == Verdict.NEEDS_REVISION:
            missing.append(_("Berkas perlu diganti: %(name)s") % {"name": requirement.name})
    return missing


def application_submit(*, application: Application, actor: User) -> Application:
    """Submit (or resubmit after a return). Submitting twice leaves one submission."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status == ApplicationStatus.SUBMITTED and locked.candidate_id == actor.pk:
            return locked  # the second click of a double click: already done
        missing = application_missing(application=locked)
        if missing:
            raise ApplicationIncomplete(_("Pengajuan belum lengkap."), missing)
        days = service_time_limit(service=locked.service, stage=Stage.VERIFICATION)
        locked.submitted_at = timezone.now()
        locked.due_date = add_working_days(timezone.localdate(), days)
        application = application_transition(
            application=locked,
            to=ApplicationStatus.SUBMITTED,
            actor=actor,
            extra_fields=["submitted_at", "due_date"],
        )
        application_notify(application=application, template="submitted")
    return application


def _snapshot_take(application: Application) -> ApplicantSnapshot:
    """Copy the candidate's identity and employment data as the profile has it now: the data
    this submission asks the panel to verify. A new row per submission, so a resubmission after
    a return keeps the previous one to compare with. Nothing ever changes a snapshot, and only
    a submission takes one: after verification the application can no longer be submitted, so
    its last snapshot is the verified one for good."""
    profile = Profile.objects.filter(user_id=application.candidate_id).first()
    if profile is None:
        raise InvalidTransition(_("Isi profil peserta terlebih dahulu, lalu ajukan kembali."))
    return ApplicantSnapshot.objects.create(
        application=application,
        submitted_at=application.submitted_at or timezone.now(),
        nip=application.candidate.nip or "",
        **{name: getattr(profile, name) for name in SNAPSHOT_FIELDS},
    )


def application_transition(
    *,
    application: Application,
    to: str,
    actor: User,
    note: str = "",
    extra_fields: list[str] | None = None,
) -> Application:
    """The one way an application changes state: checks the table and the actor, locks the
    row, takes the snapshot of the candidate's data on a submission, saves, and records the
    event. Callers set extra fields on the object beforehand."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        from_state = locked.status
        if not workflow.allowed(from_state, to):
            raise InvalidTransition(
                _("Pengajuan berstatus “%(status)s” tidak dapat diubah ke “%(to)s”.")
                % {
                    "status": locked.get_status_display(),
                    "to": ApplicationStatus(to).label,
                }
            )
        kinds = workflow.actor_kinds(from_state, to)
        as_candidate = workflow.CANDIDATE in kinds and locked.candidate_id == actor.pk
        if not as_candidate and not kinds & user_roles(actor):
            raise InvalidTransition(
                _("Hanya peserta pemilik pengajuan yang dapat melakukannya.")
                if kinds == {workflow.CANDIDATE}
                else _("Anda tidak memiliki peran untuk melakukannya.")
            )
        fields = ["status", "updated_at", *(extra_fields or [])]
        for name in extra_fields or []:
            setattr(locked, name, getattr(application, name))
        if from_state in workflow.EDITABLE and to == ApplicationStatus.SUBMITTED:
            # Each submission (the first, or after a return) carries the data it asks the
            # panel to verify; the verifier's release back to the queue is not a submission.
            locked.snapshot = _snapshot_take(locked)
            fields.append("snapshot")
        if from_state == ApplicationStatus.IN_REVIEW and to == ApplicationStatus.VERIFIED:
            # The committee seats candidates in the order they were verified.
            locked.verified_at = timezone.now()
            fields.append("verified_at")
        locked.status = to
        locked.save(update_fields=fields)
        event_record(
            subject=locked,
            kind="status",
            actor=actor,
            from_state=from_state,
            to_state=to,
            note=note,
        )
    return locked


def document_verdict_set(*, document: Document, verdict: str) -> None:
    """The verification panel's verdict on a document version (its history is kept there)."""
    Document.objects.filter(pk=document.pk).update(verdict=verdict)
    document.verdict = verdict


def application_notify(*, application: Application, template: str, **context) -> None:
    """E-mail the candidate about their application (through the outbox, after commit)."""
    context = {
        "application": application,
        "candidate": application.candidate,
        "dashboard_url": f"{settings.PORTAL_BASE_URL}/pengajuan/",
        **context,
    }
    subject = render_to_string(f"registration/email/application_{template}_subject.txt", context)
    body = render_to_string(f"registration/email/application_{template}_body.txt", context)
    EmailMessage(subject=subject.strip(), body=body, to=[application.candidate.email]).send()
