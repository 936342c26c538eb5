"""The certificate pipeline: every transition of certificates.workflow by the right role, the
wrong roles and wrong stages refused, and what each step records, freezes, mails or enqueues."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from certificates import tasks, workflow
from certificates.constants import CertificateStatus as C
from certificates.constants import FileState
from certificates.exceptions import CertificateError
from certificates.models import Certificate, NumberSequence
from certificates.selectors import (
    certificate_by_number,
    certificate_for_candidate,
    certificate_queue,
)
from certificates.services import (
    BatchResult,
    certificate_confirm,
    certificate_correction_request,
    certificate_data_update,
    certificate_deliver,
    certificate_dispose,
    certificate_issue,
    certificate_legalise,
    certificate_open,
    certificate_revoke,
    certificate_ship,
    certificate_sign,
    certificate_validate,
)
from portal.calendar import add_working_days
from portal.constants import Role
from portal.events import event_list
from registration.constants import ApplicationStatus
from registration.models import Level
from tests.factories import ApplicationFactory, ProfileFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def enqueued(monkeypatch):
    """The render tasks' .delay, recorded instead of run: (task name, certificate id)."""
    calls = []
    monkeypatch.setattr(
        tasks.render_certificate, "delay", lambda pk: calls.append(("render_certificate", pk))
    )
    monkeypatch.setattr(
        tasks.render_legalised, "delay", lambda pk: calls.append(("render_legalised", pk))
    )
    return calls


def madya_to_utama(**fields):
    return ApplicationFactory(
        status=ApplicationStatus.PASSED,
        current_level=Level.objects.get(code="ahli-madya"),
        target_level=Level.objects.get(code="ahli-utama"),
        **fields,
    )


def single(result: BatchResult) -> Certificate:
    """The one certificate of a one-item batch, or its refusal raised."""
    if result.refused:
        ((_certificate, message),) = result.refused
        raise CertificateError(message)
    (certificate,) = result.done
    return certificate


# Each transition of the table, made through its service function.
ACTIONS = {
    (C.DATA_CHECK, C.ISSUANCE): lambda c, actor: single(
        certificate_validate(certificates=[c], actor=actor)
    ),
    (C.ISSUANCE, C.DISPOSITION): lambda c, actor: single(
        certificate_issue(certificates=[c], actor=actor)
    ),
    (C.ISSUANCE, C.SIGNING): lambda c, actor: single(
        certificate_issue(certificates=[c], actor=actor)
    ),
    (C.DISPOSITION, C.SIGNING): lambda c, actor: certificate_dispose(
        certificate=c, actor=actor, approve=True
    ),
    (C.DISPOSITION, C.DATA_CHECK): lambda c, actor: certificate_dispose(
        certificate=c, actor=actor, approve=False, note="Pangkat belum sesuai SK terakhir."
    ),
    (C.SIGNING, C.LEGALISATION): lambda c, actor: single(
        certificate_sign(certificates=[c], actor=actor)
    ),
    (C.LEGALISATION, C.SHIPPING): lambda c, actor: single(
        certificate_legalise(certificates=[c], actor=actor)
    ),
    (C.SHIPPING, C.SENT): lambda c, actor: certificate_ship(
        certificate=c,
        actor=actor,
        courier="Pos Indonesia",
        tracking_number="P2606123456",
        sent_on=timezone.localdate(),
    ),
    (C.SENT, C.DELIVERED): lambda c, actor: certificate_deliver(certificate=c, actor=actor),
}

# Every actor a test may ask for: the owner, another candidate, and each staff role.
OTHER_CANDIDATE = "other_candidate"
ACTOR_KINDS = [workflow.CANDIDATE, OTHER_CANDIDATE, *Role]


@pytest.fixture
def actor_of(make_user):
    made = {}

    def get(kind, certificate):
        if kind == workflow.CANDIDATE:
            return certificate.application.candidate
        if kind not in made:
            if kind == OTHER_CANDIDATE:
                made[kind] = make_user("199203142019032001", nip="199203142019032001")
            else:
                made[kind] = make_user(f"staf-{Role(kind).name.lower()}", kind)
        return made[kind]

    return get


def certificate_at(make_certificate, from_state, to):
    """A certificate ready for the transition: Madya -> Utama for the disposition's, the signed
    PDF ready for legalisation."""
    application = madya_to_utama() if C.DISPOSITION in (from_state, to) else None
    fields = {"pdf_state": FileState.READY} if from_state == C.LEGALISATION else {}
    return make_certificate(status=from_state, application=application, **fields)


def test_the_actions_cover_the_whole_transition_table():
    assert set(ACTIONS) == set(workflow.TRANSITIONS)


@pytest.mark.parametrize(
    ("from_state", "to", "kind"),
    [(f, t, kind) for (f, t), kinds in workflow.TRANSITIONS.items() for kind in sorted(kinds)],
)
def test_each_allowed_transition_by_its_role_moves_and_is_recorded(
    make_certificate, actor_of, from_state, to, kind
):
    certificate = certificate_at(make_certificate, from_state, to)
    actor = actor_of(kind, certificate)

    ACTIONS[(from_state, to)](certificate, actor)

    certificate.refresh_from_db()
    assert certificate.status == to
    event = event_list(subject=certificate.application).get(kind__startswith="certificate_")
    assert (event.actor, event.from_state, event.to_state) == (actor, from_state, to)


@pytest.mark.parametrize(
    ("from_state", "to", "kind"),
    [
        (f, t, kind)
        for (f, t), kinds in workflow.TRANSITIONS.items()
        for kind in ACTOR_KINDS
        if kind not in kinds
    ],
)
def test_each_transition_is_refused_to_every_other_role(
    make_certificate, actor_of, from_state, to, kind
):
    certificate = certificate_at(make_certificate, from_state, to)

    with pytest.raises(CertificateError) as refused:
        ACTIONS[(from_state, to)](certificate, actor_of(kind, certificate))

    assert "peran" in str(refused.value.message)
    certificate.refresh_from_db()
    assert certificate.status == from_state
    assert not event_list(subject=certificate.application).exists()


@pytest.mark.parametrize(
    ("from_state", "to", "stage"),
    [(f, t, stage) for (f, t) in workflow.TRANSITIONS for stage in C.values if stage != f],
)
def test_each_transition_is_refused_from_every_other_stage(
    make_certificate, actor_of, from_state, to, stage
):
    certificate = make_certificate(status=stage, pdf_state=FileState.READY)
    (kind, *_others) = sorted(workflow.actor_kinds(from_state, to))

    with pytest.raises(CertificateError):
        ACTIONS[(from_state, to)](certificate, actor_of(kind, certificate))

    certificate.refresh_from_db()
    assert certificate.status == stage


def test_a_revoked_certificate_moves_no_further(make_certificate, signing_official):
    certificate = make_certificate(status=C.SIGNING, revoked_at=timezone.now())

    result = certificate_sign(certificates=[certificate], actor=signing_official)

    assert result.refused == [(certificate, "Sertifikat ini sudah dicabut.")]


# Opening --------------------------------------------------------------------------------------


def test_opening_copies_the_verified_data_sets_the_due_date_records_and_mails(
    certificate_officer, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = "https://portal.example.test"
    profile = ProfileFactory(title_prefix="Dr.")
    passed_application = ApplicationFactory(
        candidate=profile.user, documents=True, status=ApplicationStatus.PASSED
    )
    # Edited after verification: the certificate starts from the verified data, not this.
    profile.position = "Kepala Perpustakaan Nasional RI"
    profile.save()

    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_open(application=passed_application, actor=certificate_officer)

    certificate.refresh_from_db()
    assert certificate.status == C.DATA_CHECK
    assert certificate.due_date == add_working_days(timezone.localdate(), 2)
    assert {
        name: getattr(certificate, name)
        for name in ("name", "nip", "birth_place", "birth_date", "rank", "position")
    } == {
        "name": f"Dr. {profile.name}, S.I.Pust.",
        "nip": passed_application.candidate.nip,
        "birth_place": "Yogyakarta",
        "birth_date": date(1986, 9, 26),
        "rank": "Penata Muda Tingkat I (III/b)",
        "position": "Pustakawan Ahli Pertama",
    }
    assert (certificate.purpose, certificate.level, certificate.institution) == (
        "Kenaikan jenjang",
        "Pustakawan Ahli Muda",
        "Perpustakaan Nasional RI",
    )
    (event,) = event_list(subject=passed_application)
    assert (event.kind, event.actor, event.to_state) == (
        "certificate_opened",
        certificate_officer,
        C.DATA_CHECK,
    )
    (message,) = mail.outbox
    assert message.to == [passed_application.candidate.email]
    assert message.subject == "Periksa data sertifikat Anda"
    assert f"Dr. {profile.name}, S.I.Pust." in message.body
    assert "Penata Muda Tingkat I (III/b)" in message.body
    assert "https://portal.example.test/sertifikat/" in message.body


def test_opening_twice_returns_the_same_certificate_and_mails_once(
    passed_application, certificate_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = certificate_open(application=passed_application, actor=certificate_officer)
        second = certificate_open(application=passed_application, actor=certificate_officer)

    assert first.pk == second.pk
    assert Certificate.objects.count() == 1
    assert len(mail.outbox) == 1


def test_only_a_passed_application_gets_a_certificate(certificate_officer):
    application = ApplicationFactory(status=ApplicationStatus.SCHEDULED)

    with pytest.raises(CertificateError) as refused:
        certificate_open(application=application, actor=certificate_officer)

    assert "lulus" in refused.value.message
    assert not Certificate.objects.exists()


def test_a_candidate_does_not_open_their_own_certificate(passed_application):
    with pytest.raises(CertificateError):
        certificate_open(application=passed_application, actor=passed_application.candidate)

    assert not Certificate.objects.exists()


# The candidate checks the data ----------------------------------------------------------------


def test_the_owner_confirms_the_data_once(make_certificate):
    certificate = make_certificate()
    owner = certificate.application.candidate

    certificate_confirm(certificate=certificate, actor=owner)

    certificate.refresh_from_db()
    assert certificate.candidate_confirmed_at is not None
    (event,) = event_list(subject=certificate.application)
    assert (event.kind, event.actor) == ("certificate_confirmed", owner)
    with pytest.raises(CertificateError) as again:
        certificate_confirm(certificate=certificate, actor=owner)
    assert again.value.message == "Anda sudah mengonfirmasi data sertifikat ini."


def test_another_candidate_may_not_confirm_or_ask_for_a_correction(make_certificate, outsider):
    certificate = make_certificate()

    with pytest.raises(CertificateError) as refused:
        certificate_confirm(certificate=certificate, actor=outsider)
    assert refused.value.message == "Hanya peserta pemilik sertifikat yang dapat melakukannya."
    with pytest.raises(CertificateError):
        certificate_correction_request(certificate=certificate, actor=outsider, note="Salah")

    certificate.refresh_from_db()
    assert certificate.candidate_confirmed_at is None
    assert certificate.correction_request == ""


def test_the_owner_asks_for_a_correction_with_a_note(make_certificate):
    certificate = make_certificate(candidate_confirmed_at=timezone.now())
    owner = certificate.application.candidate

    with pytest.raises(CertificateError):
        certificate_correction_request(certificate=certificate, actor=owner, note="  ")
    certificate_correction_request(
        certificate=certificate, actor=owner, note=" Gelar M.Hum. belum tercantum. "
    )

    certificate.refresh_from_db()
    assert certificate.correction_request == "Gelar M.Hum. belum tercantum."
    assert certificate.correction_requested_at is not None
    assert certificate.candidate_confirmed_at is None
    (event,) = event_list(subject=certificate.application)
    assert (event.kind, event.note) == (
        "certificate_correction_requested",
        "Gelar M.Hum. belum tercantum.",
    )


@pytest.mark.parametrize("stage", [C.ISSUANCE, C.SIGNING])
def test_the_candidate_checks_the_data_only_before_validation(make_certificate, stage):
    certificate = make_certificate(status=stage)
    owner = certificate.application.candidate

    with pytest.raises(CertificateError):
        certificate_confirm(certificate=certificate, actor=owner)
    with pytest.raises(CertificateError):
        certificate_correction_request(certificate=certificate, actor=owner, note="Salah")


# The officer edits, then validates ------------------------------------------------------------


def test_the_officer_corrects_the_data_which_answers_the_correction_request(
    make_certificate, certificate_officer
):
    certificate = make_certificate(
        correction_request="Gelar M.Hum. belum tercantum.",
        correction_requested_at=timezone.now(),
    )

    certificate_data_update(
        certificate=certificate,
        actor=certificate_officer,
        data={
            "name": " Rina Wulandari, S.I.Pust., M.Hum. ",
            "birth_date": date(1986, 9, 27),
            "institution": "Perpustakaan Nasional RI",  # unchanged
        },
    )

    certificate.refresh_from_db()
    assert certificate.name == "Rina Wulandari, S.I.Pust., M.Hum."
    assert certificate.birth_date == date(1986, 9, 27)
    assert certificate.correction_request == ""
    (event,) = event_list(subject=certificate.application)
    assert event.kind == "certificate_data_updated"
    assert event.note == "Data sertifikat diperbaiki petugas: nama dengan gelar, tanggal lahir."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "  "}, "Nama dengan gelar tidak boleh kosong."),
        ({"nip": "1986"}, None),
        ({"email": "x@example.test"}, "Data email tidak dicetak pada sertifikat."),
        ({"name": "Rina Wulandari, S.I.Pust."}, "Tidak ada data sertifikat yang berubah."),
    ],
    ids=["empty", "bad-nip", "unknown-field", "nothing-changed"],
)
def test_bad_corrections_are_refused(make_certificate, certificate_officer, data, message):
    certificate = make_certificate()

    with pytest.raises(CertificateError) as refused:
        certificate_data_update(certificate=certificate, actor=certificate_officer, data=data)

    if message is not None:
        assert refused.value.message == message
    certificate.refresh_from_db()
    assert certificate.name == "Rina Wulandari, S.I.Pust."
    assert certificate.nip == certificate.application.candidate.nip


def test_only_the_officer_edits_the_data(make_certificate, verifier):
    certificate = make_certificate()

    for actor in (certificate.application.candidate, verifier):
        with pytest.raises(CertificateError):
            certificate_data_update(certificate=certificate, actor=actor, data={"name": "X"})

    certificate.refresh_from_db()
    assert certificate.name == "Rina Wulandari, S.I.Pust."


def test_validation_freezes_the_data_and_sets_the_issuance_due_date(
    make_certificate, certificate_officer
):
    certificate = make_certificate()

    single(certificate_validate(certificates=[certificate], actor=certificate_officer))

    certificate.refresh_from_db()
    assert certificate.status == C.ISSUANCE
    assert certificate.validated_by == certificate_officer
    assert certificate.validated_at is not None
    assert certificate.due_date == add_working_days(timezone.localdate(), 1)
    with pytest.raises(CertificateError):
        certificate_data_update(
            certificate=certificate, actor=certificate_officer, data={"name": "Rina W."}
        )
    certificate.refresh_from_db()
    assert certificate.name == "Rina Wulandari, S.I.Pust."


def test_a_pending_correction_request_blocks_validation(make_certificate, certificate_officer):
    certificate = make_certificate(
        correction_request="NIP salah", correction_requested_at=timezone.now()
    )

    result = certificate_validate(certificates=[certificate], actor=certificate_officer)

    ((refused, message),) = result.refused
    assert refused == certificate
    assert "meminta perbaikan data" in message
    certificate.refresh_from_db()
    assert certificate.status == C.DATA_CHECK


def test_one_refusal_in_a_batch_does_not_stop_the_others(make_certificate, certificate_officer):
    first, second = make_certificate(), make_certificate()
    already = make_certificate(status=C.SIGNING)

    result = certificate_validate(certificates=[first, already, second], actor=certificate_officer)

    assert [c.pk for c in result.done] == [first.pk, second.pk]
    assert [(c.pk, message) for c, message in result.refused] == [
        (
            already.pk,
            "Sertifikat pada tahap “Tanda tangan pejabat” tidak dapat diubah ke “Penerbitan”.",
        )
    ]
    assert set(Certificate.objects.values_list("status", flat=True)) == {C.ISSUANCE, C.SIGNING}


# Issuance and disposition ---------------------------------------------------------------------


def test_issuing_numbers_in_the_service_format_and_goes_to_signing(
    make_certificate, certificate_officer
):
    certificate = make_certificate(status=C.ISSUANCE)

    single(certificate_issue(certificates=[certificate], actor=certificate_officer))

    certificate.refresh_from_db()
    year = timezone.localdate().year
    assert certificate.number == f"UKP/{year}/000001"
    assert (certificate.number_year, certificate.number_sequence) == (year, 1)
    assert certificate.issued_at is not None
    assert (certificate.status, certificate.needs_disposition) == (C.SIGNING, False)
    assert certificate.due_date is None  # signing has no time limit in the seed
    (event,) = event_list(subject=certificate.application)
    assert event.note == f"Nomor sertifikat: UKP/{year}/000001."


@pytest.mark.parametrize(
    ("current", "target"),
    [("ahli-muda", "ahli-madya"), (None, "ahli-utama"), ("ahli-utama", "ahli-utama")],
)
def test_only_ahli_madya_to_ahli_utama_goes_to_disposition(
    make_certificate, certificate_officer, current, target
):
    application = ApplicationFactory(
        status=ApplicationStatus.PASSED,
        current_level=Level.objects.filter(code=current).first(),
        target_level=Level.objects.get(code=target),
    )
    certificate = make_certificate(status=C.ISSUANCE, application=application)

    single(certificate_issue(certificates=[certificate], actor=certificate_officer))

    certificate.refresh_from_db()
    assert certificate.status == C.SIGNING


def test_a_certificate_returned_from_disposition_keeps_its_number(
    make_certificate, certificate_officer, bkpsdm_officer
):
    certificate = make_certificate(status=C.ISSUANCE, application=madya_to_utama())
    single(certificate_issue(certificates=[certificate], actor=certificate_officer))
    certificate.refresh_from_db()
    assert (certificate.status, certificate.needs_disposition) == (C.DISPOSITION, True)
    number = certificate.number

    with pytest.raises(CertificateError) as refused:
        certificate_dispose(certificate=certificate, actor=bkpsdm_officer, approve=False)
    assert refused.value.message == "Tuliskan alasan sertifikat ini dikembalikan."
    certificate_dispose(
        certificate=certificate, actor=bkpsdm_officer, approve=False, note="Pangkat belum IV/c."
    )
    certificate.refresh_from_db()
    assert (certificate.status, certificate.disposition_note) == (
        C.DATA_CHECK,
        "Pangkat belum IV/c.",
    )
    assert certificate.due_date == add_working_days(timezone.localdate(), 2)
    certificate_data_update(
        certificate=certificate,
        actor=certificate_officer,
        data={"rank": "Pembina Utama Muda (IV/c)"},
    )
    single(certificate_validate(certificates=[certificate], actor=certificate_officer))
    single(certificate_issue(certificates=[certificate], actor=certificate_officer))

    certificate.refresh_from_db()
    assert (certificate.status, certificate.number) == (C.DISPOSITION, number)
    assert NumberSequence.objects.get().last == 1
    certificate_dispose(certificate=certificate, actor=bkpsdm_officer, approve=True)
    certificate.refresh_from_db()
    assert certificate.status == C.SIGNING
    assert certificate.disposed_at is not None
    kinds = list(event_list(subject=certificate.application).values_list("kind", flat=True))
    assert kinds == [
        "certificate_issued",
        "certificate_returned",
        "certificate_data_updated",
        "certificate_validated",
        "certificate_issued",
        "certificate_disposed",
    ]


# Signing and legalisation ---------------------------------------------------------------------


def test_signing_a_batch_enqueues_each_render_after_commit(
    make_certificate, signing_official, enqueued, django_capture_on_commit_callbacks
):
    first, second = make_certificate(status=C.SIGNING), make_certificate(status=C.SIGNING)

    with django_capture_on_commit_callbacks() as callbacks:
        result = certificate_sign(certificates=[first, second], actor=signing_official)
        assert enqueued == []

    for callback in callbacks:
        callback()
    assert enqueued == [("render_certificate", first.pk), ("render_certificate", second.pk)]
    assert len(result.done) == 2
    first.refresh_from_db()
    assert (first.status, first.signed_by, first.pdf_state) == (
        C.LEGALISATION,
        signing_official,
        FileState.PENDING,
    )
    assert first.signed_at is not None
    assert first.due_date == add_working_days(timezone.localdate(), 1)


def test_a_refused_signature_enqueues_nothing(
    make_certificate, signing_official, enqueued, django_capture_on_commit_callbacks
):
    certificate = make_certificate(status=C.ISSUANCE)

    with django_capture_on_commit_callbacks(execute=True):
        result = certificate_sign(certificates=[certificate], actor=signing_official)

    assert result.done == []
    assert enqueued == []


@pytest.mark.parametrize("pdf_state", [FileState.NONE, FileState.PENDING])
def test_legalising_waits_for_the_signed_pdf(make_certificate, certificate_officer, pdf_state):
    certificate = make_certificate(status=C.LEGALISATION, pdf_state=pdf_state)

    result = certificate_legalise(certificates=[certificate], actor=certificate_officer)

    ((_refused, message),) = result.refused
    assert "belum selesai dibuat" in message
    certificate.refresh_from_db()
    assert certificate.status == C.LEGALISATION


def test_legalising_enqueues_the_legalised_copy(
    make_certificate, certificate_officer, enqueued, django_capture_on_commit_callbacks
):
    certificate = make_certificate(status=C.LEGALISATION, pdf_state=FileState.READY)

    with django_capture_on_commit_callbacks(execute=True):
        single(certificate_legalise(certificates=[certificate], actor=certificate_officer))

    assert enqueued == [("render_legalised", certificate.pk)]
    certificate.refresh_from_db()
    assert (certificate.status, certificate.legalised_by, certificate.legalised_pdf_state) == (
        C.SHIPPING,
        certificate_officer,
        FileState.PENDING,
    )


# Shipping and delivery ------------------------------------------------------------------------


def test_shipping_records_the_parcel_and_mails_the_tracking_number(
    make_certificate, certificate_officer, django_capture_on_commit_callbacks
):
    certificate = make_certificate(status=C.SHIPPING, number="UKP/2026/000042")
    sent_on = timezone.localdate() - timedelta(days=1)

    with django_capture_on_commit_callbacks(execute=True):
        certificate_ship(
            certificate=certificate,
            actor=certificate_officer,
            courier=" JNE ",
            tracking_number=" JNE0123456789 ",
            sent_on=sent_on,
        )

    certificate.refresh_from_db()
    assert (certificate.status, certificate.courier, certificate.tracking_number) == (
        C.SENT,
        "JNE",
        "JNE0123456789",
    )
    assert certificate.sent_on == sent_on
    (message,) = mail.outbox
    assert message.to == [certificate.application.candidate.email]
    assert message.subject == "Sertifikat Anda sudah dikirim"
    assert "Jasa pengiriman: JNE" in message.body
    assert "Nomor resi: JNE0123456789" in message.body
    assert "UKP/2026/000042" in message.body
    (event,) = event_list(subject=certificate.application)
    assert event.note == "Dikirim melalui JNE, nomor resi JNE0123456789."


@pytest.mark.parametrize(
    ("courier", "tracking", "days"),
    [("", "JNE01", 0), ("JNE", " ", 0), ("JNE", "JNE01", 1)],
    ids=["no-courier", "no-tracking-number", "sent-tomorrow"],
)
def test_shipping_needs_the_parcel_details(
    make_certificate, certificate_officer, courier, tracking, days
):
    certificate = make_certificate(status=C.SHIPPING)

    with pytest.raises(CertificateError):
        certificate_ship(
            certificate=certificate,
            actor=certificate_officer,
            courier=courier,
            tracking_number=tracking,
            sent_on=timezone.localdate() + timedelta(days=days),
        )

    certificate.refresh_from_db()
    assert certificate.status == C.SHIPPING


def test_delivery_mails_nothing(make_certificate, django_capture_on_commit_callbacks):
    certificate = make_certificate(status=C.SENT)

    with django_capture_on_commit_callbacks(execute=True):
        certificate_deliver(certificate=certificate, actor=certificate.application.candidate)

    certificate.refresh_from_db()
    assert certificate.delivered_at is not None
    assert mail.outbox == []


# Revocation -----------------------------------------------------------------------------------


def test_an_administrator_revokes_an_issued_certificate_with_a_reason(
    make_certificate, administrator
):
    certificate = make_certificate(status=C.DELIVERED, number="UKP/2026/000007")

    certificate_revoke(certificate=certificate, actor=administrator, reason=" Ijazah palsu. ")

    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert (certificate.revoked_by, certificate.revocation_reason) == (
        administrator,
        "Ijazah palsu.",
    )
    (event,) = event_list(subject=certificate.application)
    assert (event.kind, event.note) == (
        "certificate_revoked",
        "Sertifikat UKP/2026/000007 dicabut. Alasan: Ijazah palsu.",
    )
    with pytest.raises(CertificateError) as twice:
        certificate_revoke(certificate=certificate, actor=administrator, reason="Lagi")
    assert twice.value.message == "Sertifikat ini sudah dicabut."


@pytest.mark.parametrize(
    ("who", "status", "reason"),
    [
        ("officer", C.DELIVERED, "Ijazah palsu"),
        ("candidate", C.DELIVERED, "Ijazah palsu"),
        ("administrator", C.DELIVERED, "  "),
        ("administrator", C.DATA_CHECK, "Ijazah palsu"),
    ],
    ids=["officer", "candidate", "no-reason", "not-numbered"],
)
def test_revocation_is_refused(
    make_certificate, administrator, certificate_officer, who, status, reason
):
    certificate = make_certificate(status=status)
    actor = {
        "officer": certificate_officer,
        "candidate": certificate.application.candidate,
        "administrator": administrator,
    }[who]

    with pytest.raises(CertificateError):
        certificate_revoke(certificate=certificate, actor=actor, reason=reason)

    certificate.refresh_from_db()
    assert certificate.revoked_at is None


# Reads ----------------------------------------------------------------------------------------


def test_the_queue_lists_one_stage_most_urgent_first_in_two_queries(
    make_certificate, django_assert_num_queries
):
    today = timezone.localdate()
    later = make_certificate(due_date=today + timedelta(days=3))
    sooner = make_certificate(due_date=today)
    make_certificate(due_date=today - timedelta(days=1), revoked_at=timezone.now())
    make_certificate(status=C.ISSUANCE)
    elsewhere = ServiceFactory()  # another provider's certificate, the most urgent of all
    make_certificate(
        application=ApplicationFactory(status=ApplicationStatus.PASSED, service=elsewhere),
        due_date=today - timedelta(days=2),
    )
    ours = sooner.application.service.provider_id

    # The providers' service ids, then the stage's rows (a list of ids rather than a join on
    # the services, which PostgreSQL misjudged on a large table: portal.catalogue.services_of).
    with django_assert_num_queries(2):
        rows = [
            (c.pk, c.application.candidate.nip, c.application.service.name, c.level)
            for c in certificate_queue(stage=C.DATA_CHECK, provider_ids=[ours])
        ]

    assert [pk for pk, *_rest in rows] == [sooner.pk, later.pk]


def test_a_candidate_reads_only_their_own_certificate(make_certificate, outsider):
    certificate = make_certificate()

    own = certificate_for_candidate(
        user=certificate.application.candidate, public_id=certificate.public_id
    )

    assert own == certificate
    assert certificate_for_candidate(user=outsider, public_id=certificate.public_id) is None


def test_a_number_finds_the_issued_certificate_revoked_or_not(make_certificate):
    certificate = make_certificate(
        status=C.DELIVERED, number="UKP/2026/000009", revoked_at=timezone.now()
    )
    make_certificate()  # not numbered yet

    assert certificate_by_number(number=" UKP/2026/000009 ") == certificate
    assert certificate_by_number(number="UKP/2026/000010") is None
    assert certificate_by_number(number="") is None


def test_the_certificate_found_by_its_number_is_the_one_the_orm_reads(make_certificate):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from certificates.selectors import _CERTIFICATE_BY_NUMBER

    make_certificate(status=C.DELIVERED, number="UKP/2026/000011")
    orm = Certificate.objects.select_related(
        "application__service__provider", "application__target_level", "status_list"
    )
    expected = orm.filter(number="UKP/2026/000011").first()

    found = certificate_by_number(number="UKP/2026/000011")

    def fields(obj):
        return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}

    with CaptureQueriesContext(connection) as queries:  # read with it, no query of their own
        related = [
            found.application,
            found.application.service,
            found.application.service.provider,
            found.application.target_level,
        ]
    assert len(queries) == 0
    assert [fields(found), *map(fields, related)] == [
        fields(expected),
        *map(
            fields,
            [
                expected.application,
                expected.application.service,
                expected.application.service.provider,
                expected.application.target_level,
            ],
        ),
    ]
    # .first() orders an ordered model's rows as [:1] does (by Meta.ordering): the same SQL.
    assert Certificate._meta.ordering
    ordered = orm.filter(number="-7654321").order_by(*Certificate._meta.ordering)[:1]
    assert _CERTIFICATE_BY_NUMBER.compiled[2] == ordered.query.sql_with_params()[0]
