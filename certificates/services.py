"""Changes to certificates. Each is one function: check the table and the actor, lock the row,
save, record the event on the application (so the candidate's timeline shows it), then mail or
enqueue after commit.

Batch actions (validate, issue, sign, legalise) run each certificate in its own transaction and
report a BatchResult: one refusal never stops the others, and nothing half-done is kept.

Numbers are taken from a NumberSequence row per service and year, locked FOR UPDATE inside the
issuing transaction: a rolled-back issuance gives its number back, so numbers have no gap and
no duplicate whatever the concurrency (tests/certificates/test_numbering.py proves it).
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates import tasks, workflow
from certificates.constants import CertificateStatus, FileState
from certificates.exceptions import CertificateError
from certificates.models import Certificate, NumberSequence
from portal.calendar import add_working_days
from portal.catalogue import service_time_limit
from portal.constants import Role
from portal.credentials.status import status_index_take, status_list_changed
from portal.events import event_record
from portal.mail import from_email
from portal.models import Service
from portal.roles import holds_role_at
from registration.constants import ApplicationStatus
from registration.models import ApplicantSnapshot, Application, User
from registration.nip import NipError, parse_nip
from registration.selectors import applicant_related, applicant_snapshot, disposition_required

# The snapshot fields an officer may correct while the data is being checked.
EDITABLE_FIELDS = (
    "name",
    "nip",
    "birth_place",
    "birth_date",
    "rank",
    "position",
    "purpose",
    "level",
    "institution",
)

# Who may open a certificate: the head of panel publishing a pass, or staff repairing one.
OPENERS = frozenset({Role.ASSESSOR, Role.CERTIFICATE_OFFICER, Role.ADMINISTRATOR})


@dataclass
class BatchResult:
    """What a batch action did: the certificates moved on, and those refused with the reason."""

    done: list[Certificate] = field(default_factory=list)
    refused: list[tuple[Certificate, str]] = field(default_factory=list)


def _locked(certificate: Certificate) -> Certificate:
    # of=("self",): the application's levels are outer joins, which PostgreSQL cannot lock.
    return (
        Certificate.objects.select_for_update(of=("self",))
        .select_related(
            "application__service",
            "application__candidate",
            "application__current_level",
            "application__target_level",
        )
        .get(pk=certificate.pk)
    )


def _role_check(actor: User, provider_id: int, *roles: Role) -> None:
    """The actor holds one of the roles at the provider (the certificate's)."""
    if not any(holds_role_at(actor, role, provider_id) for role in roles):
        raise CertificateError(_("Anda tidak memiliki peran untuk melakukannya."))


def _refuse(refusal: CertificateError | None) -> None:
    if refusal is not None:
        raise refusal


def _transition_check(certificate: Certificate, to: str, actor: User) -> None:
    _refuse(workflow.transition_refusal(certificate, to, actor))


def _due_date(service: Service, stage: str) -> date | None:
    """The stage's due date in working days from today, or None for a stage without a limit."""
    limit = workflow.STAGE_LIMITS.get(stage)
    if limit is None:
        return None
    return add_working_days(timezone.localdate(), service_time_limit(service=service, stage=limit))


def _move(
    certificate: Certificate,
    *,
    to: str,
    actor: User,
    kind: str,
    note: str = "",
    fields: tuple[str, ...] = (),
) -> None:
    """Save the locked certificate in its new stage, with its due date, and record the event."""
    from_state = certificate.status
    certificate.status = to
    certificate.due_date = _due_date(certificate.application.service, to)
    certificate.save(update_fields=["status", "due_date", "updated_at", *fields])
    event_record(
        subject=certificate.application,
        kind=kind,
        actor=actor,
        from_state=from_state,
        to_state=to,
        note=note,
    )


def _mail(certificate: Certificate, *, kind: str) -> None:
    """Tell the candidate (through the outbox, after commit)."""
    context = {
        "certificate": certificate,
        "application": certificate.application,
        "certificate_url": f"{settings.PORTAL_BASE_URL}/sertifikat/",
    }
    EmailMessage(
        subject=render_to_string(f"certificates/email/{kind}_subject.txt", context).strip(),
        body=render_to_string(f"certificates/email/{kind}_body.txt", context),
        from_email=from_email(provider=certificate.application.service.provider),
        to=[certificate.application.candidate.email],
    ).send()


def _batch(certificates, action) -> BatchResult:
    result = BatchResult()
    for certificate in certificates:
        try:
            with transaction.atomic():
                result.done.append(action(certificate))
        except CertificateError as exc:
            result.refused.append((certificate, str(exc.message)))
    return result


# Opening --------------------------------------------------------------------------------------


def _snapshot(application: Application, data: ApplicantSnapshot) -> dict:
    """The data printed on the certificate, as the verification panel verified it (never the
    live profile, which the candidate may have edited since)."""
    return {
        "name": data.full_name,
        "nip": data.nip or application.candidate.nip or application.candidate.username,
        "birth_place": data.birth_place,
        "birth_date": data.birth_date,
        "rank": str(data.rank),
        "position": data.position,
        "purpose": application.get_purpose_display(),
        "level": application.target_level.name,
        "institution": data.institution,
    }


def certificate_open(*, application: Application, actor: User) -> Certificate:
    """Start the certificate of a passed application, from the data the panel verified, and ask
    the candidate to check it. Opening again returns the certificate already there."""
    with transaction.atomic():
        # The application's lock makes two openers queue, so only one certificate is made.
        # of=("self",): the snapshot's rank is loaded too, and only the application is locked.
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("service", "candidate", "target_level", *applicant_related())
            .get(pk=application.pk)
        )
        _role_check(actor, locked.service.provider_id, *OPENERS)
        existing = Certificate.objects.filter(application=locked).first()
        if existing is not None:
            return existing
        if locked.status != ApplicationStatus.PASSED:
            raise CertificateError(
                _("Sertifikat hanya dibuat untuk pengajuan yang lulus uji kompetensi.")
            )
        data = applicant_snapshot(application=locked)
        if data is None:  # a passed application was verified, so it always has one
            raise CertificateError(
                _("Pengajuan ini tidak menyimpan data peserta yang diverifikasi.")
            )
        certificate = Certificate.objects.create(
            application=locked,
            service_id=locked.service_id,
            status=CertificateStatus.DATA_CHECK,
            due_date=_due_date(locked.service, CertificateStatus.DATA_CHECK),
            **_snapshot(locked, data),
        )
        event_record(
            subject=locked,
            kind="certificate_opened",
            actor=actor,
            to_state=CertificateStatus.DATA_CHECK,
            note=_(
                "Data sertifikat disiapkan dari data yang diverifikasi; mohon diperiksa peserta."
            ),
        )
        _mail(certificate, kind="opened")
    return certificate


# Data check -----------------------------------------------------------------------------------


def certificate_confirm(*, certificate: Certificate, actor: User) -> Certificate:
    """The candidate says the data to be printed is right."""
    with transaction.atomic():
        locked = _locked(certificate)
        _refuse(workflow.confirm_refusal(locked, actor))
        locked.candidate_confirmed_at = timezone.now()
        locked.correction_request = ""
        locked.correction_requested_at = None
        locked.save(
            update_fields=[
                "candidate_confirmed_at",
                "correction_request",
                "correction_requested_at",
                "updated_at",
            ]
        )
        event_record(
            subject=locked.application,
            kind="certificate_confirmed",
            actor=actor,
            note=_("Peserta menyatakan data sertifikat sudah benar."),
        )
    return locked


def certificate_correction_request(
    *, certificate: Certificate, actor: User, note: str
) -> Certificate:
    """The candidate asks the officer to correct the data, saying what is wrong."""
    note = (note or "").strip()
    if not note:
        raise CertificateError(_("Tuliskan data mana yang perlu diperbaiki dan seharusnya apa."))
    with transaction.atomic():
        locked = _locked(certificate)
        _refuse(workflow.data_check_refusal(locked, actor))
        locked.correction_request = note
        locked.correction_requested_at = timezone.now()
        locked.candidate_confirmed_at = None
        locked.save(
            update_fields=[
                "correction_request",
                "correction_requested_at",
                "candidate_confirmed_at",
                "updated_at",
            ]
        )
        event_record(
            subject=locked.application,
            kind="certificate_correction_requested",
            actor=actor,
            note=note,
        )
    return locked


def _value_clean(name: str, value) -> object:
    if name == "birth_date":
        if not isinstance(value, date):
            raise CertificateError(_("Tanggal lahir tidak valid."))
        return value
    value = str(value or "").strip()
    if not value:
        raise CertificateError(
            _("%(field)s tidak boleh kosong.")
            % {"field": str(Certificate._meta.get_field(name).verbose_name).capitalize()}
        )
    if name == "nip":
        try:
            return parse_nip(value).nip
        except NipError as exc:
            raise CertificateError(exc.message) from exc
    return value


def certificate_data_update(*, certificate: Certificate, actor: User, data: dict) -> Certificate:
    """The officer corrects the data to be printed, while it is still being checked. This
    answers any correction the candidate asked for; the candidate may confirm the new data."""
    unknown = sorted(set(data) - set(EDITABLE_FIELDS))
    if unknown:
        raise CertificateError(
            _("Data %(fields)s tidak dicetak pada sertifikat.") % {"fields": ", ".join(unknown)}
        )
    with transaction.atomic():
        locked = _locked(certificate)
        _refuse(workflow.data_edit_refusal(locked, actor))
        changed = []
        for name in EDITABLE_FIELDS:
            if name not in data:
                continue
            value = _value_clean(name, data[name])
            if value != getattr(locked, name):
                setattr(locked, name, value)
                changed.append(name)
        if not changed:
            raise CertificateError(_("Tidak ada data sertifikat yang berubah."))
        locked.correction_request = ""
        locked.correction_requested_at = None
        locked.candidate_confirmed_at = None
        locked.save(
            update_fields=[
                *changed,
                "correction_request",
                "correction_requested_at",
                "candidate_confirmed_at",
                "updated_at",
            ]
        )
        labels = [str(Certificate._meta.get_field(name).verbose_name) for name in changed]
        event_record(
            subject=locked.application,
            kind="certificate_data_updated",
            actor=actor,
            note=_("Data sertifikat diperbaiki petugas: %(fields)s.")
            % {"fields": ", ".join(labels)},
        )
    return locked


def _validate(certificate: Certificate, actor: User) -> Certificate:
    locked = _locked(certificate)
    _transition_check(locked, CertificateStatus.ISSUANCE, actor)
    locked.validated_at = timezone.now()
    locked.validated_by = actor
    _move(
        locked,
        to=CertificateStatus.ISSUANCE,
        actor=actor,
        kind="certificate_validated",
        note=_("Data sertifikat divalidasi dan tidak dapat diubah lagi."),
        fields=("validated_at", "validated_by"),
    )
    return locked


def certificate_validate(*, certificates, actor: User) -> BatchResult:
    """The officer validates the data (singly or in a batch): from now on it is frozen."""
    return _batch(certificates, lambda certificate: _validate(certificate, actor))


# Issuance -------------------------------------------------------------------------------------


def _number_take(service: Service, year: int) -> tuple[int, str]:
    """The next number of the service's year, under the sequence row's lock (held until the
    issuing transaction ends, so a rollback gives the number back)."""
    try:
        # Its own savepoint: two first issuances of a year may both try to create the row.
        with transaction.atomic():
            NumberSequence.objects.get_or_create(service=service, year=year)
    except IntegrityError:
        pass  # the other one created it; the lock below waits for it
    sequence = NumberSequence.objects.select_for_update().get(service=service, year=year)
    sequence.last += 1
    try:
        number = service.certificate_number_format.format(year=year, seq=sequence.last)
    except (KeyError, IndexError, ValueError) as exc:
        raise CertificateError(
            _("Format nomor sertifikat layanan ini tidak valid; hubungi administrator.")
        ) from exc
    if Certificate.objects.filter(number=number).exists():
        # A format without {year} (or shared by two services) repeats earlier numbers.
        raise CertificateError(
            _(
                "Nomor %(number)s sudah dipakai sertifikat lain; format nomor sertifikat layanan "
                "ini perlu diperbaiki. Hubungi administrator."
            )
            % {"number": number}
        )
    sequence.save(update_fields=["last"])
    return sequence.last, number


def _issue(certificate: Certificate, actor: User) -> Certificate:
    locked = _locked(certificate)
    # The service's disposition rules (registration.DispositionRule; seed 000: Ahli Madya
    # to Ahli Utama only).
    needs_disposition = disposition_required(application=locked.application)
    to = CertificateStatus.DISPOSITION if needs_disposition else CertificateStatus.SIGNING
    _transition_check(locked, to, actor)
    fields = ["needs_disposition"]
    locked.needs_disposition = needs_disposition
    if not locked.number:
        # A certificate back from disposition keeps the number it was given.
        issued_at = timezone.now()
        year = timezone.localtime(issued_at).year
        sequence, number = _number_take(locked.application.service, year)
        locked.number, locked.number_year, locked.number_sequence = number, year, sequence
        locked.issued_at = issued_at
        fields += ["number", "number_year", "number_sequence", "issued_at"]
    if locked.status_list_id is None:
        # Its bit in the provider's revocation list, taken with its number (same transaction).
        locked.status_list, locked.status_list_index = status_index_take(
            provider_id=locked.application.service.provider_id
        )
        fields += ["status_list", "status_list_index"]
    _move(
        locked,
        to=to,
        actor=actor,
        kind="certificate_issued",
        note=_("Nomor sertifikat: %(number)s.") % {"number": locked.number},
        fields=tuple(fields),
    )
    return locked


def certificate_issue(*, certificates, actor: User) -> BatchResult:
    """The officer gives validated certificates their numbers; a level change the service's
    disposition rules name (the librarian exam: Ahli Madya to Ahli Utama) then waits for the
    disposition, every other goes to signing."""
    return _batch(certificates, lambda certificate: _issue(certificate, actor))


# Disposition ----------------------------------------------------------------------------------


def certificate_dispose(
    *, certificate: Certificate, actor: User, approve: bool, note: str = ""
) -> Certificate:
    """The Pejabat Disposisi approves the certificate for signing, or returns it to the data check
    with a note saying why (it keeps its number)."""
    note = (note or "").strip()
    to = CertificateStatus.SIGNING if approve else CertificateStatus.DATA_CHECK
    if not approve and not note:
        raise CertificateError(_("Tuliskan alasan sertifikat ini dikembalikan."))
    with transaction.atomic():
        locked = _locked(certificate)
        _transition_check(locked, to, actor)
        locked.disposition_note = note
        if approve:
            locked.disposed_at = timezone.now()
            fields = ("disposition_note", "disposed_at")
            kind = "certificate_disposed"
        else:
            # Back to the data check: the data may be corrected, then validated again.
            locked.validated_at = None
            locked.validated_by = None
            fields = ("disposition_note", "validated_at", "validated_by")
            kind = "certificate_returned"
        _move(locked, to=to, actor=actor, kind=kind, note=note, fields=fields)
    return locked


# Signing and legalisation ---------------------------------------------------------------------


def _sign(certificate: Certificate, actor: User) -> Certificate:
    locked = _locked(certificate)
    _transition_check(locked, CertificateStatus.LEGALISATION, actor)
    locked.signed_at = timezone.now()
    locked.signed_by = actor
    locked.pdf_state = FileState.PENDING
    _move(
        locked,
        to=CertificateStatus.LEGALISATION,
        actor=actor,
        kind="certificate_signed",
        fields=("signed_at", "signed_by", "pdf_state"),
    )
    # robust: with the broker down the signature stands; redrive_documents renders it later.
    transaction.on_commit(lambda pk=locked.pk: tasks.render_certificate.delay(pk), robust=True)
    return locked


def certificate_sign(*, certificates, actor: User) -> BatchResult:
    """The authorised official signs (singly or in a batch); the signed PDF is rendered by a
    task once the signature is committed."""
    return _batch(certificates, lambda certificate: _sign(certificate, actor))


def _legalise(certificate: Certificate, actor: User) -> Certificate:
    locked = _locked(certificate)
    _transition_check(locked, CertificateStatus.SHIPPING, actor)
    locked.legalised_at = timezone.now()
    locked.legalised_by = actor
    locked.legalised_pdf_state = FileState.PENDING
    _move(
        locked,
        to=CertificateStatus.SHIPPING,
        actor=actor,
        kind="certificate_legalised",
        fields=("legalised_at", "legalised_by", "legalised_pdf_state"),
    )
    transaction.on_commit(lambda pk=locked.pk: tasks.render_legalised.delay(pk), robust=True)
    return locked


def certificate_legalise(*, certificates, actor: User) -> BatchResult:
    """The officer legalises signed certificates; the legalised copy is rendered by a task."""
    return _batch(certificates, lambda certificate: _legalise(certificate, actor))


# Shipping -------------------------------------------------------------------------------------


def certificate_ship(
    *, certificate: Certificate, actor: User, courier: str, tracking_number: str, sent_on: date
) -> Certificate:
    """The officer records the parcel; the candidate is told the courier and tracking number."""
    courier = (courier or "").strip()
    tracking_number = (tracking_number or "").strip()
    if not courier or not tracking_number:
        raise CertificateError(_("Isi jasa pengiriman dan nomor resi."))
    if sent_on is None or sent_on > timezone.localdate():
        raise CertificateError(_("Tanggal dikirim tidak boleh di masa depan."))
    with transaction.atomic():
        locked = _locked(certificate)
        _transition_check(locked, CertificateStatus.SENT, actor)
        locked.courier = courier
        locked.tracking_number = tracking_number
        locked.sent_on = sent_on
        _move(
            locked,
            to=CertificateStatus.SENT,
            actor=actor,
            kind="certificate_sent",
            note=_("Dikirim melalui %(courier)s, nomor resi %(tracking)s.")
            % {"courier": courier, "tracking": tracking_number},
            fields=("courier", "tracking_number", "sent_on"),
        )
        _mail(locked, kind="shipped")
    return locked


def certificate_deliver(*, certificate: Certificate, actor: User) -> Certificate:
    """The candidate (or the officer, told by the candidate or the courier) confirms receipt."""
    with transaction.atomic():
        locked = _locked(certificate)
        _transition_check(locked, CertificateStatus.DELIVERED, actor)
        locked.delivered_at = timezone.now()
        _move(
            locked,
            to=CertificateStatus.DELIVERED,
            actor=actor,
            kind="certificate_delivered",
            fields=("delivered_at",),
        )
    return locked


# Revocation -----------------------------------------------------------------------------------


def certificate_revoke(*, certificate: Certificate, actor: User, reason: str) -> Certificate:
    """An administrator revokes an issued certificate, with a reason; the public verification
    page says so from then on, and so does the provider's status list (rebuilt after commit)."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Tuliskan alasan pencabutan sertifikat."))
    with transaction.atomic():
        locked = _locked(certificate)
        _role_check(actor, workflow.provider_id_of(locked), Role.ADMINISTRATOR)
        if not locked.number:
            raise CertificateError(_("Sertifikat yang belum bernomor tidak dapat dicabut."))
        if locked.revoked_at is not None:
            raise CertificateError(_("Sertifikat ini sudah dicabut."))
        locked.revoked_at = timezone.now()
        locked.revoked_by = actor
        locked.revocation_reason = reason
        locked.save(update_fields=["revoked_at", "revoked_by", "revocation_reason", "updated_at"])
        if locked.status_list_id is not None:
            status_list_changed(status_list_id=locked.status_list_id)
        event_record(
            subject=locked.application,
            kind="certificate_revoked",
            actor=actor,
            note=_("Sertifikat %(number)s dicabut. Alasan: %(reason)s")
            % {"number": locked.number, "reason": reason},
        )
    return locked


# Withdrawal (a pass amended to a fail) --------------------------------------------------------


def certificate_withdraw(*, application: Application, actor: User, note: str) -> None:
    """Remove the certificate of an application whose pass was amended to a fail. Only one
    without a number may go: a numbered certificate exists outside the portal and must be
    revoked instead (the amendment is refused)."""
    certificate = (
        Certificate.objects.select_for_update().filter(application_id=application.pk).first()
    )
    if certificate is None:
        return
    if certificate.number:
        raise CertificateError(
            _(
                "Sertifikat nomor %(number)s sudah diterbitkan untuk peserta ini, sehingga "
                "hasilnya tidak dapat diralat menjadi tidak lulus. Hubungi administrator."
            )
            % {"number": certificate.number}
        )
    event_record(
        subject=application,
        kind="certificate_withdrawn",
        actor=actor,
        from_state=certificate.status,
        note=note,
    )
    certificate.delete()
