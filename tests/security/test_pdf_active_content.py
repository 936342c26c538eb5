"""Scripts survive in uploaded PDFs (issue 13, item 7). The upload check looked for JavaScript in
the open action, the pages and their annotations only; a script in a bookmark (outline item), in
a form field's widget, behind a widget's parent field, in a name tree's kids, or an action whose
kind (/S) is written as a reference, all passed. Now (portal.uploads, portal.pdfclean):

- each of those is refused with the same clear message;
- every stored PDF is the PDF written anew: its pages and what they show, nothing else (no
  /Info, no XMP /Metadata, no bookmarks, no forms, no actions, no bytes around it); size and
  sha256 are those of the stored file;
- a file whose ``%PDF-`` header is not at its first byte is refused;
- a photo comes out of the complaint form, and out of the candidate's pas foto, without its
  EXIF (GPS) and without its JPEG comment;
- all of it runs in a child process with a memory and time limit: a hostile PDF costs a
  refusal, never the web process.
"""

import hashlib
import io
import shutil
import subprocess
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from PIL import ExifTags, Image, ImageChops
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from complaints.models import ComplaintAttachment
from portal import pdfclean, uploads
from portal.uploads import UploadRejected, upload_clean
from registration.models import Document
from tests.portal import files
from tests.security.hostile import FUZZ_SMALL
from tests.security.test_hostile_uploads import _deflate_bomb_pdf

pytestmark = pytest.mark.django_db

PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"  # Debian poppler-utils
ACTIVE_MESSAGE = "PDF ini berisi skrip, tindakan otomatis, atau berkas sisipan"


class Rules:
    accepted_kinds = ("pdf", "jpeg", "png")
    max_size_bytes = 10 * 1024 * 1024
    is_photo = False
    photo_min_width = photo_min_height = 0


# --- PDFs built the way an attacker would ----------------------------------------------------


def _name(value: str) -> NameObject:
    return NameObject(value)


def _script(code: str = "app.alert(document.cookie)") -> DictionaryObject:
    return DictionaryObject(
        {_name("/S"): _name("/JavaScript"), _name("/JS"): TextStringObject(code)}
    )


def _rect(*numbers) -> ArrayObject:
    return ArrayObject([NumberObject(n) for n in numbers])


def _pdf(change=None, *, pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if change is not None:
        change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def nested_outline_script(writer):
    """A bookmark under a bookmark (/First, then /Next) runs a script when clicked."""
    chapter = writer.add_outline_item(title="Bab I", page_number=0)
    writer.add_outline_item(title="Lampiran 1", page_number=0, parent=chapter)
    annex = writer.add_outline_item(title="Lampiran 2", page_number=0, parent=chapter)
    annex.get_object()[_name("/A")] = _script()


def form_field_kid_script(writer):
    """A text field whose widget (a kid, on no page's /Annots) runs a script on focus."""
    widget = DictionaryObject(
        {
            _name("/Type"): _name("/Annot"),
            _name("/Subtype"): _name("/Widget"),
            _name("/Rect"): _rect(100, 100, 300, 120),
            _name("/AA"): DictionaryObject({_name("/Fo"): _script()}),
        }
    )
    widget_ref = writer._add_object(widget)
    field = DictionaryObject(
        {
            _name("/FT"): _name("/Tx"),
            _name("/T"): TextStringObject("nama"),
            _name("/Kids"): ArrayObject([widget_ref]),
        }
    )
    field_ref = writer._add_object(field)
    widget[_name("/Parent")] = field_ref
    writer._root_object[_name("/AcroForm")] = DictionaryObject(
        {_name("/Fields"): ArrayObject([field_ref])}
    )


def widget_parent_script(writer):
    """A widget on the page whose parent field (listed in no /AcroForm) validates by script."""
    field = writer._add_object(
        DictionaryObject(
            {
                _name("/FT"): _name("/Tx"),
                _name("/T"): TextStringObject("nip"),
                _name("/AA"): DictionaryObject({_name("/V"): _script()}),
            }
        )
    )
    writer.add_annotation(
        0,
        DictionaryObject(
            {
                _name("/Type"): _name("/Annot"),
                _name("/Subtype"): _name("/Widget"),
                _name("/Rect"): _rect(100, 100, 300, 120),
                _name("/Parent"): field,
            }
        ),
    )


def name_tree_kid_script(writer):
    """A script as a value deep in a name tree (/Names -> /Dests -> /Kids -> /Kids)."""
    leaf = writer._add_object(
        DictionaryObject(
            {
                _name("/Limits"): ArrayObject([TextStringObject("a"), TextStringObject("a")]),
                _name("/Names"): ArrayObject(
                    [TextStringObject("a"), writer._add_object(_script())]
                ),
            }
        )
    )
    middle = writer._add_object(DictionaryObject({_name("/Kids"): ArrayObject([leaf])}))
    tree = writer._add_object(DictionaryObject({_name("/Kids"): ArrayObject([middle])}))
    writer._root_object[_name("/Names")] = DictionaryObject({_name("/Dests"): tree})


def open_action_script(writer):
    writer._root_object[_name("/OpenAction")] = _script()


def launch_by_reference(writer):
    """``/S`` written as a reference to the name /Launch: the old check compared the reference."""
    writer._root_object[_name("/OpenAction")] = DictionaryObject(
        {
            _name("/S"): writer._add_object(_name("/Launch")),
            _name("/F"): TextStringObject("cmd.exe"),
        }
    )


def script_after_a_harmless_action(writer):
    """Go to page 1, then (/Next, an array) run a script."""
    writer._root_object[_name("/OpenAction")] = DictionaryObject(
        {
            _name("/S"): _name("/GoTo"),
            _name("/D"): ArrayObject([writer.pages[0].indirect_reference, _name("/Fit")]),
            _name("/Next"): ArrayObject([writer._add_object(_script())]),
        }
    )


# The old check accepted all but the open action (kept here as the baseline).
ACTIVE = {
    "outline-item": _pdf(nested_outline_script),
    "form-field-kid-widget": _pdf(form_field_kid_script),
    "widget-parent-field": _pdf(widget_parent_script),
    "name-tree-kid": _pdf(name_tree_kid_script),
    "launch-by-reference": _pdf(launch_by_reference),
    "open-action": _pdf(open_action_script),
    "next-after-goto": _pdf(script_after_a_harmless_action),
}


def _upload(client, code: str, name: str, content: bytes):
    return client.post(
        reverse("application_upload", args=[code]), {"file": SimpleUploadedFile(name, content)}
    )


@pytest.mark.parametrize("kind", list(ACTIVE))
def test_a_script_anywhere_in_a_pdf_is_refused(candidate_client, kind):
    response = _upload(candidate_client, "sk-jabatan", "sk.pdf", ACTIVE[kind])

    assert response.status_code == 400
    assert ACTIVE_MESSAGE in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize("kind", list(ACTIVE))
def test_the_walk_finds_each_script_in_the_pdf_itself(kind):
    assert pdfclean.pdf_active_content(pdfclean.pdf_open(ACTIVE[kind]))


# --- what is stored --------------------------------------------------------------------------


def benign_sk() -> bytes:
    """A one-page decree with text, a red stamp box, an annotation with an appearance (a
    stamp), document information, XMP metadata and a bookmark: all harmless, all metadata."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    font = writer._add_object(
        DictionaryObject(
            {
                _name("/Type"): _name("/Font"),
                _name("/Subtype"): _name("/Type1"),
                _name("/BaseFont"): _name("/Helvetica"),
            }
        )
    )
    content = DecodedStreamObject()
    content.set_data(
        b"BT /F1 20 Tf 72 760 Td (Surat Keputusan Nomor 800/123/2025) Tj ET "
        b"1 0 0 rg 72 560 200 120 re f"
    )
    page[_name("/Contents")] = writer._add_object(content)
    page[_name("/Resources")] = DictionaryObject(
        {_name("/Font"): DictionaryObject({_name("/F1"): font})}
    )
    appearance = DecodedStreamObject()
    appearance.set_data(b"0 0 1 rg 0 0 100 40 re f")
    appearance[_name("/BBox")] = _rect(0, 0, 100, 40)
    writer.add_annotation(
        0,
        DictionaryObject(
            {
                _name("/Type"): _name("/Annot"),
                _name("/Subtype"): _name("/Stamp"),
                _name("/Rect"): _rect(350, 400, 550, 480),
                _name("/AP"): DictionaryObject({_name("/N"): writer._add_object(appearance)}),
            }
        ),
    )
    writer.add_metadata({"/Author": "Rina Wulandari", "/Title": "SK Jabatan", "/Creator": "HP"})
    xmp = DecodedStreamObject()
    xmp.set_data(b'<x:xmpmeta xmlns:x="adobe:ns:meta/">GPS -6.2,106.8</x:xmpmeta>')
    xmp.update({_name("/Type"): _name("/Metadata"), _name("/Subtype"): _name("/XML")})
    writer._root_object[_name("/Metadata")] = writer._add_object(xmp)
    writer.add_outline_item(title="Diktum", page_number=0)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def render(pdf: bytes, tmp_path, name: str) -> Image.Image:
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [PDFTOPPM, "-r", "40", "-png", "-singlefile", str(source), str(tmp_path / name)],
        check=True,
        capture_output=True,
    )
    return Image.open(tmp_path / f"{name}.png").convert("RGB")


def test_a_benign_pdf_is_stored_rewritten_without_metadata_bookmarks_or_annotations(
    candidate_client, tmp_path
):
    original = benign_sk() + b"\n<html><script>alert(1)</script></html>"  # and a tail

    response = _upload(candidate_client, "sk-jabatan", "sk.pdf", original)

    assert response.status_code == 302
    document = Document.objects.get(application=candidate_client.application)
    with document.file.open("rb") as file:
        stored = file.read()
    assert stored != original
    assert (document.size, document.sha256) == (len(stored), hashlib.sha256(stored).hexdigest())
    assert b"<script>" not in stored and b"Rina Wulandari" not in stored
    reader = PdfReader(io.BytesIO(stored))
    root = reader.trailer["/Root"].get_object()
    assert "/Info" not in reader.trailer
    assert reader.metadata is None
    assert not {"/Metadata", "/Outlines", "/AcroForm", "/Names", "/OpenAction"} & set(root)
    assert len(reader.pages) == 1
    assert "/Annots" not in reader.pages[0]
    assert "Surat Keputusan Nomor 800/123/2025" in reader.pages[0].extract_text()
    # What the page shows is what it showed, the stamp annotation included.
    before, after = render(original, tmp_path, "asli"), render(stored, tmp_path, "disimpan")
    assert before.size == after.size
    assert ImageChops.difference(before, after).getbbox() is None
    assert (0, 0, 255) in set(after.get_flattened_data())  # the stamp's blue


def test_a_multi_page_pdf_keeps_its_pages_in_order(tmp_path):
    writer = PdfWriter()
    for number in range(1, 4):
        page = writer.add_blank_page(width=595, height=842)
        content = DecodedStreamObject()
        content.set_data(f"BT /F1 30 Tf 72 700 Td (Halaman {number}) Tj ET".encode())
        page[_name("/Contents")] = writer._add_object(content)
        page[_name("/Resources")] = DictionaryObject(
            {
                _name("/Font"): DictionaryObject(
                    {
                        _name("/F1"): DictionaryObject(
                            {
                                _name("/Type"): _name("/Font"),
                                _name("/Subtype"): _name("/Type1"),
                                _name("/BaseFont"): _name("/Helvetica"),
                            }
                        )
                    }
                )
            }
        )
    writer.pages[1].rotate(90)
    buffer = io.BytesIO()
    writer.write(buffer)

    clean = upload_clean(files.upload(buffer.getvalue()), Rules())

    reader = PdfReader(io.BytesIO(clean.content))
    assert clean.checked.pages == 3
    assert [page.extract_text().strip() for page in reader.pages] == [
        "Halaman 1",
        "Halaman 2",
        "Halaman 3",
    ]
    assert [page.rotation for page in reader.pages] == [0, 90, 0]


def test_a_pdf_locked_only_against_printing_is_stored_readable():
    clean = upload_clean(files.upload(files.pdf_bytes(owner_password="pemilik")), Rules())

    reader = PdfReader(io.BytesIO(clean.content))
    assert not reader.is_encrypted
    assert len(reader.pages) == 1


def test_a_file_with_junk_before_the_pdf_header_is_refused(candidate_client):
    polyglot = b"<html><script>alert(1)</script></html>\n" + files.pdf_bytes()

    response = _upload(candidate_client, "sk-jabatan", "sk.pdf", polyglot)

    assert response.status_code == 400
    assert "Berkas ini bukan PDF yang utuh: ada data lain sebelum awal dokumen PDF." in (
        response.content.decode()
    )
    assert not Document.objects.exists()


def test_a_complaint_pdf_attachment_is_stored_rewritten(client):
    response = client.post(
        reverse("complaint_new"),
        {
            "kind": "pengaduan",
            "subject": "Lampiran",
            "description": "Lihat lampiran.",
            "reporter_email": "a@example.test",
            "attachments": [SimpleUploadedFile("bukti.pdf", benign_sk())],
        },
    )

    assert response.status_code == 302
    attachment = ComplaintAttachment.objects.get()
    with attachment.file.open("rb") as file:
        stored = file.read()
    assert attachment.size == len(stored)
    reader = PdfReader(io.BytesIO(stored))
    assert reader.metadata is None
    assert "/Outlines" not in reader.trailer["/Root"]


# --- photos ----------------------------------------------------------------------------------

COMMENT = b"Difoto di rumah, Jl. Melati No. 5, Bogor"


def photo_with_gps_and_comment(width: int = 600, height: int = 800) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Telepon Pintar"
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "S",
        ExifTags.GPS.GPSLatitude: (6.0, 35.0, 52.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (106.0, 47.0, 51.0),
    }
    return files.image_bytes(
        files.portrait_on_plain_background(width, height),
        "JPEG",
        quality=90,
        exif=exif.tobytes(),
        comment=COMMENT,
    )


def assert_without_gps_or_comment(stored: bytes) -> None:
    assert COMMENT not in stored
    assert b"\xff\xfe" not in stored.split(b"\xff\xda", 1)[0]  # no COM segment before the scan
    assert b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert "comment" not in image.info
        assert dict(image.getexif()) == {}
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}


def test_the_test_photo_does_carry_gps_and_a_comment():
    photo = photo_with_gps_and_comment()
    with Image.open(io.BytesIO(photo)) as image:
        assert image.info["comment"] == COMMENT
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo)


def test_a_complaint_photo_loses_its_gps_and_its_comment(client):
    response = client.post(
        reverse("complaint_new"),
        {
            "kind": "pengaduan",
            "subject": "Foto",
            "description": "Lihat foto.",
            "reporter_email": "a@example.test",
            "attachments": [SimpleUploadedFile("foto.jpg", photo_with_gps_and_comment())],
        },
    )

    assert response.status_code == 302
    attachment = ComplaintAttachment.objects.get()
    with attachment.file.open("rb") as file:
        assert_without_gps_or_comment(file.read())


def test_a_candidates_pas_foto_loses_its_gps_and_its_comment(candidate_client):
    """Decision: a pas foto is printed on the certificate and seen by the panel; where and on
    which phone it was taken is nobody's business, so it is redrawn like a complaint photo."""
    response = _upload(candidate_client, "pas-foto", "foto.jpg", photo_with_gps_and_comment())

    assert response.status_code == 302
    document = Document.objects.get(application=candidate_client.application)
    with document.file.open("rb") as file:
        stored = file.read()
    assert_without_gps_or_comment(stored)
    assert (document.size, document.sha256) == (len(stored), hashlib.sha256(stored).hexdigest())
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (600, 800)


def test_a_png_keeps_its_transparency_and_loses_its_text():
    image = Image.new("P", (40, 40), 0)
    image.putpalette([255, 255, 255, 200, 0, 0] + [0] * 762)
    image.paste(1, (10, 10, 30, 30))
    png = files.image_bytes(image, "PNG", transparency=0, pnginfo=_png_text("Lokasi: Bogor"))

    clean = upload_clean(files.upload(png, "bukti.png"), Rules())

    assert b"Lokasi" not in clean.content
    with Image.open(io.BytesIO(clean.content)) as stored:
        assert stored.info.get("transparency") == 0
        assert stored.convert("RGBA").getpixel((0, 0))[3] == 0
        assert stored.convert("RGB").getpixel((20, 20)) == (200, 0, 0)


def _png_text(text: str):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", text)
    return info


# --- hostile files cost a refusal, never the web process --------------------------------------


def test_a_deflate_bomb_is_rewritten_without_inflating_it():
    bomb = _deflate_bomb_pdf(256 * 1024 * 1024)

    clean = upload_clean(files.upload(bomb), Rules())

    assert clean.checked.pages == 1
    assert len(clean.content) < 2 * len(bomb)  # the stream copied as it was, still deflated


def _loop(writer, kind: str):
    """Structures that point back at themselves."""
    root = writer._root_object
    if kind == "outline":
        item = DictionaryObject({_name("/Title"): TextStringObject("Bab")})
        item_ref = writer._add_object(item)
        item[_name("/Next")] = item_ref
        item[_name("/First")] = item_ref
        root[_name("/Outlines")] = DictionaryObject({_name("/First"): item_ref})
    elif kind == "name-tree":
        node = DictionaryObject()
        node_ref = writer._add_object(node)
        node[_name("/Kids")] = ArrayObject([node_ref, node_ref])
        root[_name("/Names")] = DictionaryObject({_name("/Dests"): node_ref})
    elif kind == "form-fields":
        field = DictionaryObject({_name("/T"): TextStringObject("a")})
        field_ref = writer._add_object(field)
        field[_name("/Kids")] = ArrayObject([field_ref])
        root[_name("/AcroForm")] = DictionaryObject({_name("/Fields"): ArrayObject([field_ref])})
    elif kind == "actions":
        action = DictionaryObject({_name("/S"): _name("/GoTo")})
        action_ref = writer._add_object(action)
        action[_name("/Next")] = ArrayObject([action_ref, action_ref])
        root[_name("/OpenAction")] = action_ref


@pytest.mark.parametrize("kind", ["outline", "name-tree", "form-fields", "actions"])
def test_a_pdf_whose_structure_loops_is_answered_and_stored_without_it(kind):
    clean = upload_clean(files.upload(_pdf(lambda writer: _loop(writer, kind))), Rules())

    root = PdfReader(io.BytesIO(clean.content)).trailer["/Root"].get_object()
    assert not {"/Outlines", "/Names", "/AcroForm", "/OpenAction"} & set(root)


def test_an_endless_bookmark_chain_stops_at_the_walk_limit(monkeypatch):
    def long_outline(writer):
        previous = None
        for number in range(300):
            item = writer._add_object(
                DictionaryObject({_name("/Title"): TextStringObject(f"Bab {number}")})
            )
            if previous is None:
                writer._root_object[_name("/Outlines")] = DictionaryObject({_name("/First"): item})
            else:
                previous.get_object()[_name("/Next")] = item
            previous = item

    monkeypatch.setattr(pdfclean, "WALK_LIMIT", 100)

    with pytest.raises(pdfclean.Refused) as refused:
        pdfclean.pdf_active_content(pdfclean.pdf_open(_pdf(long_outline)))

    assert refused.value.status == pdfclean.TOO_COMPLEX


def test_a_pdf_past_the_childs_memory_limit_is_refused_as_too_complex(monkeypatch):
    """The limit is the child's (RLIMIT_AS). Copying this 8 MB image takes some 95 MB of
    address space (60 of them Python and pypdf); 80 MB is too little."""
    monkeypatch.setattr(pdfclean, "MEMORY_LIMIT", 80 * 1024 * 1024)

    def big_image(writer):
        image = DecodedStreamObject()
        image.set_data(bytes(range(256)) * (8 * 4096))
        image.update(
            {
                _name("/Type"): _name("/XObject"),
                _name("/Subtype"): _name("/Image"),
                _name("/Width"): NumberObject(4096),
                _name("/Height"): NumberObject(2048),
                _name("/ColorSpace"): _name("/DeviceGray"),
                _name("/BitsPerComponent"): NumberObject(8),
            }
        )
        writer.pages[0][_name("/Resources")] = DictionaryObject(
            {_name("/XObject"): DictionaryObject({_name("/Im1"): writer._add_object(image)})}
        )

    with pytest.raises(UploadRejected) as refused:
        upload_clean(files.upload(_pdf(big_image)), Rules())

    assert refused.value.code == "pdf_too_complex"
    assert refused.value.message.startswith("PDF ini terlalu rumit untuk kami periksa.")


def test_a_pdf_the_child_cannot_finish_in_time_is_refused_as_too_complex(monkeypatch):
    monkeypatch.setattr(uploads, "PDF_CHILD_SECONDS", 0.001)

    with pytest.raises(UploadRejected) as refused:
        upload_clean(files.upload(files.pdf_bytes()), Rules())

    assert refused.value.code == "pdf_too_complex"


@FUZZ_SMALL
@given(
    cut=st.integers(min_value=8, max_value=2000),
    noise=st.binary(min_size=1, max_size=64),
    where=st.integers(min_value=8, max_value=2000),
)
def test_a_damaged_pdf_is_refused_or_stored_clean_never_a_crash(cut, noise, where):
    original = benign_sk()
    damaged = original[:where] + noise + original[where + len(noise) : cut + where]
    try:
        clean = upload_clean(files.upload(damaged), Rules())
    except UploadRejected as refused:
        assert refused.code in {"pdf_broken", "pdf_too_complex", "pdf_active_content"}
    else:
        assert clean.content.startswith(b"%PDF-")
        assert b"Rina Wulandari" not in clean.content


def test_a_pdf_with_a_page_tree_bomb_is_answered():
    """A small file whose page tree claims more pages than exist, in a loop."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 2 0 R 3 0 R] /Count 100000000 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 4\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref

    try:
        clean = upload_clean(files.upload(out), Rules())
    except UploadRejected as refused:
        assert refused.code in {"pdf_broken", "pdf_too_complex"}
    else:
        assert clean.checked.pages >= 1


def test_compressed_junk_is_refused_as_broken():
    junk = b"%PDF-1.7\n" + zlib.compress(bytes(200_000))

    with pytest.raises(UploadRejected) as refused:
        upload_clean(files.upload(junk), Rules())

    assert refused.value.code == "pdf_broken"
