"""The admin keeps a reporter's identity and the secrets in mail sealed (issue 13, item 1).

A candidate files an anonymous complaint while logged in; the team verifies it with a note that
names her, asks a question, answers, and gets its digest; she asks for a password reset. Then an
administrator outside the complaint team (a superuser: the strongest such account) tries every
route the admin offers: lists, lookups in the query string, search, change forms, history, the
delete and action confirmation pages (where each row's __str__ appears) and the event log. None
may show her name, e-mail, telephone or account, the complaint's tracking code (her key to it) or
the reset key. Lookups on fields an admin does not show as filters are refused outright (400):
even an empty result would answer "is her address siti...?".

The complaint team lists the complaint and reads its own notes, but the anonymous reporter's
identity stays sealed for it too (issue 20; complaints.selectors.identity_shown); nobody sees a
sensitive mail's subject, recipients or body, and once delivered those are gone from the
outbox."""

import importlib
import re
from dataclasses import dataclass

import pytest
from allauth.mfa.models import Authenticator
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse

from complaints import services
from complaints.constants import ComplaintKind, ComplaintStatus, MessageKind
from complaints.digest import digest_send
from complaints.models import Complaint
from portal.constants import EmailStatus, Role
from portal.mail import ERASED, ERASED_SUBJECT, outbound_email_deliver
from portal.models import Event, OutboundEmail

pytestmark = pytest.mark.django_db

REPORTER_NAME = "Siti Aminah"
REPORTER_EMAIL = "siti.aminah@example.test"
REPORTER_PHONE = "0812 7777 3131"
NIP = "198703152010012003"
RESET_KEY = re.compile(r"/password/reset/key/(\S+?)/")


@dataclass
class Case:
    complaint: Complaint
    reporter: object
    secrets: dict[str, str]

    def leaks(self, content: str) -> list[str]:
        return [name for name, value in self.secrets.items() if value.lower() in content.lower()]


@pytest.fixture
def reporter(make_user):
    return make_user(NIP, nip=NIP, first_name=REPORTER_NAME, email=REPORTER_EMAIL)


@pytest.fixture
def handler(make_user):
    return make_user("pengelola-pengaduan", Role.COMPLAINT_HANDLER)


@pytest.fixture
def team_administrator(make_user):
    return make_user(
        "admin-pengaduan",
        Role.ADMINISTRATOR,
        Role.COMPLAINT_HANDLER,
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def case(client, reporter, handler) -> Case:
    """Every mail stays pending in the outbox (the test's transaction never commits), body and
    all: the admin must hide it even then."""
    client.force_login(reporter)
    response = client.post(
        reverse("complaint_new"),
        {
            "kind": ComplaintKind.COMPLAINT,
            "service": "",
            "subject": "Jadwal ujian tidak muncul",
            "description": "Sudah terverifikasi sejak Senin, tetapi jadwal belum bisa dipilih.",
            "incident_date": "",
            "reporter_name": REPORTER_NAME,
            "reporter_email": REPORTER_EMAIL,
            "reporter_phone": REPORTER_PHONE,
            "anonymous": "on",
            "website": "",
        },
    )
    assert response.status_code == 302, response.content.decode()
    complaint = Complaint.objects.get()
    assert complaint.anonymous and complaint.reporter == reporter

    services.complaint_transition(
        complaint=complaint,
        to=ComplaintStatus.VERIFIED,
        actor=handler,
        note=f"Yth. Ibu {REPORTER_NAME}, laporan Anda sudah kami periksa.",
    )
    assert digest_send(today=complaint.due_date) > 0
    services.complaint_message_add(
        complaint=complaint,
        kind=MessageKind.QUESTION,
        body="Sesi mana yang Anda pilih?",
        actor=handler,
    )
    services.complaint_message_add(
        complaint=complaint,
        kind=MessageKind.REPLY,
        body="Jadwal sudah kami buka kembali.",
        actor=handler,
    )

    client.logout()
    response = client.post(reverse("account_reset_password"), {"email": REPORTER_EMAIL})
    assert response.status_code == 302
    reset = OutboundEmail.objects.get(body__contains="/password/reset/key/")
    complaint.refresh_from_db()
    return Case(
        complaint=complaint,
        reporter=reporter,
        secrets={
            "reporter's name": REPORTER_NAME,
            "reporter's e-mail": REPORTER_EMAIL,
            "reporter's telephone": complaint.reporter_phone,
            "reporter's account": NIP,
            "tracking code": complaint.tracking_code,
            "reset key": RESET_KEY.search(reset.body).group(1),
        },
    )


def _complaint_events(case: Case):
    return Event.objects.filter(
        content_type=ContentType.objects.get_for_model(Complaint), object_id=case.complaint.pk
    )


def _pages(case: Case) -> list[str]:
    """Every admin page that shows the complaint, its events or its mails."""
    complaint = case.complaint.pk
    pages = [
        "/admin/",
        "/admin/complaints/complaint/",
        "/admin/complaints/complaint/?q=siti",
        f"/admin/complaints/complaint/{complaint}/change/",
        f"/admin/complaints/complaint/{complaint}/history/",
        f"/admin/complaints/complaint/{complaint}/delete/",
        "/admin/portal/outboundemail/",
        "/admin/portal/event/",
        f"/admin/portal/event/?content_type__id__exact={ContentType.objects.get_for_model(Complaint).pk}",
    ]
    for email in OutboundEmail.objects.all():
        pages += [f"/admin/portal/outboundemail/{email.pk}/{page}/" for page in PAGES]
    for event in _complaint_events(case):
        pages += [f"/admin/portal/event/{event.pk}/{page}/" for page in PAGES]
    return pages


PAGES = ("change", "history", "delete")


def _lookups(case: Case) -> list[str]:
    """Query strings that would single out the reporter or read a mail's content."""
    complaint = case.complaint
    return [
        "/admin/complaints/complaint/?reporter_email__startswith=siti",
        "/admin/complaints/complaint/?reporter_name__icontains=aminah",
        "/admin/complaints/complaint/?reporter_phone__contains=0812",
        f"/admin/complaints/complaint/?reporter__username={NIP}",
        f"/admin/complaints/complaint/?reporter={case.reporter.pk}",
        "/admin/complaints/complaint/?tracking_code__startswith=ADU",
        "/admin/portal/outboundemail/?body__contains=reset/key/",
        "/admin/portal/outboundemail/?to__contains=siti",
        "/admin/portal/outboundemail/?subject__contains=ADU-",
        f"/admin/portal/event/?actor={case.reporter.pk}",
        f"/admin/portal/event/?actor__username={NIP}",
        "/admin/portal/event/?note__icontains=aminah",
        f"/admin/registration/user/?complaints={complaint.pk}",
        "/admin/registration/user/?complaints__anonymous=1",
        f"/admin/registration/user/?complaints__tracking_code={complaint.tracking_code}",
        f"/admin/account/emailaddress/?user__complaints={complaint.pk}",
    ]


def test_an_administrator_outside_the_team_finds_no_reporter_and_no_secret_on_any_page(
    client, administrator, case
):
    assert Role.COMPLAINT_HANDLER not in {g.name for g in administrator.groups.all()}
    client.force_login(administrator)

    leaks = {}
    for path in _pages(case):
        response = client.get(path)
        assert response.status_code in (200, 302, 403), path
        if found := case.leaks(response.content.decode()):
            leaks[path] = found

    assert not leaks


def test_the_delete_confirmation_of_the_outbox_names_no_recipient_and_no_secret(
    client, administrator, case
):
    client.force_login(administrator)

    response = client.post(
        "/admin/portal/outboundemail/",
        {
            "action": "delete_selected",
            "_selected_action": list(OutboundEmail.objects.values_list("pk", flat=True)),
        },
    )

    assert response.status_code == 200
    assert "delete_selected" in response.content.decode()  # the confirmation page
    assert not case.leaks(response.content.decode())
    assert OutboundEmail.objects.count() == 6  # nothing deleted without confirming


def test_lookups_on_fields_the_admin_does_not_show_are_refused(client, administrator, case):
    client.force_login(administrator)

    answers = {path: client.get(path) for path in _lookups(case)}

    assert {path: r.status_code for path, r in answers.items()} == dict.fromkeys(answers, 400)
    assert not [path for path, r in answers.items() if case.leaks(r.content.decode())]


def test_searching_finds_no_complaint_by_its_code_and_no_sensitive_mail_by_its_content(
    client, administrator, case
):
    client.force_login(administrator)
    code = case.complaint.tracking_code
    change_link = f"/admin/complaints/complaint/{case.complaint.pk}/change/"

    by_code = client.get("/admin/complaints/complaint/", {"q": code[:8]}).content.decode()
    assert change_link not in by_code
    # The autocomplete searches with the complaint admin's search fields as well.
    autocomplete = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "complaints",
            "model_name": "complaint",
            "field_name": "duplicate_of",
            "term": code[:8],
        },
    )
    assert autocomplete.status_code == 200
    assert autocomplete.json()["results"] == []

    for term in ("siti", "aminah", "ADU-", code[4:8], "reset", "Ringkasan"):
        page = client.get("/admin/portal/outboundemail/", {"q": term}).content.decode()
        shown = re.findall(r"/admin/portal/outboundemail/(\d+)/change/", page)
        assert not OutboundEmail.objects.filter(pk__in=shown, sensitive=True).exists(), term


def test_the_complaint_team_sees_its_own_words_but_not_an_anonymous_reporter(
    client, team_administrator, case
):
    """The team's administrator lists the complaint by its code and reads the note the team
    wrote, but an anonymous reporter's identity stays sealed in the admin as on the team's
    pages (tests/complaints/test_complaint_seal.py opens it there, with a reason)."""
    client.force_login(team_administrator)

    listing = client.get("/admin/complaints/complaint/").content.decode()
    change = client.get(f"/admin/complaints/complaint/{case.complaint.pk}/change/").content.decode()
    (verified,) = _complaint_events(case).filter(to_state=ComplaintStatus.VERIFIED)
    event = client.get(f"/admin/portal/event/{verified.pk}/change/").content.decode()

    assert case.complaint.tracking_code in listing
    assert REPORTER_NAME not in change
    assert REPORTER_EMAIL not in change
    assert REPORTER_PHONE not in change
    assert REPORTER_NAME in event  # the team's own note names her


def test_nobody_sees_a_sensitive_mails_subject_recipients_or_body(client, team_administrator, case):
    client.force_login(team_administrator)
    sensitive = OutboundEmail.objects.filter(sensitive=True)
    pages = ["/admin/portal/outboundemail/"] + [
        f"/admin/portal/outboundemail/{email.pk}/{page}/" for email in sensitive for page in PAGES
    ]
    mail_secrets = {
        "reporter's e-mail": REPORTER_EMAIL,
        "tracking code": case.complaint.tracking_code,
        "reset key": case.secrets["reset key"],
    }

    leaks = {}
    for path in pages:
        content = client.get(path).content.decode()
        if found := [name for name, value in mail_secrets.items() if value in content]:
            leaks[path] = found

    assert not leaks


# --- which mails are sensitive, and what is left of them once delivered -----------------------


def _kinds(case: Case) -> dict[str, OutboundEmail]:
    code = case.complaint.tracking_code
    kinds = {"password reset": OutboundEmail.objects.get(body__contains="/password/reset/key/")}
    for name, marker in (
        ("acknowledgement", "Kode pelacakan"),
        ("status", "Status laporan Anda"),
        ("question", "memerlukan keterangan berikut"),
        ("reply", "menjawab laporan Anda"),
        ("digest", "Yth. Tim Pengelola Pengaduan"),
    ):
        kinds[name] = OutboundEmail.objects.get(body__contains=marker)
        assert code in kinds[name].body
    return kinds


def test_every_mail_with_a_secret_or_the_reporters_words_is_marked_sensitive(case):
    kinds = _kinds(case)

    assert {name: email.sensitive for name, email in kinds.items()} == dict.fromkeys(kinds, True)
    assert OutboundEmail.objects.count() == len(kinds)


def test_a_delivered_sensitive_mail_keeps_neither_subject_nor_body_nor_recipients(case):
    kinds = _kinds(case)

    for email in kinds.values():
        assert outbound_email_deliver(email_id=email.pk) is True

    assert len(mail.outbox) == len(kinds)  # delivered intact
    assert [m for m in mail.outbox if case.complaint.tracking_code in m.subject]
    rows = [str(row) for row in OutboundEmail.objects.values()]
    assert not [row for row in rows if case.leaks(row)]
    for email in OutboundEmail.objects.all():
        assert email.status == EmailStatus.SENT
        assert (email.to, email.cc, email.bcc, email.reply_to) == ([], [], [], [])


def test_a_failed_sensitive_mail_can_be_sent_again_from_the_admin(client, administrator, case):
    reset = _kinds(case)["password reset"]
    OutboundEmail.objects.filter(pk=reset.pk).update(status=EmailStatus.FAILED, attempts=5)
    client.force_login(administrator)

    response = client.post(
        "/admin/portal/outboundemail/",
        {"action": "send_again", "_selected_action": [reset.pk]},
    )

    assert response.status_code == 302
    (delivered,) = mail.outbox
    assert delivered.to == [REPORTER_EMAIL]
    assert case.secrets["reset key"] in delivered.body
    reset.refresh_from_db()
    assert reset.status == EmailStatus.SENT
    assert not case.leaks(str(OutboundEmail.objects.filter(pk=reset.pk).values().get()))


def test_mail_stored_before_the_sealing_is_sealed_by_the_migration():
    seal = importlib.import_module("portal.migrations.0012_seal_sensitive_mail_stored_before").seal
    code = "ADU-7K3M-9QX2"

    def stored(subject: str, body: str, **fields) -> OutboundEmail:
        return OutboundEmail.objects.create(
            from_email="portal@example.test",
            to=[REPORTER_EMAIL],
            subject=subject,
            body=body,
            **{"status": EmailStatus.SENT, **fields},
        )

    acknowledgement = stored(f"Pengaduan Anda telah kami terima ({code})", f"Kode: {code}")
    reset = stored(
        "[Portal Kompetensi ASN] E-mail Reset Kata Sandi",
        "http://localhost:8000/accounts/password/reset/key/2-dj35gk-9690426cd5f8/",
        status=EmailStatus.PENDING,
    )
    credentials = stored("Akun Portal Kompetensi ASN", ERASED, sensitive=True)
    ordinary = stored("Jadwal uji", "Sesi Anda: Senin 09.00 WIB.")

    seal(django_apps, None)

    for email in (acknowledgement, reset, credentials, ordinary):
        email.refresh_from_db()
    assert acknowledgement.sensitive and reset.sensitive
    for delivered in (acknowledgement, credentials):
        assert (delivered.subject, delivered.body, delivered.to) == (ERASED_SUBJECT, ERASED, [])
    assert reset.to == [REPORTER_EMAIL] and "/reset/key/" in reset.body  # still to be sent
    assert not ordinary.sensitive
    assert (ordinary.subject, ordinary.to) == ("Jadwal uji", [REPORTER_EMAIL])


def test_a_second_factors_secret_never_shows_in_the_admin(client, administrator, reporter):
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    authenticator = Authenticator.objects.create(
        user=reporter, type=Authenticator.Type.TOTP, data={"secret": secret}
    )
    client.force_login(administrator)
    base = "/admin/mfa/authenticator/"
    pages = [base] + [f"{base}{authenticator.pk}/{page}/" for page in PAGES]

    shown = {page: client.get(page) for page in pages}

    assert {page: r.status_code for page, r in shown.items()} == dict.fromkeys(pages, 200)
    assert not [page for page, r in shown.items() if secret in r.content.decode()]
    assert client.get(f"{base}add/").status_code == 403
