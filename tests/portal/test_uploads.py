"""Upload checks: a file is what its content says; a refusal says what is wrong in plain words."""

import contextlib
import hashlib
import io
import random
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.utils import translation
from PIL import Image

from portal.constants import FileKind
from portal.uploads import CheckedFile, UploadRejected, check_upload
from tests.portal import files
from tests.portal.files import upload


@dataclass(frozen=True)
class Rules:
    """Stands in for a Requirement (or a complaint's own rules): only the attributes matter."""

    accepted_kinds: tuple[str, ...] = (FileKind.PDF,)
    max_size_kb: int = 2048
    is_photo: bool = False
    photo_min_width: int = 300
    photo_min_height: int = 400

    @property
    def max_size_bytes(self) -> int:
        return self.max_size_kb * 1024


SK = Rules()  # a decree: PDF only, 2 MB
SCAN = Rules(accepted_kinds=(FileKind.PDF, FileKind.JPEG, FileKind.PNG), max_size_kb=10 * 1024)
PAS_FOTO = Rules(accepted_kinds=(FileKind.JPEG, FileKind.PNG), max_size_kb=1024, is_photo=True)


@pytest.fixture(autouse=True)
def _indonesian():
    with translation.override("id"):
        yield


def refusal(file, rules: Rules) -> UploadRejected:
    with pytest.raises(UploadRejected) as caught:
        check_upload(file, rules)
    error = caught.value
    assert str(error) == error.message
    # Open Forms #1456: people do not know what "application/pdf" is.
    assert "application/" not in error.message
    assert "image/" not in error.message
    return error


# --- what is accepted ------------------------------------------------------------------------


def test_a_valid_pdf_is_accepted_with_its_page_count_and_hash():
    content = files.pdf_bytes(pages=3)

    checked = check_upload(upload(content, "sk-pengangkatan.pdf", "application/pdf"), SK)

    assert checked == CheckedFile(
        kind=FileKind.PDF,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content_type="application/pdf",
        width=None,
        height=None,
        pages=3,
    )


def test_a_pdf_with_bytes_before_its_header_is_refused():
    """The PDF standard tolerates junk in front; a file with something before the header is
    another format that PDF readers also open (issue 13)."""
    error = refusal(upload(b"\r\n" + files.pdf_bytes()), SK)

    assert error.code == "pdf_header"
    assert error.message.startswith("Berkas ini bukan PDF yang utuh")


@pytest.mark.parametrize(
    ("content", "kind", "content_type"),
    [
        (files.jpeg(600, 800), FileKind.JPEG, "image/jpeg"),
        (files.png(600, 800), FileKind.PNG, "image/png"),
    ],
    ids=["jpeg", "png"],
)
def test_a_valid_jpeg_or_png_is_accepted_with_its_dimensions(content, kind, content_type):
    checked = check_upload(upload(content, "ktp.jpg"), SCAN)

    assert checked.kind == kind
    assert checked.content_type == content_type
    assert (checked.width, checked.height) == (600, 800)
    assert checked.pages is None
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


def test_a_pdf_locked_only_against_printing_opens_and_is_accepted():
    content = files.pdf_bytes(owner_password="pemilik")

    assert check_upload(upload(content), SK).pages == 1


def test_a_plain_file_object_without_a_size_is_checked_too():
    content = files.pdf_bytes()

    assert check_upload(io.BytesIO(content), SK).size == len(content)


def test_a_large_upload_spooled_to_disk_is_checked_from_disk():
    content = files.pdf_bytes(pages=200)
    with TemporaryUploadedFile("ijazah.pdf", "application/pdf", len(content), None) as file:
        file.write(content)
        file.seek(0)

        checked = check_upload(file, SCAN)

        assert (checked.pages, checked.size) == (200, len(content))
        assert checked.sha256 == hashlib.sha256(content).hexdigest()


# --- the kind comes from the content, not the name -------------------------------------------


def test_a_png_renamed_to_pdf_is_recognised_as_png_and_refused_where_only_pdf_is_accepted():
    file = upload(files.png(), "sk-kenaikan-pangkat.pdf", "application/pdf")

    error = refusal(file, SK)

    assert error.code == "kind_not_accepted"
    assert error.message.startswith("Berkas ini adalah gambar PNG. Berkas yang diterima: PDF.")
    assert "Mengganti nama berkas tidak mengubah isinya" in error.message


def test_a_png_renamed_to_pdf_is_taken_as_png_where_png_is_accepted():
    checked = check_upload(upload(files.png(), "scan.pdf", "application/pdf"), SCAN)

    assert (checked.kind, checked.content_type) == (FileKind.PNG, "image/png")


def test_a_text_file_renamed_to_pdf_is_refused_naming_the_accepted_kinds():
    file = upload(b"Surat Keputusan Nomor 800/123/2025\n", "sk.pdf", "application/pdf")

    error = refusal(file, SK)

    assert error.code == "unknown_kind"
    assert error.message == "Berkas ini bukan PDF, JPEG, atau PNG. Berkas yang diterima: PDF."


def test_a_word_document_is_refused_listing_every_accepted_kind():
    docx = b"PK\x03\x04" + bytes(200)  # a .docx is a zip archive

    error = refusal(upload(docx, "sk.docx"), SCAN)

    assert error.message.endswith("Berkas yang diterima: PDF, JPEG, atau PNG.")


# --- size ------------------------------------------------------------------------------------


def test_an_empty_file_is_refused():
    error = refusal(upload(b"", "kosong.pdf"), SK)

    assert error.code == "empty"
    assert error.message.startswith("Berkas kosong")


def test_an_oversize_file_is_refused_with_both_sizes_written_the_indonesian_way():
    content = b"%PDF-1.7\n" + bytes(int(3.2 * 1024 * 1024) - 9)

    error = refusal(upload(content), SK)

    assert error.code == "too_large"
    assert error.message.startswith("Ukuran berkas 3,2 MB melebihi batas 2 MB.")


def test_an_oversize_file_in_english_uses_a_decimal_point():
    content = bytes(int(3.2 * 1024 * 1024))

    with translation.override("en"):
        error = refusal(upload(content), SK)

    assert "3.2 MB" in error.message


@pytest.mark.parametrize(
    ("extra", "shown"),
    [
        (10 * 1024, "2,01 MB melebihi batas 2 MB"),
        (1, "2.097.153 byte melebihi batas 2.097.152 byte"),
    ],
    ids=["10-kb-over", "1-byte-over"],
)
def test_a_file_just_over_the_limit_never_reads_as_equal_to_it(extra, shown):
    error = refusal(upload(bytes(2 * 1024 * 1024 + extra)), SK)

    assert error.message.startswith(f"Ukuran berkas {shown}.")


def test_a_limit_under_a_megabyte_is_shown_in_kilobytes():
    error = refusal(upload(bytes(600 * 1024)), Rules(max_size_kb=500))

    assert error.message.startswith("Ukuran berkas 600 KB melebihi batas 500 KB.")


class CountingFile(io.BytesIO):
    """A file that tells how much of it was read, and may claim a size it does not have."""

    def __init__(self, content: bytes, size: int | None = None):
        super().__init__(content)
        self.size = len(content) if size is None else size
        self.bytes_read = 0

    def read(self, size=-1, /):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def test_an_oversize_file_is_refused_without_reading_it():
    file = CountingFile(bytes(10 * 1024 * 1024))

    refusal(file, SK)

    assert file.bytes_read == 0


def test_a_file_claiming_to_be_small_is_stopped_soon_after_the_limit():
    file = CountingFile(b"%PDF-1.7\n" + bytes(10 * 1024 * 1024), size=1000)

    error = refusal(file, SK)

    assert error.code == "too_large"
    assert file.bytes_read <= SK.max_size_bytes + 64 * 1024


# --- the file must really open ---------------------------------------------------------------


def test_a_pdf_locked_with_a_password_is_refused():
    error = refusal(upload(files.pdf_bytes(user_password="rahasia")), SK)

    assert error.code == "pdf_encrypted"
    assert error.message.startswith("PDF ini dikunci dengan kata sandi")


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n" + random.Random(1456).randbytes(4000),
        files.pdf_bytes(pages=2)[:300],
        b"%PDF-1.4\n%%EOF\n",
    ],
    ids=["random-bytes-after-header", "cut-short", "header-only"],
)
def test_a_broken_pdf_is_refused(content):
    error = refusal(upload(content), SK)

    assert error.code == "pdf_broken"
    assert error.message.startswith("PDF rusak atau tidak dapat dibaca")


def test_a_pdf_without_pages_is_refused():
    error = refusal(upload(files.pdf_bytes(pages=0)), SK)

    assert error.code == "pdf_broken"


@pytest.mark.parametrize("image", [files.jpeg(), files.png()], ids=["jpeg", "png"])
def test_a_truncated_image_is_refused(image):
    cut_short = image[: len(image) * 6 // 10]

    error = refusal(upload(cut_short, "foto.jpg"), SCAN)

    assert error.code == "image_broken"
    assert error.message.startswith("Gambar rusak")


def test_an_image_with_only_a_signature_is_refused():
    error = refusal(upload(b"\xff\xd8\xff\xe0" + bytes(100), "foto.jpg"), SCAN)

    assert error.code == "image_broken"


@pytest.mark.parametrize(
    ("width", "height", "megapixels"),
    [
        (8000, 6000, "48"),  # over our 40 MP, under Pillow's own limits
        (10000, 10000, "100"),  # over Pillow's warning limit
        (20000, 20000, "400"),  # over Pillow's error limit
    ],
)
def test_a_decompression_bomb_is_refused_before_it_is_decoded(width, height, megapixels):
    bomb = files.png_bomb(width, height)
    assert len(bomb) < 100 * 1024  # tiny on disk, gigantic once decoded

    error = refusal(upload(bomb, "foto.png"), SCAN)

    assert error.code == "image_too_large"
    assert error.message.startswith(f"Gambar terlalu besar ({megapixels} megapiksel)")


# --- pas foto --------------------------------------------------------------------------------


def test_a_good_colour_photo_in_3_by_4_is_accepted():
    checked = check_upload(upload(files.jpeg(600, 800), "pas-foto.jpg", "image/jpeg"), PAS_FOTO)

    assert (checked.kind, checked.width, checked.height) == (FileKind.JPEG, 600, 800)


def test_a_colour_photo_on_a_plain_background_is_accepted():
    photo = files.jpeg(600, 800, picture=files.portrait_on_plain_background)

    assert check_upload(upload(photo, "pas-foto.jpg"), PAS_FOTO).kind == FileKind.JPEG


def grey_rgb(width: int, height: int) -> Image.Image:
    return files.gradient(width, height).convert("L").convert("RGB")


def grey_portrait(width: int, height: int) -> Image.Image:
    return files.portrait_on_plain_background(width, height).convert("L")


@pytest.mark.parametrize(
    "photo",
    [
        files.jpeg(600, 800, picture=grey_portrait),
        files.jpeg(600, 800, picture=grey_rgb),
        files.png(600, 800, picture=grey_rgb),
        files.image_bytes(grey_rgb(600, 800).quantize(64), "PNG"),
    ],
    ids=["greyscale-jpeg", "grey-jpeg-saved-as-rgb", "grey-png-saved-as-rgb", "grey-palette-png"],
)
def test_a_black_and_white_photo_is_refused(photo):
    error = refusal(upload(photo, "pas-foto.jpg"), PAS_FOTO)

    assert error.code == "photo_grey"
    assert error.message.startswith("Pas foto harus berwarna")


def test_a_landscape_photo_is_refused_saying_what_it_is():
    error = refusal(upload(files.jpeg(800, 600), "pas-foto.jpg"), PAS_FOTO)

    assert error.code == "photo_aspect"
    assert error.message.startswith(
        "Perbandingan foto harus 3 × 4 (tegak); foto Anda 4 × 3 (mendatar, 800 × 600 piksel)."  # noqa: RUF001
    )


def test_a_square_photo_is_refused_as_1_by_1():
    error = refusal(upload(files.jpeg(700, 700), "pas-foto.jpg"), PAS_FOTO)

    assert "foto Anda 1 × 1 (persegi" in error.message  # noqa: RUF001


@pytest.mark.parametrize(
    ("width", "accepted"),
    [(576, True), (624, True), (552, False), (648, False)],
    ids=["4-percent-narrower", "4-percent-wider", "8-percent-narrower", "8-percent-wider"],
)
def test_a_photo_may_be_5_percent_off_3_by_4(width, accepted):
    photo = upload(files.jpeg(width, 800), "pas-foto.jpg")

    if accepted:
        assert check_upload(photo, PAS_FOTO).width == width
    else:
        assert refusal(photo, PAS_FOTO).code == "photo_aspect"


def test_a_3_by_4_photo_below_the_minimum_resolution_is_refused():
    error = refusal(upload(files.jpeg(240, 320), "pas-foto.jpg"), PAS_FOTO)

    assert error.code == "photo_too_small"
    assert error.message.startswith(
        "Foto terlalu kecil: 240 × 320 piksel; minimal 300 × 400 piksel."  # noqa: RUF001
    )


def test_a_phone_photo_stored_sideways_counts_as_the_portrait_it_shows():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    sideways = files.image_bytes(files.gradient(800, 600), "JPEG", exif=exif)

    checked = check_upload(upload(sideways, "IMG_2041.jpg"), PAS_FOTO)

    assert (checked.width, checked.height) == (600, 800)


def test_a_pdf_is_never_a_pas_foto_even_if_the_rules_allow_pdf():
    rules = Rules(accepted_kinds=(FileKind.PDF, FileKind.JPEG), is_photo=True)

    error = refusal(upload(files.pdf_bytes()), rules)

    assert error.code == "photo_not_image"


# --- the caller can save the file afterwards -------------------------------------------------


@pytest.mark.parametrize(
    ("content", "rules"),
    [
        (files.pdf_bytes(), SK),
        (files.jpeg(600, 800), PAS_FOTO),
        (files.jpeg(800, 600), PAS_FOTO),
        (files.png(), SK),
        (files.pdf_bytes(user_password="rahasia"), SK),
    ],
    ids=["accepted-pdf", "accepted-photo", "refused-photo", "refused-kind", "refused-pdf"],
)
def test_the_file_is_back_at_its_start_after_the_check(content, rules):
    file = upload(content)

    with contextlib.suppress(UploadRejected):
        check_upload(file, rules)

    assert file.tell() == 0
    assert file.read() == content


def test_a_truncated_photo_is_refused_even_after_weasyprint_was_imported(monkeypatch):
    """WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process when imported (as
    the certificate PDFs do), which would let a truncated JPEG through."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # as WeasyPrint leaves it
    image = files.jpeg()

    error = refusal(upload(image[: len(image) * 6 // 10], "foto.jpg"), SCAN)

    assert error.code == "image_broken"
