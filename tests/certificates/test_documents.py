"""What the PDFs say: the certificate with its validated data, photo and QR code, the legalised
copy, and the result letter for each outcome. Rendered once per module with the real
WeasyPrint (rendering costs time), then read back with pypdf, pdftoppm and zxing."""

import io
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import zxingcpp
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from certificates import documents
from certificates.constants import CertificateStatus
from certificates.models import Certificate
from portal import pdf as portal_pdf
from portal.models import CompetencyUnit, Service, StatusList
from portal.pdf import render_pdf
from registration.constants import ApplicationStatus
from scheduling.constants import Attendance, Outcome, ResultStatus, SessionMode, SessionStatus
from scheduling.models import ExamSession, Result, Seat
from tests.factories import SERVICE_SLUG, ApplicationFactory, CertificateFactory

BASE_URL = "https://kompetensi.perpusnas.example.id"
NUMBER = "UKP/2026/000123"
TOKEN = "Zq3kV8xN2pR7tW5yB1cD4f"  # the certificate's verification token, fixed to read it back
PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"  # Debian poppler-utils
SIGNED_AT = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)  # 10.00 WIB
LEGALISED_AT = datetime(2026, 12, 9, 2, 0, tzinfo=UTC)
SESSION_STARTS = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # 09.00 WIB

# The tests only read rendered bytes; the mark makes pytest-django create the test database
# that the module's fixture writes to (and rolls back).
pytestmark = pytest.mark.django_db


def make_staff(username: str, first_name: str, last_name: str = "", nip=None):
    return get_user_model().objects.create_user(
        username=username, first_name=first_name, last_name=last_name, nip=nip
    )


def certificate_at_signing(application, **fields) -> Certificate:
    """A numbered certificate with the data validated, as the signing official sees it."""
    official = make_staff(
        f"pejabat-{application.pk}",
        "Dr. Adin Bondar,",
        "M.Si.",
        nip=f"19700101199503{application.pk:04d}",
    )
    values = {
        "application": application,
        "status": CertificateStatus.SIGNING,
        "name": "Dr. Rina Wulandari, S.I.Pust., M.Hum.",
        "rank": "Penata Tingkat I (III/d)",
        "institution": "Dinas Perpustakaan Daerah Istimewa Yogyakarta",
        "number": NUMBER,
        "signed_by": official,
        "signed_at": SIGNED_AT,
        **fields,
    }
    return CertificateFactory(**values)


def published_result(outcome: str, *, score=None, unit_outcomes=None, head=None) -> Result:
    """A published result of a held session, for a new application."""
    service = Service.objects.get(slug=SERVICE_SLUG)
    head = head or make_staff(f"ketua-{timezone.now().timestamp()}", "Bambang Sutrisno, M.Hum.")
    session = ExamSession.objects.create(
        service=service,
        starts_at=SESSION_STARTS,
        ends_at=SESSION_STARTS + timedelta(hours=3),
        mode=SessionMode.ONLINE,
        capacity=10,
        booking_opens_at=SESSION_STARTS - timedelta(days=20),
        booking_closes_at=SESSION_STARTS - timedelta(days=3),
        status=SessionStatus.HELD,
        head_assessor=head,
        results_published_by=head,
        results_published_at=SESSION_STARTS + timedelta(days=2),
    )
    application = ApplicationFactory(status=ApplicationStatus.PASSED)
    seat = Seat.objects.create(
        session=session,
        application=application,
        created_by=head,
        attendance=Attendance.ABSENT if outcome == Outcome.ABSENT else Attendance.PRESENT,
        is_active=outcome != Outcome.ABSENT,
    )
    return Result.objects.create(
        seat=seat,
        outcome=outcome,
        score=score,
        unit_outcomes=unit_outcomes or {},
        status=ResultStatus.PUBLISHED,
        published_at=session.results_published_at,
        recorded_by=head,
    )


def text_of(pdf: bytes) -> str:
    """The PDF's text with line breaks and runs of spaces as single spaces."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def qr_codes(pdf: bytes, tmp_path) -> list[str]:
    """The QR codes a phone would read on page 1 (rendered at 80 dpi, as pdftoppm does)."""
    source = tmp_path / "dokumen.pdf"
    source.write_bytes(pdf)
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm (poppler-utils) is needed to read the QR code"
    subprocess.run(
        [pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", str(source), str(tmp_path / "hal")],
        check=True,
    )
    (page,) = tmp_path.glob("hal*.png")
    return [
        code.text
        for code in zxingcpp.read_barcodes(Image.open(page))
        if code.format == zxingcpp.BarcodeFormat.QRCode
    ]


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every PDF of this module, rendered from data that is rolled back afterwards."""
    media = tmp_path_factory.mktemp("media")
    storages = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media, "base_url": None},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    pdfs = {}
    with (
        override_settings(PORTAL_BASE_URL=BASE_URL, STORAGES=storages),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        with_photo = ApplicationFactory(documents=True, status=ApplicationStatus.PASSED)
        status_list = StatusList.objects.create(
            provider_id=with_photo.service.provider_id, ordinal=1
        )
        certificate = certificate_at_signing(
            with_photo,
            status_list=status_list,
            status_list_index=0,
            verification_token=TOKEN,
            legalised_by=make_staff("petugas-legalisir", "Sri Rahayu,", "S.Sos."),
            legalised_at=LEGALISED_AT,
        )
        pdfs["certificate"] = documents.certificate_pdf(certificate)
        pdfs["legalised"] = documents.certificate_pdf(certificate, legalised=True)
        without_photo = ApplicationFactory(status=ApplicationStatus.PASSED)
        pdfs["no_photo"] = documents.certificate_pdf(
            certificate_at_signing(without_photo, number="UKP/2026/000124")
        )

        service = Service.objects.get(slug=SERVICE_SLUG)
        CompetencyUnit.objects.create(
            service=service, code="PUS.01", order=1, title="Mengembangkan koleksi perpustakaan"
        )
        CompetencyUnit.objects.create(
            service=service, code="PUS.02", order=2, title="Memberikan layanan referensi"
        )
        passed = published_result(
            Outcome.PASSED,
            score=Decimal("86.50"),
            unit_outcomes={"PUS.02": "competent", "PUS.01": "competent"},
        )
        failed = published_result(
            Outcome.FAILED,
            score=Decimal("54.00"),
            unit_outcomes={"PUS.01": "competent", "PUS.02": "not_yet_competent"},
        )
        absent = published_result(Outcome.ABSENT)
        for result in (passed, failed, absent):
            pdfs[f"letter_{result.outcome}"] = documents.result_letter_pdf(result)
            pdfs[f"letter_{result.outcome}_nip"] = result.seat.application.candidate.nip
        pdfs["candidate_nip"] = with_photo.candidate.nip
        pdfs["credential_path"] = reverse("certificate_credential", args=[certificate.public_id])
        transaction.set_rollback(True)
    return pdfs


def test_the_certificate_is_a4_landscape_with_the_validated_data(rendered):
    page = PdfReader(io.BytesIO(rendered["certificate"])).pages[0]
    text = text_of(rendered["certificate"])

    assert (round(page.mediabox.width), round(page.mediabox.height)) == (842, 595)
    for expected in [
        "PERPUSTAKAAN NASIONAL REPUBLIK INDONESIA",
        "SERTIFIKAT KOMPETENSI",
        f"Nomor: {NUMBER}",
        "diberikan kepada",
        "Dr. Rina Wulandari, S.I.Pust., M.Hum.",
        f"NIP : {rendered['candidate_nip']}",
        "Tempat/Tanggal Lahir : Yogyakarta, 26 September 1986",
        "Pangkat/Golongan : Penata Tingkat I (III/d)",
        "Jabatan : Pustakawan Ahli Pertama",
        "Instansi : Dinas Perpustakaan Daerah Istimewa Yogyakarta",
        "dengan tujuan Kenaikan jenjang",
        "KOMPETEN",
        "sebagai Pustakawan Ahli Muda",
        "Jakarta, 7 Desember 2026",
        "Kepala Pusat Pembinaan Pustakawan,",
        "Dr. Adin Bondar, M.Si.",
        "Pindai untuk memeriksa keaslian",
    ]:
        assert expected in text, expected
    assert "SALINAN" not in text


def test_a_certificate_with_a_credential_prints_where_its_holder_downloads_it(rendered):
    # Without white space: the text layer may break the long address where it wraps.
    text = "".join(text_of(rendered["certificate"]).split())
    assert f"Kredensialdigital:{BASE_URL}{rendered['credential_path']}" in text
    assert "Kredensial digital" not in text_of(rendered["no_photo"])  # no status list: none


def test_the_qr_code_decodes_to_the_public_verification_page_with_the_token(rendered, tmp_path):
    assert qr_codes(rendered["certificate"], tmp_path) == [
        f"{BASE_URL}/certificates/verify/{NUMBER}/?t={TOKEN}"
    ]


def images_of(pdf: bytes) -> dict[str, list]:
    """Page 1's images: the photo (colour) and the QR code (greyscale, portal.pdf)."""
    images = PdfReader(io.BytesIO(pdf)).pages[0].images
    return {
        "photo": [image for image in images if image.image.mode != "L"],
        "qr": [image for image in images if image.image.mode == "L"],
    }


def test_the_candidates_photo_is_printed_3_by_4(rendered):
    (image,) = images_of(rendered["certificate"])["photo"]
    photo = image.image.convert("RGB")

    assert photo.size == documents.PHOTO_PIXELS
    red, _green, blue = photo.getpixel((5, 5))  # the factory photo's blue background
    assert blue > 150 and red < 100


def test_the_qr_code_is_printed_unsmoothed_with_sharp_modules(rendered):
    """An image of 8 pixels per module, drawn without interpolation: sharp at any zoom."""
    (image,) = images_of(rendered["certificate"])["qr"]
    pixels = image.image
    modules = pixels.width // portal_pdf.QR_MODULE_PIXELS

    assert pixels.width == pixels.height and modules * portal_pdf.QR_MODULE_PIXELS == pixels.width
    assert {value for _count, value in pixels.getcolors()} == {0x11, 0xFF}
    assert image.indirect_reference.get_object()["/Interpolate"].value is False


def test_without_a_photo_the_certificate_shows_an_empty_frame(rendered):
    assert images_of(rendered["no_photo"])["photo"] == []
    assert "Pas foto 3\N{MULTIPLICATION SIGN}4" in text_of(rendered["no_photo"])


def test_the_legalised_copy_names_the_officer_and_date(rendered, tmp_path):
    text = text_of(rendered["legalised"])

    assert "SALINAN SESUAI ASLI — DILEGALISIR" in text
    assert "Dilegalisir oleh Sri Rahayu, S.Sos." in text
    assert "Tanggal 9 Desember 2026" in text
    assert "Dr. Rina Wulandari, S.I.Pust., M.Hum." in text
    assert qr_codes(rendered["legalised"], tmp_path) == [
        f"{BASE_URL}/certificates/verify/{NUMBER}/?t={TOKEN}"
    ]


@pytest.mark.parametrize(
    ("outcome", "shown", "lines", "absent_lines"),
    [
        (
            Outcome.PASSED,
            "LULUS",
            [
                "Nilai : 86,50",
                "1 PUS.01 Mengembangkan koleksi perpustakaan Kompeten",
                "2 PUS.02 Memberikan layanan referensi Kompeten",
                "Sertifikat kompetensi diterbitkan tersendiri",
            ],
            ["TIDAK LULUS", "Belum kompeten"],
        ),
        (
            Outcome.FAILED,
            "TIDAK LULUS",
            [
                "Nilai : 54,00",
                "2 PUS.02 Memberikan layanan referensi Belum kompeten",
                "dapat mengajukan uji kompetensi kembali",
            ],
            ["Sertifikat kompetensi diterbitkan"],
        ),
        (
            Outcome.ABSENT,
            "TIDAK HADIR",
            ["tidak hadir pada sesi uji tersebut"],
            ["Nilai", "Hasil per unit", "Sertifikat kompetensi diterbitkan"],
        ),
    ],
)
def test_the_result_letter_states_the_outcome(rendered, outcome, shown, lines, absent_lines):
    pdf = rendered[f"letter_{outcome}"]
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    text = text_of(pdf)

    assert (round(page.mediabox.width), round(page.mediabox.height)) == (595, 842)
    for expected in [
        "SURAT KETERANGAN HASIL UJI KOMPETENSI",
        "Yang bertanda tangan di bawah ini",
        "menerangkan bahwa",
        f"NIP : {rendered[f'letter_{outcome}_nip']}",
        "pada sesi uji tanggal 24 November 2026",
        "Tujuan uji kompetensi : Kenaikan jenjang",
        "Jenjang yang dituju : Pustakawan Ahli Muda",
        f"Hasil : {shown}",
        "Jakarta, 26 November 2026",
        "Bambang Sutrisno, M.Hum.",
        *lines,
    ]:
        assert expected in text, expected
    for unexpected in absent_lines:
        assert unexpected not in text, unexpected


def test_a_template_can_fetch_nothing_from_outside():
    from weasyprint.urls import FatalURLFetchingError

    with pytest.raises(FatalURLFetchingError):
        render_pdf('<img src="https://example.com/logo.png">')


def test_one_thread_renders_every_pdf_with_one_font_configuration(monkeypatch):
    """A new Fontconfig configuration per PDF reloads every system font and leaks native memory
    (make bench showed a worker growing by ~0.2 MiB per certificate); threads get their own."""
    import threading

    from weasyprint.text import fonts

    made = []
    original = fonts.FontConfiguration.__init__

    def counted(self):
        made.append(threading.get_ident())
        original(self)

    monkeypatch.setattr(fonts.FontConfiguration, "__init__", counted)
    monkeypatch.setattr(portal_pdf, "_rendering", threading.local())
    html = "<p>Sertifikat</p>"

    first, second = render_pdf(html), render_pdf(html)
    other = threading.Thread(target=render_pdf, args=(html,))
    other.start()
    other.join()

    assert first.startswith(b"%PDF") and second.startswith(b"%PDF")
    assert len(made) == 2
    assert made[0] != made[1]  # the other thread made its own
