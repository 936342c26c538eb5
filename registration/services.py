"""Writes of the registration app: accounts and who owns a NIP (confirmation links, account
claims), profiles, applications and their documents."""

import secrets
from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.calendar import add_working_days
from portal.catalogue import service_time_limit
from portal.constants import SENSITIVE_ROLES, Role, Stage
from portal.events import event_record
from portal.mail import SENSITIVE_HEADER, from_email
from portal.models import Provider, Requirement, Service, StaffRole
from portal.roles import (
    holds_role_at,
    person_label,
    staff_groups_sync,
    user_roles,
    user_roles_forget,
)
from portal.uploads import UploadRejected, upload_clean
from registration import exceptions, workflow
from registration.addresses import address_mask, address_normalize
from registration.constants import (
    CLAIM_UPLOAD_RULES,
    LINK_KINDS,
    REGISTRATION_LINK_VALID_HOURS,
    REGISTRATION_MAIL_KEEP,
    REGISTRATION_MAIL_REPEAT_AFTER,
    ApplicationStatus,
    ClaimDocumentKind,
    ClaimStatus,
    RegistrationMailKind,
    Relationship,
    Verdict,
)
from registration.exceptions import (
    ApplicationError,
    ApplicationIncomplete,
    ClaimError,
    InvalidTransition,
)
from registration.hashers import GeneratedPassword, generated_password_hash
from registration.levels import level_combination_error, level_rank_error
from registration.models import (
    SNAPSHOT_FIELDS,
    AccountClaim,
    ApplicantSnapshot,
    Application,
    ClaimDocument,
    Document,
    Level,
    Librarian,
    Profile,
    ReferenceSequence,
    RegistrationMail,
    StaffDeclaration,
    StaffRelative,
)
from registration.nip import NipError, parse_nip
from registration.phones import whatsapp_normalize
from registration.selectors import (
    candidate_rank,
    claims_provider_id,
    email_address_holder,
    librarian_get_by_nip,
    link_expired,
    link_token_hash,
    service_levels_missing,
    service_purpose_exists,
)

User = get_user_model()

# No look-alike characters (0/O, 1/l/I): the password is read from an e-mail and typed by hand.
PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"  # noqa: S105
PASSWORD_LENGTH = 14  # about 81 bits


def password_generate() -> GeneratedPassword:
    while True:
        password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))
        if (
            any(c.isupper() for c in password)
            and any(c.islower() for c in password)
            and any(c.isdigit() for c in password)
        ):
            return GeneratedPassword(password)


def generated_password_set(user: User) -> GeneratedPassword:
    """Give `user` a new generated password (not saved yet) and oblige them to replace it at
    their first login. It is stored with the fast keyed hash (registration.hashers, issue 19):
    about 0.05 ms of CPU instead of PBKDF2's 0.4 s, safe because it is random (81 bits) and
    lives until that first login, which rehashes it with PBKDF2 before the forced change. The
    one way to a fast-hashed password: no password from outside comes through here."""
    password = password_generate()
    user.password = generated_password_hash(password)
    user.must_change_password = True
    return password


# --- Accounts: who owns a NIP -----------------------------------------------------------------
#
# Guarantees (issue 13): /register/ never creates an account, it mails. The account is created
# only when the link mailed to the address is opened, so the credentials go to an address whose
# owner asked for them. Where the registry records an official address for the NIP, every
# registration mail about that NIP goes there, whatever was typed. Before anything is mailed, the
# page shows the address back ("periksa kembali") so that a typo does not mail a stranger. Whether
# the typed address already has an account only the mailbox's owner learns: for a link and for
# that answer the page is the same. That the NIP already has an account the page says too (issue
# 18), with that account's address masked to its first letter and domain, so the owner knows which
# mailbox to recover and anyone else that the NIP must be claimed; the request stays rate-limited
# per client address like the NIP check, and the mail goes out as before. An owner who finds
# their NIP taken claims it with identity documents; the verification panel decides, and on
# approval the account, its address and new credentials pass to the claimant and the old holder
# is locked out.


@dataclass(frozen=True)
class MailSent:
    """What a public page may say after a request: where the mail went. `address` is the
    address typed, or the registry's official address masked (`official`). When the NIP already
    has an account (`nip_taken`), `account_address` is that account's address masked: the page
    shows it (issue 18) so that its owner knows which mailbox to recover, and anyone else that
    the NIP must be claimed."""

    address: str
    official: bool = False
    nip_taken: bool = False
    account_address: str = ""


@dataclass(frozen=True)
class RegisterCheck:
    """What the "periksa kembali" step shows before anything is mailed: the NIP as printed,
    its registry entry, and the address the mail will go to (masked when it is the registry's
    official address, which replaces whatever was typed)."""

    nip: str
    librarian: Librarian
    address: str
    official: bool = False


@dataclass(frozen=True)
class RegisterConfirmed:
    user: User
    created: bool  # False: the account already existed (the link was opened before)


def _registry_entry(nip: str) -> tuple[str, Librarian]:
    """The NIP's registry entry: what the public NIP check shows anyway. Raises InvalidNip or
    NotInRegistry."""
    try:
        parsed = parse_nip(nip)
    except NipError as exc:
        raise exceptions.InvalidNip(exc.message) from exc
    librarian = librarian_get_by_nip(nip=parsed.nip)
    if librarian is None:
        raise exceptions.NotInRegistry()
    return parsed.nip, librarian


def _lock_nip(librarian: Librarian) -> None:
    """Requests about one NIP run one at a time: the second of a double click waits, then sees
    the first one's mail and account."""
    list(Librarian.objects.select_for_update().filter(pk=librarian.pk).values_list("pk"))


def _registration_mail(
    *, kind: str, nip: str, to: str, template: str, context: dict
) -> RegistrationMail | None:
    """Record and mail one answer (after commit, marked sensitive: links and account facts are
    for this mailbox only). None when the same answer went to the same address moments ago."""
    now = timezone.now()
    RegistrationMail.objects.filter(created_at__lt=now - REGISTRATION_MAIL_KEEP).delete()
    if RegistrationMail.objects.filter(
        kind=kind, nip=nip, email=to, created_at__gte=now - REGISTRATION_MAIL_REPEAT_AFTER
    ).exists():
        return None
    # 128 bits: unguessable for the 24 hours a link lives, and short enough that the link stays
    # on one line of the mail (a line over 76 characters is broken in the raw message).
    token = secrets.token_urlsafe(16) if kind in LINK_KINDS else ""
    mail = RegistrationMail.objects.create(
        kind=kind, nip=nip, email=to, token_hash=link_token_hash(token) if token else ""
    )
    _mail_send(
        template=template,
        to=to,
        context={**context, "token": token, "valid_hours": REGISTRATION_LINK_VALID_HOURS},
    )
    return mail


def _mail_send(*, template: str, to: str, context: dict, sensitive: bool = True) -> None:
    context = {"base_url": settings.PORTAL_BASE_URL, **context}
    subject = render_to_string(f"registration/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"registration/email/{template}_body.txt", context)
    headers = {SENSITIVE_HEADER: "1"} if sensitive else {}
    EmailMessage(subject=subject, body=body, to=[to], headers=headers).send()


def account_register_check(*, nip: str, email: str) -> RegisterCheck:
    """The check step of /register/: the answers the NIP check gives anyway (InvalidNip,
    NotInRegistry), and where the mail would go. Reads only; nothing is recorded or mailed, so
    a typo in the address is caught before a link reaches a stranger's mailbox."""
    nip, librarian = _registry_entry(nip)
    official = address_normalize(librarian.email)
    if official:
        return RegisterCheck(
            nip=nip, librarian=librarian, address=address_mask(official), official=True
        )
    return RegisterCheck(nip=nip, librarian=librarian, address=address_normalize(email))


def account_register_request(*, nip: str, email: str) -> MailSent:
    """Someone asks for an account for a registry NIP. Nothing is created: one mail goes out,
    to the registry's official address for the NIP if it has one, else to `email`:

    - the NIP has an account: that fact, its address masked, and how to claim the NIP (the
      returned MailSent carries the masked address too, for the page);
    - the address belongs to another account: that fact, and how to log in;
    - else: a link (valid REGISTRATION_LINK_VALID) that creates the account when opened.

    Raises InvalidNip or NotInRegistry, which the public NIP check shows anyway.
    """
    nip, librarian = _registry_entry(nip)
    official = address_normalize(librarian.email)
    to = official or address_normalize(email)
    with transaction.atomic():
        _lock_nip(librarian)
        holder = User.objects.filter(nip=nip).first()
        context = {"librarian": librarian, "nip": nip, "address": to}
        if holder is not None:
            kind, template = RegistrationMailKind.NIP_TAKEN, "register_nip_taken"
            context.update(
                account_address=address_mask(holder.email),
                same_address=address_normalize(holder.email) == to,
            )
        elif email_address_holder(email=to) is not None:
            kind, template = RegistrationMailKind.EMAIL_TAKEN, "register_email_taken"
        else:
            kind, template = RegistrationMailKind.REGISTER_LINK, "register_link"
        _registration_mail(kind=kind, nip=nip, to=to, template=template, context=context)
    taken = {"nip_taken": True, "account_address": address_mask(holder.email)} if holder else {}
    if official:
        return MailSent(address=address_mask(to), official=True, **taken)
    return MailSent(address=to, **taken)


def account_register_confirm(*, token: str) -> RegisterConfirmed:
    """The registration link was opened: create the account with a generated password and mail
    the credentials (after commit). Opening it again answers the same account, created=False.

    Raises LinkInvalid, LinkExpired, NotInRegistry, RegistryAddressChanged (the registry now
    records another official address), AlreadyRegistered (the NIP got an account with another
    address meanwhile) or EmailTaken.
    """
    with transaction.atomic():
        link = (
            # Only the link's row: PostgreSQL locks no row on the nullable side of a join.
            RegistrationMail.objects.select_for_update(of=("self",))
            .filter(token_hash=link_token_hash(token), kind=RegistrationMailKind.REGISTER_LINK)
            .select_related("user")
            .first()
        )
        if link is None or (link.used_at is not None and link.user is None):
            raise exceptions.LinkInvalid()
        if link.used_at is not None:
            return RegisterConfirmed(user=link.user, created=False)
        if link_expired(link):
            raise exceptions.LinkExpired()
        librarian = librarian_get_by_nip(nip=link.nip)
        if librarian is None:
            raise exceptions.NotInRegistry()
        _lock_nip(librarian)
        official = address_normalize(librarian.email)
        if official and official != link.email:
            raise exceptions.RegistryAddressChanged()
        holder = User.objects.filter(nip=link.nip).first()
        if holder is not None:
            if address_normalize(holder.email) != link.email:
                raise exceptions.AlreadyRegistered()
            # An earlier link to this same address was opened first: this is their account.
            _link_use(link, user=holder)
            return RegisterConfirmed(user=holder, created=False)
        if email_address_holder(email=link.email) is not None:
            raise exceptions.EmailTaken()
        try:
            with transaction.atomic():
                user = User(
                    username=link.nip,
                    nip=link.nip,
                    email=link.email,
                    first_name=librarian.name[:150],
                )
                password = generated_password_set(user)
                user.save(force_insert=True)
                # Confirmed: the link reached this mailbox.
                EmailAddress.objects.create(
                    user=user, email=link.email, primary=True, verified=True
                )
        except IntegrityError as exc:  # a race past the checks: the constraints decide
            if User.objects.filter(nip=link.nip).exists():
                raise exceptions.AlreadyRegistered() from exc
            raise exceptions.EmailTaken() from exc
        _link_use(link, user=user)
        event_record(
            subject=user,
            kind="account_registered",
            actor=user,
            note=_("Alamat e-mail dikonfirmasi lewat tautan: %(address)s")
            % {"address": address_mask(user.email)},
        )
        _credentials_send(user=user, password=password)
    return RegisterConfirmed(user=user, created=True)


def _link_use(link: RegistrationMail, *, user: User | None = None) -> None:
    link.used_at = timezone.now()
    link.user = user
    link.save(update_fields=["used_at", "user"])


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
# The event of each change: (superuser status?, given?) -> kind (registration.events).
ROLE_EVENTS = {
    (False, True): "role_granted",
    (False, False): "role_revoked",
    (True, True): "superuser_granted",
    (True, False): "superuser_revoked",
}


def user_staff_roles_set(
    *,
    user: User,
    roles: Iterable[tuple[Provider | int, str]],
    actor: User,
    is_superuser: bool | None = None,
) -> None:
    """Let the user hold exactly these roles, each at its provider ((provider, role) pairs, or
    (provider, role, service) for a role held for that service only: an external assessor,
    workflow.staff_role_service_refusal, a ValidationError otherwise), and, if given, this
    superuser status.

    Every role granted or revoked must be the actor's to change
    (registration.workflow.staff_role_change_refusal: a superuser any role anywhere, an
    Administrator at a provider the ordinary roles there), and superuser status is a
    superuser's: otherwise PermissionDenied and nothing changes, whatever form or page called.
    Roles the call leaves as they are need no right, so a provider's administrator passes the
    user's roles elsewhere through unchanged. Every change is an event on the user naming the
    role and the provider; the SENSITIVE_ROLES are also e-mailed, after commit, to every other
    active superuser and to the active Administrators at that provider (superuser status to
    every active superuser and Administrator), but not to the actor nor to the user.
    """
    wanted = {_role_key(*item) for item in roles}
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        held = {
            (provider_id, Role(role), service_id)
            for provider_id, role, service_id in StaffRole.objects.filter(user=locked).values_list(
                "provider_id", "role", "service_id"
            )
        }
        granted = sorted(wanted - held, key=_role_order)
        revoked = sorted(held - wanted, key=_role_order)
        for provider_id, role, _service_id in granted + revoked:
            refusal = workflow.staff_role_change_refusal(
                actor=actor, provider_id=provider_id, role=role
            )
            if refusal is not None:
                raise refusal
        for provider_id, role, service_id in granted:
            invalid = workflow.staff_role_service_refusal(
                provider_id=provider_id, role=role, service_id=service_id
            )
            if invalid is not None:
                raise invalid
        superuser_change = is_superuser is not None and is_superuser != locked.is_superuser
        if superuser_change and not (actor.is_active and actor.is_superuser):
            raise PermissionDenied(_("Hanya superuser yang dapat mengubah status superuser."))

        for provider_id, role, service_id in revoked:
            StaffRole.objects.filter(
                user=locked, provider_id=provider_id, role=role, service_id=service_id
            ).delete()
        StaffRole.objects.bulk_create(
            [
                StaffRole(user=locked, provider_id=p, role=role, service_id=s)
                for p, role, s in granted
            ]
        )
        staff_groups_sync(locked.pk)  # bulk_create sends no signal
        names = dict(
            Provider.objects.filter(pk__in={p for p, _role, _s in granted + revoked}).values_list(
                "pk", "name"
            )
        )
        changes = [
            RoleChange(role=role, given=True, provider_id=p, provider=names[p])
            for p, role, _s in granted
        ]
        changes += [
            RoleChange(role=role, given=False, provider_id=p, provider=names[p])
            for p, role, _s in revoked
        ]
        if superuser_change:
            locked.is_superuser = is_superuser
            locked.save(update_fields=["is_superuser"])
            changes.append(RoleChange(role=SUPERUSER, given=is_superuser))
        for change in changes:
            event_record(
                subject=locked,
                kind=ROLE_EVENTS[(change.role == SUPERUSER, change.given)],
                actor=actor,
                from_state="" if change.given else change.role[:32],
                to_state=change.role[:32] if change.given else "",
                note=change.provider or change.role,
            )
        told = [change for change in changes if change.role in SENSITIVE_ROLES | {SUPERUSER}]
        if told:
            _role_changes_mail(user=locked, actor=actor, changes=told)
    user.is_superuser = locked.is_superuser
    user_roles_forget(user)
    user_roles_forget(actor)


def _provider_pk(provider: Provider | int) -> int:
    return provider if isinstance(provider, int) else provider.pk


def _role_key(
    provider: Provider | int, role: str, service: Service | int | None = None
) -> tuple[int, Role, int | None]:
    """A role as held: at the provider, for every service (None) or for one service only
    (external staff, portal.StaffRole.service)."""
    service_id = service.pk if isinstance(service, Service) else service
    return (_provider_pk(provider), Role(role), service_id)


def _role_order(key: tuple[int, Role, int | None]) -> tuple[int, str, int]:
    provider_id, role, service_id = key
    return (provider_id, role, service_id or 0)


@dataclass(frozen=True)
class RoleChange:
    """One role granted or revoked at a provider, or superuser status (no provider)."""

    role: str
    given: bool
    provider_id: int | None = None
    provider: str = ""

    @property
    def label(self) -> str:
        if self.role == SUPERUSER:
            return _("Superuser (semua hak akses)")
        return _("%(role)s di %(provider)s") % {
            "role": Role(self.role).label,
            "provider": self.provider,
        }


def _role_changes_mail(*, user: User, actor: User, changes: list[RoleChange]) -> None:
    """One mail per administrator, so nobody sees the others' addresses, telling each the
    changes that concern them: every superuser all of them, an Administrator at a provider those
    at that provider (and superuser status, which concerns the whole portal). Not to the actor,
    nor to the user whose roles changed (the mail is about them)."""
    others = (
        User.objects.filter(is_active=True).exclude(pk__in=[actor.pk, user.pk]).exclude(email="")
    )
    told: dict[int, list[RoleChange]] = {}
    people: dict[int, User] = {}
    for superuser in others.filter(is_superuser=True):
        people[superuser.pk] = superuser
        told[superuser.pk] = list(changes)
    at = StaffRole.objects.filter(role=Role.ADMINISTRATOR, user__in=others).select_related("user")
    everywhere = any(change.provider_id is None for change in changes)
    if not everywhere:
        at = at.filter(provider_id__in={change.provider_id for change in changes})
    for held in at.order_by("user_id", "provider_id"):
        if held.user_id in people and people[held.user_id].is_superuser:
            continue
        people[held.user_id] = held.user
        mine = told.setdefault(held.user_id, [])
        for change in changes:
            concerns = change.provider_id in (None, held.provider_id)
            if concerns and change not in mine:
                mine.append(change)
    base = {
        "user": user,
        "person": person_label(user),
        "actor": actor,
        "actor_name": person_label(actor),
        "when": date_format(timezone.localtime(), "j F Y, H.i"),
        "admin_url": f"{settings.PORTAL_BASE_URL}/admin/registration/user/{user.pk}/change/",
    }
    for pk in sorted(told):
        recipient = people[pk]
        context = {
            **base,
            "changes": [(change.label, change.given) for change in told[pk]],
            "recipient": person_label(recipient),
        }
        subject = render_to_string("registration/email/role_changed_subject.txt", context).strip()
        body = render_to_string("registration/email/role_changed_body.txt", context)
        EmailMessage(subject=subject, body=body, to=[recipient.email]).send()


# --- Addresses and claims ---------------------------------------------------------------


def email_address_add_check(*, user: User, email: str) -> str:
    """The address `user` may add to their account, normalised; raises EmailTaken when another
    account holds it (as its address or as one of its addresses, in any case)."""
    email = address_normalize(email)
    if email_address_holder(email=email, exclude=user) is not None:
        raise exceptions.EmailTaken()
    return email


# --- Account claims ---------------------------------------------------------------------------


def account_claim_request(*, nip: str, email: str) -> MailSent:
    """The owner of a NIP asks to claim it. Nothing is filed yet: a mail goes to `email`, with a
    link to the claim form when the NIP has an account with another address, otherwise saying
    why no claim is needed (no account yet: register; this address already is the account's:
    reset the password). A claim from an address nobody confirmed never reaches the panel.

    Raises InvalidNip or NotInRegistry.
    """
    nip, librarian = _registry_entry(nip)
    to = address_normalize(email)
    with transaction.atomic():
        _lock_nip(librarian)
        holder = User.objects.filter(nip=nip).first()
        if holder is None:
            kind, template = RegistrationMailKind.CLAIM_NEEDLESS, "claim_needless"
        elif address_normalize(holder.email) == to:
            kind, template = RegistrationMailKind.CLAIM_OWN_ADDRESS, "claim_own_address"
        else:
            kind, template = RegistrationMailKind.CLAIM_LINK, "claim_link"
        _registration_mail(
            kind=kind,
            nip=nip,
            to=to,
            template=template,
            context={"librarian": librarian, "nip": nip, "address": to},
        )
    return MailSent(to)


def account_claim_submit(
    *, token: str, full_name: str, statement: str, ktp, employee_card
) -> AccountClaim:
    """File the claim from the confirmed link, with KTP and Kartu Pegawai (checked like any
    document and stored written anew), for the verification panel. Submitting twice from one
    link files one claim.

    Raises ValidationError (field errors: a file refused), LinkInvalid, LinkExpired or ClaimError.
    """
    files = {
        ClaimDocumentKind.KTP: ("ktp", ktp),
        ClaimDocumentKind.EMPLOYEE_CARD: ("employee_card", employee_card),
    }
    checked, errors = {}, {}
    for kind, (field, file) in files.items():
        try:
            checked[kind] = upload_clean(file, CLAIM_UPLOAD_RULES)
        except UploadRejected as exc:
            errors[field] = [exc.message]
    with transaction.atomic():
        link = (
            RegistrationMail.objects.select_for_update()
            .filter(token_hash=link_token_hash(token), kind=RegistrationMailKind.CLAIM_LINK)
            .first()
        )
        if link is None:
            raise exceptions.LinkInvalid()
        if link.used_at is not None:
            claim = AccountClaim.objects.filter(link=link).first()
            if claim is None:
                raise exceptions.LinkInvalid()
            return claim  # the second click of a double click
        if link_expired(link):
            raise exceptions.LinkExpired()
        if errors:
            raise ValidationError(errors)
        librarian = librarian_get_by_nip(nip=link.nip)
        if librarian is None:
            raise exceptions.NotInRegistry()
        _lock_nip(librarian)
        holder = User.objects.filter(nip=link.nip).first()
        if holder is None:
            raise ClaimError(
                _(
                    "NIP ini belum memiliki akun, jadi tidak perlu diklaim. Daftarlah dengan "
                    "NIP ini."
                )
            )
        if email_address_holder(email=link.email, exclude=holder) is not None:
            raise ClaimError(
                _(
                    "Alamat e-mail %(address)s sudah dipakai akun lain, sehingga akun NIP ini "
                    "tidak dapat dialihkan ke alamat tersebut. Ajukan klaim dengan alamat lain."
                )
                % {"address": link.email}
            )
        claim = AccountClaim.objects.create(
            librarian=librarian,
            account=holder,
            email=link.email,
            full_name=full_name.strip(),
            statement=statement.strip(),
            link=link,
        )
        for kind, (_field, file) in files.items():
            document = ClaimDocument(
                claim=claim,
                kind=kind,
                original_name=(getattr(file, "name", "") or "")[:255],
                file_kind=checked[kind].checked.kind,
                content_type=checked[kind].checked.content_type,
                size=checked[kind].checked.size,
                sha256=checked[kind].checked.sha256,
            )
            # Stored written anew, like every upload; upload_to picks a random name.
            document.file.save(file.name, ContentFile(checked[kind].content), save=False)
            document.save()
        _link_use(link)
        event_record(
            subject=claim,
            kind="account_claim_submitted",
            to_state=ClaimStatus.SUBMITTED,
            note=_("Diajukan dari alamat yang dikonfirmasi: %(address)s")
            % {"address": address_mask(claim.email)},
        )
        event_record(
            subject=holder,
            kind="account_claim_submitted",
            note=_("Klaim akun %(claim)s diajukan untuk NIP ini.") % {"claim": claim.public_id},
        )
        _mail_send(template="claim_received", to=claim.email, context={"claim": claim})
    return claim


def account_claim_transition(
    *, claim: AccountClaim, to: str, actor: User, note: str = ""
) -> AccountClaim:
    """The one way a claim is decided: checks the table and the actor, locks the claim, and on
    approval hands the account over (see _account_transfer). A rejection needs a reason, which
    the claimant receives. Raises ClaimError."""
    note = note.strip()
    with transaction.atomic():
        locked = (
            AccountClaim.objects.select_for_update(of=("self",))
            .select_related("librarian")
            .get(pk=claim.pk)
        )
        from_state = locked.status
        if not workflow.claim_allowed(from_state, to):
            raise ClaimError(
                _("Klaim ini berstatus “%(status)s” dan tidak dapat diubah lagi.")
                % {"status": locked.get_status_display()}
            )
        # Verifiers of the librarian exam's provider: the registry is that exam's.
        provider_id = claims_provider_id()
        if not any(
            holds_role_at(actor, role, provider_id)
            for role in workflow.claim_actor_kinds(from_state, to)
        ):
            raise ClaimError(_("Hanya tim verifikasi yang dapat memutuskan klaim akun."))
        if to == ClaimStatus.REJECTED and not note:
            raise ClaimError(
                _("Tuliskan alasan penolakan; pemohon klaim menerimanya lewat e-mail.")
            )
        fields = ["status", "decided_by", "decided_at", "decision_note", "updated_at"]
        if to == ClaimStatus.APPROVED:
            locked.account = _account_transfer(claim=locked, actor=actor)
            fields.append("account")
        locked.status = to
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_note = note
        locked.save(update_fields=fields)
        event_record(
            subject=locked,
            kind="status",
            actor=actor,
            from_state=from_state,
            to_state=to,
            note=note,
        )
        if to == ClaimStatus.REJECTED:
            _mail_send(template="claim_rejected", to=locked.email, context={"claim": locked})
    return locked


def _account_transfer(*, claim: AccountClaim, actor: User) -> User:
    """Give the NIP's account to the claimant: their confirmed address becomes its only address,
    a new generated password replaces the old one (Django then ends every session opened with
    the old one), two-factor devices set up by the old holder are removed, the claimant gets the
    credentials and the old address a notice. With no account left for the NIP, one is made."""
    nip = claim.librarian.nip
    holder = User.objects.select_for_update().filter(nip=nip).first()
    if email_address_holder(email=claim.email, exclude=holder) is not None:
        raise ClaimError(
            _(
                "Alamat e-mail pemohon kini dipakai akun lain, sehingga klaim ini tidak dapat "
                "disetujui. Tolak klaim dengan alasan tersebut."
            )
        )
    old_address = ""
    if holder is None:
        holder = User(
            username=nip, nip=nip, email=claim.email, first_name=claim.librarian.name[:150]
        )
        password = generated_password_set(holder)
        holder.save(force_insert=True)
    else:
        old_address = holder.email
        holder.email = claim.email
        password = generated_password_set(holder)
        holder.save(update_fields=["email", "password", "must_change_password"])
        EmailAddress.objects.filter(user=holder).delete()
        Authenticator.objects.filter(user=holder).delete()
    EmailAddress.objects.create(user=holder, email=claim.email, primary=True, verified=True)
    event_record(
        subject=holder,
        kind="account_claim_approved",
        actor=actor,
        note=_("Klaim %(claim)s disetujui: alamat e-mail %(old)s diganti %(new)s.")
        % {
            "claim": claim.public_id,
            "old": address_mask(old_address) or "-",
            "new": address_mask(claim.email),
        },
    )
    _mail_send(
        template="claim_approved",
        to=claim.email,
        context={
            "claim": claim,
            "user": holder,
            "password": password,
            "login_url": f"{settings.PORTAL_BASE_URL}/accounts/login/",
        },
    )
    if old_address and address_normalize(old_address) != claim.email:
        _mail_send(
            template="claim_approved_old_address",
            to=old_address,
            context={"claim": claim, "user": holder},
        )
    return holder


# --- Profile -------------------------------------------------------------------------------


def profile_errors(*, user: User, data: dict) -> dict[str, list[str]]:
    """The profile's rules, for whatever part of `data` is there (a field the form refused is
    absent and skipped): the WhatsApp number must be an Indonesian mobile, a birth date or sex
    given must agree with the NIP, the rank must belong to the level (registration.levels).
    Field name -> messages in Indonesian; empty when all hold. The page asks it even when the
    form refused other fields, so the candidate sees every error in one round."""
    errors = {}
    if "whatsapp" in data:
        try:
            whatsapp_normalize(data["whatsapp"])
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
    return errors


def profile_save(*, user: User, data: dict) -> Profile:
    """Create or update the candidate's profile. Birth date and sex are the NIP's (the form
    does not ask them; a caller that passes them must pass the NIP's), and every rule of
    profile_errors must hold.

    Raises ValidationError with field errors in Indonesian.
    """
    data = {"whatsapp": "", **data}  # required: an absent number is refused like a bad one
    errors = profile_errors(user=user, data=data)
    if errors:
        raise ValidationError(errors)
    data["whatsapp"] = whatsapp_normalize(data["whatsapp"])
    if user.nip:
        parsed = parse_nip(user.nip)
        data.update(birth_date=parsed.birth_date, sex=parsed.sex)
    with transaction.atomic():
        profile, _created = Profile.objects.update_or_create(user=user, defaults=data)
        event_record(subject=user, kind="profile_saved", actor=user)
    return profile


def profile_initial(*, user: User) -> dict:
    """Values to pre-fill a new profile form: from the registry entry of the NIP."""
    initial = {}
    if user.nip:
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


def _offered_check(*, service: Service, purpose: str, levels) -> None:
    """The purpose must be one the service lists (registration.ServicePurpose), the levels
    ones it examines (registration.ServiceLevel)."""
    if not service_purpose_exists(service=service, code=purpose):
        raise ApplicationError(
            _("Pilih tujuan uji kompetensi yang tersedia untuk layanan %(service)s.")
            % {"service": service.name}
        )
    missing = service_levels_missing(service=service, levels=levels)
    if missing:
        raise ApplicationError(
            _("Jenjang %(level)s tidak diujikan pada layanan %(service)s.")
            % {"level": missing[0].name, "service": service.name}
        )


def application_create(
    *,
    candidate: User,
    service: Service,
    purpose: str,
    current_level: Level | None,
    target_level: Level,
) -> Application:
    _offered_check(service=service, purpose=purpose, levels=(current_level, target_level))
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
            application.reused_documents = application_documents_reuse(application=application)
    except IntegrityError as exc:  # a double click: the constraint allows one open application
        raise ApplicationError(_("Anda sudah memiliki pengajuan untuk layanan ini.")) from exc
    return application


def documents_reused_message(copies: list[Document]) -> str:
    """What the page says after application_create copied documents (its reused_documents)."""
    return ngettext(
        "%(count)d berkas yang masih berlaku disalin dari pengajuan sebelumnya. Periksa dan "
        "ganti bila perlu.",
        "%(count)d berkas yang masih berlaku disalin dari pengajuan sebelumnya. Periksa dan "
        "ganti bila perlu.",
        len(copies),
    ) % {"count": len(copies)}


def _months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, monthrange(year, month + 1)[1]))


def document_reusable(document: Document, *, today: date) -> bool:
    """May this document of a closed application serve the candidate's next one? Only what the
    verifier found "sesuai", for a requirement the provider has not changed since (its rules or
    text: Requirement.set_at), whose file still meets the requirement's kinds and size and is
    younger than the requirement's reuse_months (counted from the upload: the portal cannot read
    the date written on a letter; 0 means never)."""
    requirement = document.requirement
    if document.verdict != Verdict.VALID:
        return False
    if requirement.set_at is not None and requirement.set_at > document.uploaded_at:
        return False
    if document.kind not in requirement.accepted_kinds:
        return False
    if document.size > requirement.max_size_bytes:
        return False
    if requirement.reuse_months is not None:
        uploaded = timezone.localdate(document.uploaded_at)
        if requirement.reuse_months == 0 or uploaded <= _months_before(
            today, requirement.reuse_months
        ):
            return False
    return document.file.storage.exists(document.file.name)


def application_documents_reuse(*, application: Application) -> list[Document]:
    """Copy into a new (draft) application the documents of the candidate's last failed one for
    the same service that are still valid (document_reusable). Each copy is a new file in
    storage, not a shared path: deleting or replacing one never touches the other. The copies
    are marked `copied_from` ("Dari pengajuan sebelumnya" on the application pages), stay
    replaceable like any upload of a draft, and are verified again with the new application.
    Called by application_create inside its transaction; returns the copies."""
    previous = (
        Application.objects.filter(
            candidate_id=application.candidate_id,
            service_id=application.service_id,
            status=ApplicationStatus.FAILED,
        )
        .exclude(pk=application.pk)
        .order_by("-created_at")
        .first()
    )
    if previous is None:
        return []
    today = timezone.localdate()
    copies = []
    documents = Document.objects.filter(
        application=previous, is_current=True, requirement__service_id=application.service_id
    ).select_related("requirement")
    for document in documents:
        if not document_reusable(document, today=today):
            continue
        with document.file.open("rb") as source:
            content = source.read()
        copy = Document(
            application=application,
            requirement=document.requirement,
            version=1,
            original_name=document.original_name,
            kind=document.kind,
            content_type=document.content_type,
            size=document.size,
            sha256=document.sha256,
            uploaded_by=document.uploaded_by,
            copied_from=document,
        )
        copy.file.save(document.file.name.rsplit("/", 1)[-1], ContentFile(content), save=False)
        copy.save()
        copies.append(copy)
    if copies:
        event_record(
            subject=application,
            kind="documents_reused",
            actor=application.candidate,
            note=_("Dari pengajuan sebelumnya: %(names)s.")
            % {"names": ", ".join(copy.requirement.name for copy in copies)},
        )
    return copies


def application_update(
    *, application: Application, actor: User, purpose: str, current_level, target_level
) -> Application:
    _offered_check(
        service=application.service, purpose=purpose, levels=(current_level, target_level)
    )
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
    refusal = workflow.application_edit_refusal(locked, actor)
    if refusal is not None:
        raise refusal
    return locked


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
        if not workflow.document_replaceable(application=application, current=previous):
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


def _purpose_listed(application: Application) -> bool:
    """Is the application's purpose one its service lists? Read from the purpose's name when a
    selector loaded it with the application (registration.selectors.with_purpose_name)."""
    if hasattr(application, "purpose_name"):
        return application.purpose_name is not None
    return service_purpose_exists(service=application.service, code=application.purpose)


def application_missing(*, application: Application) -> list[str]:
    """What still stops the application from being submitted, in Indonesian."""
    profile = (
        Profile.objects.select_related("rank").filter(user_id=application.candidate_id).first()
    )
    current = {
        document.requirement_id: document
        for document in Document.objects.filter(application=application, is_current=True)
    }
    return application_missing_from(
        application=application,
        profile=profile,
        requirements=[
            (requirement, current.get(requirement.pk))
            for requirement in application.service.requirements.all()
        ],
    )


def application_missing_from(
    *,
    application: Application,
    profile: Profile | None,
    requirements: Iterable[tuple[Requirement, Document | None]],
) -> list[str]:
    """application_missing from what the caller already loaded: the candidate's profile (with
    its rank) and each requirement of the service with its current document (or None). The
    application page reads them anyway for its task list, so it asks nothing twice."""
    missing = []
    if profile is None:
        missing.append(_("Profil peserta belum diisi"))
    missing += application_purpose_problems(application=application, profile=profile)
    for requirement, document in requirements:
        if document is None:
            if requirement.required:
                missing.append(_("Berkas belum diunggah: %(name)s") % {"name": requirement.name})
        elif document.verdict == Verdict.NEEDS_REVISION:
            missing.append(_("Berkas perlu diganti: %(name)s") % {"name": requirement.name})
    return missing


def application_purpose_problems(*, application: Application, profile: Profile | None) -> list[str]:
    """Why the application's purpose and levels cannot be submitted as they are (the task
    list marks its "Tujuan uji kompetensi" line by them), in Indonesian."""
    missing = []
    if not _purpose_listed(application):
        # The provider may have withdrawn the purpose since the application chose it.
        missing.append(
            _("Tujuan uji kompetensi ini tidak lagi ditawarkan layanan; pilih tujuan yang lain")
        )
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
    return missing


def reference_format(*, prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year}-{number:06d}"


def reference_take(*, service: Service, year: int) -> str:
    """The next reference number of the service's prefix and year, under the sequence row's
    lock (held until the submitting transaction ends, so a rollback gives the number back and
    no number is skipped or given twice)."""
    prefix = service.reference_prefix
    try:
        # Its own savepoint: two first submissions of a year may both try to create the row.
        with transaction.atomic():
            ReferenceSequence.objects.get_or_create(prefix=prefix, year=year)
    except IntegrityError:
        pass  # the other one created it; the lock below waits for it
    # Inside the caller's transaction this is a savepoint and the row stays locked to its end;
    # called on its own (a script, a fixture), it is a transaction of its own.
    with transaction.atomic():
        sequence = ReferenceSequence.objects.select_for_update().get(prefix=prefix, year=year)
        sequence.last += 1
        sequence.save(update_fields=["last"])
    return reference_format(prefix=prefix, year=year, number=sequence.last)


def application_submit(*, application: Application, actor: User, declared: bool) -> Application:
    """Submit (or resubmit after a return). Submitting twice leaves one submission. The first
    submission gives the application its reference number; a resubmission keeps it. `declared`:
    the candidate stated that the data and documents are true (the check-answers page's
    declaration); nothing is submitted without it, whichever door the call comes through."""
    if not declared:
        raise ApplicationError(
            _("Centang pernyataan kebenaran data dan berkas sebelum mengajukan.")
        )
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
        extra_fields = ["submitted_at", "due_date"]
        if not locked.reference:
            # A refused transition below rolls this back with the number.
            locked.reference = reference_take(
                service=locked.service, year=timezone.localtime(locked.submitted_at).year
            )
            extra_fields.append("reference")
        application = application_transition(
            application=locked,
            to=ApplicationStatus.SUBMITTED,
            actor=actor,
            extra_fields=extra_fields,
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
    EmailMessage(
        subject=subject.strip(),
        body=body,
        from_email=from_email(provider=application.service.provider),
        to=[application.candidate.email],
    ).send()


@dataclass(frozen=True)
class RelativeInput:
    """One relative a staff member declares: NIP as typed, relationship, name (optional)."""

    nip: str
    relationship: str
    name: str = ""


def staff_declaration_save(
    *,
    user: User,
    actor: User,
    nip: str,
    work_unit: str,
    institution: str,
    relatives: list[RelativeInput],
) -> StaffDeclaration:
    """Store what a staff member declares for conflicts of interest (registration.conflicts),
    replacing the earlier declaration whole, and record the change with what it now says.
    Raises ValidationError with Indonesian messages: a NIP that cannot be right, a relationship
    not in the list, a relative declared twice, or oneself as one's relative."""
    own_nip, relative_rows = _declaration_clean(nip, relatives)
    with transaction.atomic():
        declaration, _created = StaffDeclaration.objects.select_for_update().get_or_create(
            user=user
        )
        declaration.nip = own_nip
        declaration.work_unit = work_unit.strip()
        declaration.institution = institution.strip()
        declaration.save(update_fields=["nip", "work_unit", "institution", "updated_at"])
        declaration.relatives.all().delete()
        StaffRelative.objects.bulk_create(
            StaffRelative(declaration=declaration, **row) for row in relative_rows
        )
        event_record(
            subject=user,
            kind="conflict_declaration_saved",
            actor=actor,
            note=_declaration_summary(declaration, relative_rows),
        )
    user.__dict__.pop("_conflict_ties", None)
    return declaration


def _declaration_nip(raw: str, label: str) -> str:
    try:
        return parse_nip(raw).nip
    except NipError as exc:
        raise ValidationError(
            _("%(label)s: %(error)s") % {"label": label, "error": exc.message}
        ) from None


def _declaration_clean(nip: str, relatives: list[RelativeInput]) -> tuple[str, list[dict]]:
    own = _declaration_nip(nip, _("NIP sendiri")) if nip.strip() else ""
    rows, seen = [], set()
    for relative in relatives:
        relative_nip = _declaration_nip(relative.nip, _("NIP kerabat"))
        if relative.relationship not in Relationship.values:
            raise ValidationError(_("Pilih hubungan kerabat dari daftar."))
        if relative_nip == own:
            raise ValidationError(_("NIP kerabat tidak boleh sama dengan NIP Anda sendiri."))
        if relative_nip in seen:
            raise ValidationError(
                _("Kerabat dengan NIP %(nip)s dinyatakan dua kali.") % {"nip": relative_nip}
            )
        seen.add(relative_nip)
        rows.append(
            {
                "nip": relative_nip,
                "relationship": relative.relationship,
                "name": relative.name.strip(),
            }
        )
    return own, rows


def _declaration_summary(declaration: StaffDeclaration, rows: list[dict]) -> str:
    """The event's note: what the declaration says after the change, so history shows it."""
    parts = [
        _("NIP sendiri: %(nip)s") % {"nip": declaration.nip or "-"},
        _("unit kerja: %(unit)s") % {"unit": declaration.work_unit or "-"},
        _("instansi: %(institution)s") % {"institution": declaration.institution or "-"},
    ]
    parts += [
        _("kerabat %(nip)s (%(relationship)s)")
        % {"nip": row["nip"], "relationship": Relationship(row["relationship"]).label}
        for row in rows
    ]
    return "; ".join(parts)
