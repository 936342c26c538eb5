"""The participant file (seed 004 step 4): XLSX or CSV, checked row by row, accepted whole or
refused whole with every bad row listed; a refused or unreadable file changes nothing."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from assessments.constants import MAX_PARTICIPANTS, EngagementState
from assessments.models import Participant, ParticipantList
from assessments.services.participants import participant_remove, participants_upload
from casework.exceptions import CaseError, CaseForbidden
from portal.constants import Role
from portal.models import Event, OutboundEmail

pytestmark = pytest.mark.django_db

HEADER = ["NIP", "Nama", "Jabatan", "Unit Kerja", "E-mail"]


def nip(i: int) -> str:
    """A valid PNS NIP, distinct per i (1..999)."""
    return f"19860926201505{1 if i % 2 else 2}{i:03d}"


def row(i: int, **changes) -> list[str]:
    values = {
        "nip": nip(i),
        "name": f"Asesi Nomor {i}",
        "position": "Analis Kebijakan Ahli Muda",
        "unit": "Bagian Organisasi",
        "email": f"asesi{i}@singkawang.example.go.id",
        **changes,
    }
    return [values["nip"], values["name"], values["position"], values["unit"], values["email"]]


def csv_file(rows, *, header=HEADER, delimiter=";", bom=False, name="daftar.csv"):
    lines = [delimiter.join(header)] + [delimiter.join(r) for r in rows]
    content = ("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n"
    return SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, *, header=HEADER, name="daftar.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for r in rows:
        sheet.append(r)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def engagement(make_engagement):
    """SPK confirmed by LAN (not yet signed): the list may be sent, for 12 asesi."""
    return make_engagement(EngagementState.AGREEMENT, agreement=True, participants=12)


def upload(engagement, operator, file):
    return participants_upload(engagement=engagement, actor=operator, file=file)


def test_csv_with_semicolons_and_bom_accepted_whole(engagement, institution_operator):
    listing = upload(
        engagement, institution_operator, csv_file([row(i) for i in range(1, 13)], bom=True)
    )
    assert listing.accepted and listing.errors == [] and listing.row_count == 12
    participants = list(engagement.participants.order_by("nip"))
    assert len(participants) == 12
    assert participants[0].nip == nip(1)
    assert participants[0].email == "asesi1@singkawang.example.go.id"
    assert Event.objects.filter(object_id=engagement.pk, kind="participants_accepted").exists()
    # In AGREEMENT (SPK not fully signed) nobody is invited yet.
    assert not engagement.participants.filter(invited_at__isnull=False).exists()
    assert not OutboundEmail.objects.exists()


def test_xlsx_accepted_with_headers_in_any_case_order_and_spacing(engagement, institution_operator):
    header = [" e-mail ", "unit  kerja", "NAMA", "jabatan", "Nip"]
    rows = []
    for i in (1, 2, 3):
        n, name, position, unit, email = row(i)
        rows.append([email, unit, name, position, n])
    # A NIP typed with spaces, as on an SK, is accepted.
    rows[0][4] = "19860926 201505 1 001"
    listing = upload(engagement, institution_operator, xlsx_file(rows, header=header))
    assert listing.accepted, listing.errors
    assert set(engagement.participants.values_list("nip", flat=True)) == {nip(1), nip(2), nip(3)}


def test_comma_csv_and_empty_rows_skipped(engagement, institution_operator):
    file = csv_file([row(1), ["", "", "", "", ""], row(2)], delimiter=",")
    listing = upload(engagement, institution_operator, file)
    assert listing.accepted and listing.row_count == 2
    assert engagement.participants.count() == 2


def _refused(engagement, operator, rows, **kwargs) -> ParticipantList:
    listing = upload(engagement, operator, csv_file(rows, **kwargs))
    assert not listing.accepted
    assert engagement.participants.count() == 0 or kwargs.get("keep_existing")
    return listing


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        (row(2, nip="19861326201505 1 002"), "tidak sah"),  # month 13
        (row(2, nip="12345"), "tidak sah"),
        (row(2, nip=""), "NIP kosong"),
        (row(2, name=""), "Nama kosong"),
        (row(2, position=""), "Jabatan kosong"),
        (row(2, unit=""), "Unit Kerja kosong"),
        (row(2, email="bukan-email"), "E-mail bukan-email tidak sah"),
        (row(2, email=""), "E-mail kosong"),
    ],
)
def test_each_bad_row_kind_refuses_the_whole_file(engagement, institution_operator, bad, expected):
    listing = upload(engagement, institution_operator, csv_file([row(1), bad, row(3)]))
    assert not listing.accepted
    assert len(listing.errors) == 1
    # Row 3 of the spreadsheet (the header is row 1).
    assert listing.errors[0].startswith("Baris 3: ")
    assert expected in listing.errors[0]
    assert engagement.participants.count() == 0
    assert Event.objects.filter(object_id=engagement.pk, kind="participants_refused").exists()


def test_every_bad_row_is_listed(engagement, institution_operator):
    rows = [row(1), row(2, nip="123"), row(3), row(1, name="Kembar"), row(5, email="x@")]
    listing = upload(engagement, institution_operator, csv_file(rows))
    assert not listing.accepted
    assert [error.split(":")[0] for error in listing.errors] == ["Baris 3", "Baris 5", "Baris 6"]
    assert "sudah ada di baris 2 berkas ini" in listing.errors[1]
    assert engagement.participants.count() == 0


def test_duplicate_with_the_existing_list(engagement, institution_operator):
    assert upload(engagement, institution_operator, csv_file([row(1), row(2)])).accepted
    listing = upload(engagement, institution_operator, csv_file([row(3), row(2)]))
    assert not listing.accepted
    assert listing.errors == [f"Baris 3: NIP {nip(2)} sudah ada di daftar asesi permohonan ini."]
    assert engagement.participants.count() == 2


def test_over_the_spk_count(engagement, institution_operator):
    assert upload(engagement, institution_operator, csv_file([row(i) for i in range(1, 11)]))
    listing = upload(engagement, institution_operator, csv_file([row(i) for i in range(11, 14)]))
    assert not listing.accepted
    assert "melebihi SPK" in listing.errors[-1] and "2 asesi lagi" in listing.errors[-1]
    assert engagement.participants.count() == 10


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.4\n1 0 obj<<>>endobj\n", "bukan lembar kerja XLSX atau teks CSV"),
        (b"\x89PNG\r\n\x1a\n0000", "bukan lembar kerja XLSX atau teks CSV"),
        (b"PK\x03\x04bukan-zip-yang-utuh", "XLSX tidak dapat dibaca"),
        ("NIP;Nama\n".encode("utf-16"), "bukan lembar kerja XLSX atau teks CSV"),
        (b"NIP;Nama\n\xff\xfe\xfa;x\n", "UTF-8"),
        (b"", "kosong"),
    ],
)
def test_a_wrong_or_unreadable_file_is_refused_and_leaves_nothing(
    engagement, institution_operator, content, expected
):
    # Named .xlsx: the kind is read from the content, never the name.
    file = SimpleUploadedFile("daftar.xlsx", content)
    with pytest.raises(CaseError, match=expected):
        upload(engagement, institution_operator, file)
    assert not ParticipantList.objects.exists()
    assert engagement.participants.count() == 0


def test_a_missing_column_is_named(engagement, institution_operator):
    header = ["NIP", "Nama", "Jabatan", "E-mail"]
    rows = [[r[0], r[1], r[2], r[4]] for r in (row(1), row(2))]
    with pytest.raises(CaseError, match="Kolom “Unit Kerja” tidak ditemukan"):
        upload(engagement, institution_operator, xlsx_file(rows, header=header))
    assert engagement.participants.count() == 0


def test_too_many_rows(make_engagement, institution_operator):
    engagement = make_engagement(EngagementState.AGREEMENT, agreement=True, participants=600)
    rows = [row(1)] * (MAX_PARTICIPANTS + 1)
    with pytest.raises(CaseError, match="lebih dari 500 asesi"):
        upload(engagement, institution_operator, csv_file(rows))


def test_only_the_operator_once_the_spk_is_confirmed(
    make_engagement, engagement, lan_staff, other_unit_staff, make_institution
):
    file = csv_file([row(1)])
    other = make_institution(name="Kabupaten Lain", operator="operator-lain").operators.get()
    for actor in (lan_staff[Role.SCHEDULER], other_unit_staff, other):
        with pytest.raises(CaseForbidden):
            upload(engagement, actor, file)
    operator = engagement.institution.operators.get()
    unconfirmed = make_engagement(EngagementState.AGREEMENT, agreement=True)
    unconfirmed.agreement.confirmed_at = None
    unconfirmed.agreement.save()
    with pytest.raises(CaseError, match="dikonfirmasi"):
        upload(unconfirmed, operator, file)
    with pytest.raises(CaseError):
        upload(make_engagement(EngagementState.REPORTING, agreement=True), operator, file)
    assert not Participant.objects.exists()


def test_accepted_in_preparation_invites_at_once(make_engagement, institution_operator):
    engagement = make_engagement(
        EngagementState.PREPARATION, agreement=True, signed_on=datetime.date(2027, 2, 4)
    )
    upload(engagement, institution_operator, csv_file([row(1), row(2)]))
    assert engagement.participants.filter(invited_at__isnull=False).count() == 2
    assert OutboundEmail.objects.count() == 2


def test_remove_before_invitation_only(make_engagement, institution_operator):
    engagement = make_engagement(EngagementState.AGREEMENT, agreement=True)
    upload(engagement, institution_operator, csv_file([row(1), row(2)]))
    first, second = engagement.participants.order_by("nip")
    participant_remove(participant=first, actor=institution_operator)
    assert list(engagement.participants.all()) == [second]
    Participant.objects.filter(pk=second.pk).update(invited_at=datetime.datetime.now(datetime.UTC))
    with pytest.raises(CaseError, match="sudah diundang"):
        participant_remove(participant=second, actor=institution_operator)


# --- Views -----------------------------------------------------------------------------------


def test_template_is_public_and_reads_back(client, engagement, institution_operator):
    response = client.get(reverse("assessments_participants_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = response.content
    listing = upload(engagement, institution_operator, SimpleUploadedFile("templat.csv", content))
    assert listing.accepted, listing.errors


def test_upload_view_refused_file_shows_every_error(client, engagement, institution_operator):
    client.force_login(institution_operator)
    url = reverse("assessments_participants_upload", args=[engagement.public_id])
    response = client.post(url, {"file": csv_file([row(1), row(2, nip="1")])})
    assert response.status_code == 302
    page = client.get(reverse("assessments_engagement", args=[engagement.public_id]))
    text = page.content.decode()
    assert "Baris 3: NIP 1 tidak sah" in text
    assert "ditolak seluruhnya" in text
    response = client.post(url, {"file": csv_file([row(1), row(2)])}, follow=True)
    assert "2 asesi ditambahkan" in response.content.decode()
    assert engagement.participants.count() == 2


def test_upload_view_for_outsiders_is_404(
    client, engagement, make_user, other_unit_staff, make_institution
):
    url = reverse("assessments_participants_upload", args=[engagement.public_id])
    assert client.post(url).status_code == 302  # anonymous: to the login page
    other = make_institution(name="Kabupaten Lain", operator="operator-lain").operators.get()
    for user in (make_user("orang-luar"), other_unit_staff, other):
        client.force_login(user)
        assert client.post(url, {"file": csv_file([row(1)])}).status_code == 404
    assert engagement.participants.count() == 0


def test_a_double_click_adds_the_list_once(engagement, institution_operator):
    first = upload(engagement, institution_operator, csv_file([row(1), row(2)]))
    again = upload(engagement, institution_operator, csv_file([row(1), row(2)]))
    assert again == first and again.accepted
    assert ParticipantList.objects.count() == 1
    assert engagement.participants.count() == 2
    # Another file right after is checked as usual.
    other = upload(engagement, institution_operator, csv_file([row(2), row(3)]))
    assert not other.accepted and ParticipantList.objects.count() == 2
