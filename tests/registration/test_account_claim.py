"""Claiming a NIP someone else registered: the link to a confirmed address, the identity
documents, the claim's transitions (registration.workflow.CLAIM_TRANSITIONS) and the hand-over."""

import re
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portal.constants import Role
from portal.models import Event
from registration import workflow
from registration.constants import ClaimStatus
from registration.exceptions import ClaimError
from registration.models import AccountClaim, ClaimDocument, RegistrationMail, User
from registration.services import account_claim_transition
from tests.factories import AccountClaimFactory, LibrarianFactory, pdf_bytes, photo_bytes

pytestmark = pytest.mark.django_db

NIP = "198609262015052001"
OWNER = "rina.wulandari@perpusnas.example.id"
HOLDER = "penyerobot@contoh.id"


@pytest.fixture
def holder(make_user):
    LibrarianFactory(nip=NIP)
    return make_user(NIP, nip=NIP, email=HOLDER)


def ask(client, nip=NIP, email=OWNER):
    return client.post(reverse("account_claim_start"), {"nip": nip, "email": email})


def continue_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/klaim-nip/lanjut/\S+/)", message.body).group(1)


def documents(**overrides):
    return {
        "full_name": "Rina Wulandari",
        "ktp": SimpleUploadedFile("ktp.pdf", pdf_bytes(), "application/pdf"),
        "employee_card": SimpleUploadedFile("karpeg.jpg", photo_bytes(), "image/jpeg"),
        "statement": "",
        **overrides,
    }


@pytest.fixture
def claim_link(client, holder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client)
    return continue_path(mail.outbox[0])


# --- asking: always the same page, the facts in the mail ---------------------------------------


def test_asking_mails_a_link_to_the_address_typed_and_files_nothing(
    client, holder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client)

    assert response.url == reverse("account_claim_sent")
    page = client.get(response.url).content.decode()
    assert "Periksa e-mail Anda" in page
    assert OWNER in page
    (message,) = mail.outbox
    assert message.to == [OWNER]
    assert "/klaim-nip/lanjut/" in message.body
    assert not AccountClaim.objects.exists()


def test_asking_for_a_nip_without_an_account_says_register_instead(
    client, django_capture_on_commit_callbacks
):
    LibrarianFactory(nip=NIP)

    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client)

    assert response.url == reverse("account_claim_sent")
    (message,) = mail.outbox
    assert "belum memiliki akun" in message.body
    assert f"/register/?nip={NIP}" in message.body
    assert "/klaim-nip/lanjut/" not in message.body


def test_asking_with_the_accounts_own_address_says_reset_the_password(
    client, holder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, email=HOLDER.upper())

    (message,) = mail.outbox
    assert message.to == [HOLDER]
    assert "/accounts/password/reset/" in message.body
    assert "/klaim-nip/lanjut/" not in message.body


@pytest.mark.parametrize(
    ("nip", "message"),
    [("198613262015052001", "Tanggal lahir pada NIP"), ("199001152014031002", "belum ada")],
)
def test_a_nip_the_check_refuses_is_refused_here_too(client, holder, nip, message):
    response = ask(client, nip=nip)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RegistrationMail.objects.exists()


def test_asking_is_rate_limited(client, holder, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "account_claim": "2/h/ip"}
    ask(client)
    ask(client)

    assert ask(client).status_code == 429


# --- the documents ------------------------------------------------------------------------------


def test_the_link_opens_the_document_form(client, claim_link):
    page = client.get(claim_link).content.decode()

    assert "Langkah 2: dokumen identitas" in page
    assert OWNER in page
    assert 'enctype="multipart/form-data"' in page


def test_submitting_files_the_claim_for_the_panel(
    client, holder, claim_link, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(claim_link, documents(statement="Saya tidak pernah mendaftar."))

    assert response.url == reverse("account_claim_submitted")
    claim = AccountClaim.objects.get()
    assert (claim.status, claim.email, claim.account, claim.full_name) == (
        ClaimStatus.SUBMITTED,
        OWNER,
        holder,
        "Rina Wulandari",
    )
    assert claim.statement == "Saya tidak pernah mendaftar."
    assert sorted(claim.documents.values_list("kind", "file_kind")) == [
        ("kartu_pegawai", "jpeg"),
        ("ktp", "pdf"),
    ]
    assert all(doc.file.name.startswith("claims/") for doc in ClaimDocument.objects.all())
    assert Event.objects.filter(kind="account_claim_submitted", object_id=claim.pk).exists()
    assert mail.outbox[-1].to == [OWNER]
    assert "Klaim NIP Anda kami terima" in mail.outbox[-1].subject
    # The same link now shows the claim's status.
    assert "Menunggu pemeriksaan" in client.get(claim_link).content.decode()


def test_submitting_twice_files_one_claim(client, claim_link):
    client.post(claim_link, documents())
    second = client.post(claim_link, documents())

    assert second.url == reverse("account_claim_submitted")
    assert AccountClaim.objects.count() == 1


def test_a_refused_file_is_named_next_to_its_field_and_the_typed_text_is_kept(client, claim_link):
    response = client.post(
        claim_link,
        documents(
            ktp=SimpleUploadedFile("ktp.pdf", b"bukan berkas", "application/pdf"),
            statement="Keterangan saya",
        ),
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Berkas ini bukan" in page
    assert "Keterangan saya" in page
    assert 'value="Rina Wulandari"' in page
    assert not AccountClaim.objects.exists()


def test_an_expired_link_files_nothing(client, claim_link):
    RegistrationMail.objects.update(created_at=timezone.now() - timedelta(hours=25))

    response = client.post(claim_link, documents())

    assert response.status_code == 400
    assert "kedaluwarsa" in response.content.decode()
    assert not AccountClaim.objects.exists()


def test_a_claim_to_an_address_another_account_holds_is_refused(client, claim_link, make_user):
    make_user("lain", email=OWNER.upper())

    response = client.post(claim_link, documents())

    assert response.status_code == 400
    assert "sudah dipakai akun lain" in response.content.decode()
    assert not AccountClaim.objects.exists()


# --- the transitions --------------------------------------------------------------------------

PAIRS = [(a, b) for a in ClaimStatus for b in ClaimStatus]
ALLOWED = [pair for pair in PAIRS if pair in workflow.CLAIM_TRANSITIONS]
FORBIDDEN = [pair for pair in PAIRS if pair not in workflow.CLAIM_TRANSITIONS]


def test_the_claim_table_only_names_known_states_and_roles():
    for (from_state, to_state), kinds in workflow.CLAIM_TRANSITIONS.items():
        assert {from_state, to_state} <= set(ClaimStatus)
        assert kinds and kinds <= set(Role)
    assert ALLOWED and FORBIDDEN


@pytest.mark.parametrize("pair", ALLOWED, ids=lambda pair: f"{pair[0]}->{pair[1]}")
def test_allowed_claim_transition_by_a_verifier_is_recorded(make_user, pair):
    verifier = make_user("verifikator", Role.VERIFIER)
    claim = AccountClaimFactory(status=pair[0])

    account_claim_transition(claim=claim, to=pair[1], actor=verifier, note="Alasan tertulis.")

    claim.refresh_from_db()
    assert (claim.status, claim.decided_by, claim.decision_note) == (
        pair[1],
        verifier,
        "Alasan tertulis.",
    )
    assert Event.objects.filter(object_id=claim.pk, kind="status", to_state=pair[1]).exists()


@pytest.mark.parametrize("pair", ALLOWED, ids=lambda pair: f"{pair[0]}->{pair[1]}")
@pytest.mark.parametrize("role", [role for role in Role if role != Role.VERIFIER])
def test_allowed_claim_transition_by_another_role_is_refused(make_user, pair, role):
    actor = make_user("staf", role)
    claim = AccountClaimFactory(status=pair[0])

    with pytest.raises(ClaimError):
        account_claim_transition(claim=claim, to=pair[1], actor=actor, note="Alasan.")

    assert AccountClaim.objects.get(pk=claim.pk).status == pair[0]


@pytest.mark.parametrize("pair", FORBIDDEN, ids=lambda pair: f"{pair[0]}->{pair[1]}")
def test_forbidden_claim_transition_is_refused(make_user, pair):
    verifier = make_user("verifikator", Role.VERIFIER)
    claim = AccountClaimFactory(status=pair[0])

    with pytest.raises(ClaimError):
        account_claim_transition(claim=claim, to=pair[1], actor=verifier, note="Alasan.")

    assert AccountClaim.objects.get(pk=claim.pk).status == pair[0]


# --- the hand-over ----------------------------------------------------------------------------


def test_approval_removes_the_old_holders_two_factor_devices(make_user):
    verifier = make_user("verifikator", Role.VERIFIER)
    claim = AccountClaimFactory()
    Authenticator.objects.create(user=claim.account, type=Authenticator.Type.TOTP, data={})

    account_claim_transition(claim=claim, to=ClaimStatus.APPROVED, actor=verifier)

    assert not Authenticator.objects.filter(user=claim.account).exists()


def test_approval_with_no_account_left_makes_one_for_the_claimant(make_user):
    verifier = make_user("verifikator", Role.VERIFIER)
    claim = AccountClaimFactory()
    User.objects.filter(pk=claim.account.pk).delete()
    claim.refresh_from_db()

    account_claim_transition(claim=claim, to=ClaimStatus.APPROVED, actor=verifier)

    user = User.objects.get(nip=claim.librarian.nip)
    assert (user.email, user.must_change_password) == (claim.email, True)


def test_approval_is_refused_when_the_claimants_address_was_taken_meanwhile(make_user):
    verifier = make_user("verifikator", Role.VERIFIER)
    claim = AccountClaimFactory()
    make_user("lain", email=claim.email.upper())

    with pytest.raises(ClaimError, match="dipakai akun lain"):
        account_claim_transition(claim=claim, to=ClaimStatus.APPROVED, actor=verifier)

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert claim.account.email != claim.email
