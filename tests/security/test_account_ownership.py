"""Nobody can take someone else's NIP (issue 13, item 3, and the two "Low" registration items).

A squatter who types a registry NIP with their own address gets nothing until the link mailed to
that address is opened, and nothing at all where the registry records an official address for
the NIP; /register/ tells nothing beyond the NIP check except that a NIP already has an account
(its address masked, issue 18); the real owner whose NIP was
taken claims it with identity documents and the verification panel hands the account over; and
no account may add an address another account holds.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.models import Event, OutboundEmail
from tests.admin_forms import staff_roles_post
from tests.factories import LibrarianFactory, pdf_bytes, photo_bytes

pytestmark = pytest.mark.django_db
User = get_user_model()

NIP = "198609262015052001"
OTHER_NIP = "197805112005012003"
OWNER = "rina.wulandari@perpusnas.go.id"
SQUATTER = "penyerobot@contoh.id"
SQUATTER_PASSWORD = "Sandi-Penyerobot-2026"


def register(client, nip=NIP, email=SQUATTER):
    """Past the "periksa kembali" step, as its "Benar, kirim tautan" button posts."""
    return client.post(
        reverse("register"), {"nip": nip, "email": email, "confirm": "1"}, follow=True
    )


def link_in(message, path_start: str) -> str:
    match = re.search(rf"https?://\S+?({re.escape(path_start)}\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def password_in(message) -> str:
    return re.search(r"Kata sandi: (\S+)", message.body).group(1)


def sensitive(message) -> bool:
    """Was the delivered mail stored in the outbox as sensitive? Then no row keeps its subject,
    body or recipients any more (portal.mail erases them once delivered)."""
    return not (
        OutboundEmail.objects.filter(subject=message.subject).exists()
        or OutboundEmail.objects.filter(body=message.body).exists()
        or any(email.to == message.to for email in OutboundEmail.objects.all())
    )


def main_text(response, address: str) -> str:
    """The page's <main>, with the address it names replaced: what a visitor reads."""
    page = response.content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    return main.replace(address, "ALAMAT")


# --- registration: the link first -------------------------------------------------------------


def test_squatter_gets_no_account_until_the_mailed_link_is_opened(
    client, django_capture_on_commit_callbacks
):
    LibrarianFactory(nip=NIP)

    with django_capture_on_commit_callbacks(execute=True):
        register(client)

    assert not User.objects.filter(nip=NIP).exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [SQUATTER]
    assert "Kata sandi:" not in message.body
    assert sensitive(message)

    # Only whoever reads that mailbox goes on: opening the link creates the account.
    confirm = link_in(message, "/register/konfirmasi/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm)
    user = User.objects.get(nip=NIP)
    assert user.email == SQUATTER
    assert EmailAddress.objects.get(user=user).verified
    credentials = mail.outbox[-1]
    assert credentials.to == [SQUATTER]
    assert user.check_password(password_in(credentials))
    assert sensitive(credentials)


def test_opening_the_link_twice_creates_one_account_and_says_so(
    client, django_capture_on_commit_callbacks
):
    LibrarianFactory(nip=NIP)
    with django_capture_on_commit_callbacks(execute=True):
        register(client, email=OWNER)
    confirm = link_in(mail.outbox[0], "/register/konfirmasi/")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm)
        second = client.post(confirm, follow=True)

    assert User.objects.filter(nip=NIP).count() == 1
    assert len(mail.outbox) == 2  # the link, then one credentials mail
    assert "sudah dibuat" in second.content.decode()


def test_where_the_registry_has_an_official_address_the_squatter_never_gets_a_mail(
    client, django_capture_on_commit_callbacks
):
    LibrarianFactory(nip=NIP, email=OWNER)

    with django_capture_on_commit_callbacks(execute=True):
        response = register(client)

    assert not User.objects.filter(nip=NIP).exists()
    assert [message.to for message in mail.outbox] == [[OWNER]]
    page = response.content.decode()
    assert SQUATTER not in page
    assert OWNER not in page
    assert "r***@perpusnas.go.id" in page  # the official address, masked


# --- /register/ tells nothing beyond the NIP check, and that a NIP is taken -------------------


def test_register_answers_the_same_for_a_free_nip_and_a_taken_address_and_hints_a_taken_nip(
    client, make_user, django_capture_on_commit_callbacks
):
    """A free NIP and an address another account holds get the same page: which of the two it
    was only the mailbox's owner learns. A NIP that already has an account is said on the page
    since issue 18 (the owner who forgot, or whose NIP a stranger took, needs to know which
    mailbox to recover or that the NIP must be claimed); the page shows that account's address
    masked, never whole, and never the address typed for it."""
    free, taken = "198609262015052001", "199001152014031002"
    LibrarianFactory(nip=free)
    LibrarianFactory(nip=taken, name="Budi Santoso")
    LibrarianFactory(nip="196804121993032001", name="Endang Sri Rahayu")
    make_user(taken, nip=taken, email="budi@perpusnas.go.id")
    make_user("staf", email="dipakai@contoh.id")

    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            register(client, nip=free, email="baru@contoh.id"),
            register(client, nip=taken, email="lain@contoh.id"),
            register(client, nip="196804121993032001", email="DIPAKAI@contoh.id"),
        ]

    addresses = ["baru@contoh.id", "lain@contoh.id", "dipakai@contoh.id"]
    assert {response.status_code for response in answers} == {200}
    assert {tuple(url for url, _ in response.redirect_chain) for response in answers} == {
        (reverse("register_done"),)
    }
    free_page, taken_page, address_taken_page = (
        main_text(r, a) for r, a in zip(answers, addresses, strict=True)
    )
    assert free_page == address_taken_page
    assert "Periksa e-mail Anda" in free_page
    assert "NIP ini sudah terdaftar" in taken_page
    assert "b***@perpusnas.go.id" in taken_page
    assert "budi@perpusnas.go.id" not in taken_page
    assert User.objects.count() == 2  # nothing created

    # What each mail says is for the owner of that mailbox only.
    by_address = {message.to[0]: message.body for message in mail.outbox}
    assert set(by_address) == set(addresses)
    assert "/register/konfirmasi/" in by_address["baru@contoh.id"]
    assert "b***@perpusnas.go.id" in by_address["lain@contoh.id"]
    assert "/klaim-nip/" in by_address["lain@contoh.id"]
    assert "sudah memiliki akun" in by_address["dipakai@contoh.id"]
    assert "/register/konfirmasi/" not in by_address["dipakai@contoh.id"]


# --- the owner claims the NIP back ------------------------------------------------------------


@pytest.fixture
def squatter(make_user):
    LibrarianFactory(nip=NIP)
    user = make_user(NIP, nip=NIP, email=SQUATTER)
    user.set_password(SQUATTER_PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=SQUATTER, primary=True, verified=True)
    return user


def claim_submitted(client, capture) -> None:
    """The owner asks to claim the NIP, opens the link and uploads KTP and Kartu Pegawai."""
    with capture(execute=True):
        client.post(reverse("account_claim_start"), {"nip": NIP, "email": OWNER})
    (link_mail,) = [message for message in mail.outbox if message.to == [OWNER]]
    assert sensitive(link_mail)
    continue_url = link_in(link_mail, "/klaim-nip/lanjut/")
    with capture(execute=True):
        response = client.post(
            continue_url,
            {
                "full_name": "Rina Wulandari",
                "ktp": SimpleUploadedFile("ktp.pdf", pdf_bytes(), "application/pdf"),
                "employee_card": SimpleUploadedFile("karpeg.jpg", photo_bytes(), "image/jpeg"),
                "statement": "Saya tidak pernah mendaftar; NIP saya dipakai orang lain.",
            },
        )
    assert response.status_code == 302, response.content.decode()


def test_unconfirmed_claim_never_reaches_the_panel(
    client, squatter, verifier, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_claim_start"), {"nip": NIP, "email": OWNER})

    client.force_login(verifier)
    page = client.get(reverse("verification_account_claims")).content.decode()
    assert OWNER not in page
    assert "Rina Wulandari" not in page


def test_owner_claims_the_nip_and_the_panel_hands_the_account_over(
    client, squatter, verifier, django_capture_on_commit_callbacks, django_user_model
):
    from django.test import Client

    squatter_client = Client()
    assert squatter_client.login(username=NIP, password=SQUATTER_PASSWORD)
    claim_submitted(client, django_capture_on_commit_callbacks)

    panel = Client()
    panel.force_login(verifier)
    listing = panel.get(reverse("verification_account_claims")).content.decode()
    assert "Rina Wulandari" in listing
    detail_url = re.search(r'href="(/verifikasi/klaim/[0-9a-f-]{36}/)"', listing).group(1)
    detail = panel.get(detail_url).content.decode()
    assert "p***@contoh.id" in detail  # the current account's address, masked
    assert SQUATTER not in detail
    files = re.findall(r'src="(/verifikasi/klaim/[0-9a-f-]{36}/berkas/[0-9a-f-]{36}/)"', detail)
    assert len(files) == 2
    opened = panel.get(files[0])
    assert opened.status_code == 200
    assert b"".join(opened.streaming_content).startswith(b"%PDF-")
    assert squatter_client.get(files[0]).status_code in (403, 404)
    assert Client().get(files[0]).status_code == 302  # to the login page

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        panel.post(f"{detail_url}keputusan/", {"decision": "approved", "note": ""})

    squatter.refresh_from_db()
    assert squatter.email == OWNER
    assert list(EmailAddress.objects.filter(user=squatter).values_list("email", "verified")) == [
        (OWNER, True)
    ]
    # Both addresses are told; the owner gets the new credentials.
    (to_owner,) = [message for message in mail.outbox if message.to == [OWNER]]
    (to_squatter,) = [message for message in mail.outbox if message.to == [SQUATTER]]
    assert sensitive(to_owner)
    assert "klaim" in to_squatter.body.lower()
    owner_password = password_in(to_owner)
    # The squatter's password and open session no longer work; the owner's new one does.
    assert not Client().login(username=NIP, password=SQUATTER_PASSWORD)
    assert squatter_client.get(reverse("dashboard")).status_code == 302
    assert "_auth_user_id" not in squatter_client.session
    owner = Client()
    assert owner.login(username=NIP, password=owner_password)
    assert owner.login(username=OWNER, password=owner_password)
    # Recorded on the account, naming the claim.
    event = Event.objects.get(kind="account_claim_approved", object_id=squatter.pk)
    assert event.actor == verifier


def test_rejected_claim_tells_the_claimant_and_leaves_the_account(
    client, squatter, verifier, django_capture_on_commit_callbacks
):
    claim_submitted(client, django_capture_on_commit_callbacks)
    client.force_login(verifier)
    listing = client.get(reverse("verification_account_claims")).content.decode()
    detail_url = re.search(r'href="(/verifikasi/klaim/[0-9a-f-]{36}/)"', listing).group(1)

    refused = client.post(f"{detail_url}keputusan/", {"decision": "rejected", "note": ""})
    assert "alasan" in refused.content.decode().lower()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"{detail_url}keputusan/",
            {"decision": "rejected", "note": "Nama pada KTP tidak sama dengan registri."},
        )

    squatter.refresh_from_db()
    assert squatter.email == SQUATTER
    assert [message.to for message in mail.outbox] == [[OWNER]]
    assert "Nama pada KTP tidak sama dengan registri." in mail.outbox[0].body


# --- the verifier sees a name that does not match the registry --------------------------------


def test_verifier_page_says_when_the_profile_name_differs_from_the_registry(client, verifier):
    from tests.factories import ApplicationFactory, ProfileFactory

    LibrarianFactory(nip=NIP, name="Dra. Rina Wulandari, S.I.Pust.")
    same = ApplicationFactory(
        submitted=True,
        candidate=ProfileFactory(
            user__nip=NIP, user__username=NIP, name="rina  WULANDARI", title_prefix="Dra."
        ).user,
    )
    client.force_login(verifier)
    page = client.get(reverse("verification_detail", args=[same.public_id])).content.decode()
    assert "berbeda dengan nama di database Pustakawan" not in page

    # The panel judges the data the application was submitted with, not a later profile edit.
    same.candidate.profile.name = "Rudi Penyerobot"
    same.candidate.profile.save()
    page = client.get(reverse("verification_detail", args=[same.public_id])).content.decode()
    assert "berbeda dengan nama di database Pustakawan" not in page

    LibrarianFactory(nip=OTHER_NIP, name="Dra. Sri Handayani")
    squatted = ApplicationFactory(
        submitted=True,
        candidate=ProfileFactory(
            user__nip=OTHER_NIP, user__username=OTHER_NIP, name="Rudi Penyerobot"
        ).user,
    )
    page = client.get(reverse("verification_detail", args=[squatted.public_id])).content.decode()
    assert "berbeda dengan nama di database Pustakawan" in page
    assert "Sri Handayani" in page


# --- no account adds an address another account holds ----------------------------------------


@pytest.mark.parametrize("held_as", ["user_email", "email_address"])
def test_an_address_held_by_another_account_cannot_be_added_in_any_case(
    client, candidate, make_user, held_as
):
    other = make_user("lain", email="budi@perpusnas.go.id" if held_as == "user_email" else "")
    if held_as == "email_address":
        EmailAddress.objects.create(user=other, email="budi@perpusnas.go.id", verified=False)
    client.force_login(candidate)

    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "BUDI@Perpusnas.go.ID"}
    )

    assert not EmailAddress.objects.filter(
        user=candidate, email__iexact="budi@perpusnas.go.id"
    ).exists()
    assert response.status_code == 200
    assert "sudah dipakai akun lain" in response.content.decode()


def test_admin_cannot_give_an_address_another_account_holds(client, administrator, candidate):
    client.force_login(administrator)
    EmailAddress.objects.create(user=administrator, email="kantor@contoh.id", verified=True)

    response = client.post(
        "/admin/account/emailaddress/add/",
        {"user": candidate.pk, "email": "KANTOR@contoh.id", "primary": "", "verified": ""},
    )

    assert response.status_code == 200
    assert "sudah dipakai akun lain" in response.content.decode()
    assert not EmailAddress.objects.filter(user=candidate).exists()


def test_admin_user_form_refuses_an_address_held_as_another_accounts_address(
    client, administrator, candidate, make_user
):
    other = make_user("lain", email="")
    EmailAddress.objects.create(user=other, email="dipakai@contoh.id")
    client.force_login(administrator)
    page = client.get(f"/admin/registration/user/{candidate.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("groups", "user_permissions", "password")
    }
    data.update(
        email="Dipakai@contoh.id",
        date_joined_0=candidate.date_joined.strftime("%Y-%m-%d"),
        date_joined_1=candidate.date_joined.strftime("%H:%M:%S"),
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)
    data.update(staff_roles_post())  # the roles inline, empty

    response = client.post(f"/admin/registration/user/{candidate.pk}/change/", data)

    assert response.status_code == 200
    assert "sudah dipakai akun lain" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.email != "Dipakai@contoh.id"
