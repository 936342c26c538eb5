"""Uploads that lie or attack, through the real forms: the candidate's document upload and the
public complaint's attachments. What a file is comes from its content; active PDFs, SVG,
executables and bombs are refused; names from outside never become paths, and come back
sanitised in Content-Disposition. A refused file leaves the files already uploaded in place.
(tests/portal/test_uploads.py covers the checks themselves.)"""

import io
import tracemalloc
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from complaints.models import Complaint, ComplaintAttachment
from portal.constants import Role
from portal.uploads import check_upload
from registration.models import Document
from tests.factories import pdf_bytes, photo_bytes
from tests.portal import files

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="300" height="400">'
    b"<script>alert(document.domain)</script></svg>"
)
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x00\x00\x00\x00"
    b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
    + bytes(200)
    + b"This program cannot be run in DOS mode."
)
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(100)  # a .docx is a zip archive


def _pdf(change) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _open_action_script(writer):
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('x')"),
        }
    )


def _document_script(writer):
    script = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('x');"),
        }
    )
    names = ArrayObject([TextStringObject("init"), writer._add_object(script)])
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): DictionaryObject({NameObject("/Names"): names})}
    )


def _launch_link(writer):
    writer.add_annotation(
        0,
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (0, 0, 100, 100)]),
                NameObject("/A"): DictionaryObject(
                    {
                        NameObject("/S"): NameObject("/Launch"),
                        NameObject("/F"): TextStringObject("cmd.exe"),
                    }
                ),
            }
        ),
    )


ACTIVE_PDFS = {
    "document-javascript": _pdf(_document_script),
    "open-action-javascript": _pdf(_open_action_script),
    "embedded-file": _pdf(lambda writer: writer.add_attachment("setup.exe", EXE)),
    "launch-link": _pdf(_launch_link),
}


def _benign_open_action(writer):
    writer.open_destination = writer.pages[0]  # "open at page 1": common, harmless


def _deflate_bomb_pdf(decoded_size: int) -> bytes:
    """A valid one-page PDF whose content stream inflates to `decoded_size` bytes."""
    compressor = zlib.compressobj(9)
    block = bytes(1024 * 1024)
    stream = b"".join(compressor.compress(block) for _ in range(decoded_size // len(block)))
    stream += compressor.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


# --- the candidate's documents ---------------------------------------------------------------


def _upload(client, code: str, name: str, content: bytes, content_type: str = ""):
    return client.post(
        reverse("application_upload", args=[code]),
        {"file": SimpleUploadedFile(name, content, content_type)},
    )


@pytest.mark.parametrize(
    ("code", "name", "content", "content_type", "says"),
    [
        ("sk-jabatan", "sk.pdf", files.png(), "application/pdf", "Berkas ini adalah gambar PNG"),
        ("sk-jabatan", "sk.pdf", HTML, "application/pdf", "Berkas ini bukan PDF, JPEG, atau PNG"),
        ("pas-foto", "foto.jpg", pdf_bytes(), "image/jpeg", "Berkas ini adalah dokumen PDF"),
        ("pas-foto", "foto.gif", GIF, "image/gif", "Berkas ini bukan PDF, JPEG, atau PNG"),
        ("ktp", "ktp.pdf", EXE, "application/pdf", "Berkas ini bukan PDF, JPEG, atau PNG"),
        ("ktp", "ktp.exe", EXE, "application/x-msdownload", "Berkas ini bukan"),
        ("ktp", "ktp.svg", SVG, "image/svg+xml", "Berkas ini bukan PDF, JPEG, atau PNG"),
        ("ktp", "ktp.png", SVG, "image/png", "Berkas ini bukan PDF, JPEG, atau PNG"),
        ("ktp", "ktp.docx", ZIP, "application/zip", "Berkas ini bukan PDF, JPEG, atau PNG"),
        ("ktp", "ktp.png", files.png_bomb(20000, 20000), "image/png", "Gambar terlalu besar"),
    ],
    ids=[
        "png-as-pdf",
        "html-as-pdf",
        "pdf-as-jpg",
        "gif",
        "exe-as-pdf",
        "exe",
        "svg-with-script",
        "svg-as-png",
        "docx-zip",
        "png-bomb",
    ],
)
def test_a_file_lying_about_its_type_is_refused_and_nothing_is_stored(
    candidate_client, code, name, content, content_type, says
):
    response = _upload(candidate_client, code, name, content, content_type)

    assert response.status_code == 400
    assert says in response.content.decode()
    assert not Document.objects.filter(application=candidate_client.application).exists()


@pytest.mark.parametrize("kind", list(ACTIVE_PDFS))
def test_a_pdf_with_scripts_actions_or_embedded_files_is_refused(candidate_client, kind):
    response = _upload(candidate_client, "sk-jabatan", "sk.pdf", ACTIVE_PDFS[kind])

    assert response.status_code == 400
    assert (
        "PDF ini berisi skrip, tindakan otomatis, atau berkas sisipan" in response.content.decode()
    )
    assert not Document.objects.exists()


def test_a_pdf_that_only_opens_at_its_first_page_is_accepted(candidate_client):
    response = _upload(candidate_client, "sk-jabatan", "sk.pdf", _pdf(_benign_open_action))

    assert response.status_code == 302
    assert Document.objects.filter(application=candidate_client.application).count() == 1


def test_a_deflate_bomb_pdf_is_checked_without_inflating_it():
    """Decision: a page's content is never decoded on upload (only the structure is read), so a
    stream that inflates to 256 MB costs the server nothing; the file is a valid PDF."""
    bomb = _deflate_bomb_pdf(256 * 1024 * 1024)
    assert len(bomb) < 1024 * 1024

    tracemalloc.start()
    try:
        checked = check_upload(files.upload(bomb), _Rules())
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert checked.pages == 1
    assert peak < 32 * 1024 * 1024


class _Rules:
    accepted_kinds = ("pdf",)
    max_size_bytes = 2 * 1024 * 1024
    is_photo = False
    photo_min_width = photo_min_height = 0


def test_a_jpeg_with_html_appended_is_served_only_as_a_jpeg(candidate_client):
    """A polyglot (a real JPEG, with an HTML page or a PDF after its end) is a JPEG: it is
    served as image/jpeg with nosniff, so no browser ever runs it as a page."""
    polyglot = photo_bytes() + HTML + pdf_bytes()

    response = _upload(candidate_client, "ktp", "ktp.html", polyglot, "text/html")
    assert response.status_code == 302
    document = Document.objects.get(application=candidate_client.application)
    served = candidate_client.get(reverse("document_file", args=[document.public_id]))
    served.close()

    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert document.file.name.endswith(".jpg")


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.pdf",
        "..\\..\\windows\\system32\\sk.pdf",
        "sk\x00.exe.pdf",
        "sk\u202efdp.exe",
        "a" * 600 + ".pdf",
        '"; filename="evil.html',
    ],
    ids=["dotdot", "backslashes", "nul", "rtl-override", "very-long", "header-injection"],
)
def test_a_hostile_document_name_never_becomes_a_path_nor_a_download_name(
    candidate_client, settings, name
):
    response = _upload(candidate_client, "sk-jabatan", name, pdf_bytes())

    assert response.status_code == 302
    document = Document.objects.get(application=candidate_client.application)
    stored = document.file.name
    assert stored.startswith(f"documents/{candidate_client.application.public_id}/")
    assert stored.count("/") == 2 and stored.endswith(".pdf") and ".." not in stored
    assert (settings.STORAGES["default"]["OPTIONS"]["location"] / stored).exists()
    assert "\x00" not in document.original_name and "\u202e" not in document.original_name
    assert len(document.original_name) <= 255
    served = candidate_client.get(
        reverse("document_file", args=[document.public_id]), {"unduh": "1"}
    )
    served.close()
    assert served["Content-Disposition"] == 'attachment; filename="sk-jabatan-v1.pdf"'


def test_a_refused_upload_leaves_the_documents_already_uploaded_in_place(candidate_client):
    assert _upload(candidate_client, "ktp", "ktp.pdf", pdf_bytes()).status_code == 302
    first = Document.objects.get(application=candidate_client.application)

    refused = [
        _upload(candidate_client, "sk-jabatan", "sk.pdf", HTML),
        _upload(candidate_client, "ktp", "ktp.pdf", ACTIVE_PDFS["document-javascript"]),
    ]

    assert [response.status_code for response in refused] == [400, 400]
    documents = Document.objects.filter(application=candidate_client.application)
    assert list(documents) == [first]
    first.refresh_from_db()
    assert first.is_current
    assert first.file.storage.exists(first.file.name)
    with first.file.open("rb") as stored:
        assert len(stored.read()) == first.size


# --- the public complaint's attachments ------------------------------------------------------


def _complaint(client, attachments):
    return client.post(
        reverse("complaint_new"),
        {
            "kind": "pengaduan",
            "subject": "Lampiran",
            "description": "Lihat lampiran.",
            "reporter_email": "a@example.test",
            "attachments": attachments,
        },
    )


def test_one_bad_attachment_refuses_the_complaint_and_stores_none_of_its_files(client):
    attachments = [
        SimpleUploadedFile("bukti-1.pdf", pdf_bytes()),
        SimpleUploadedFile("bukti-2.svg", SVG, "image/svg+xml"),
        SimpleUploadedFile("bukti-3.jpg", photo_bytes()),
    ]

    response = _complaint(client, attachments)

    assert response.status_code == 400
    assert "Lampiran “bukti-2.svg” tidak dapat diterima." in response.content.decode()
    assert not Complaint.objects.exists()
    assert not ComplaintAttachment.objects.exists()


def test_a_refused_addition_leaves_the_reporters_earlier_attachments_in_place(client):
    assert _complaint(client, [SimpleUploadedFile("bukti.pdf", pdf_bytes())]).status_code == 302
    complaint = Complaint.objects.get()
    earlier = complaint.attachments.get()

    response = client.post(
        reverse("complaint_track", args=[complaint.tracking_code]),
        {
            "body": "Tambahan.",
            "attachments": [SimpleUploadedFile("x.pdf", HTML, "application/pdf")],
        },
    )

    assert response.status_code == 400
    assert list(complaint.attachments.all()) == [earlier]
    assert earlier.file.storage.exists(earlier.file.name)


def test_an_image_polyglot_attachment_is_redrawn_so_its_payload_is_gone(client):
    polyglot = photo_bytes() + HTML

    assert _complaint(client, [SimpleUploadedFile("bukti.jpg", polyglot)]).status_code == 302

    attachment = ComplaintAttachment.objects.get()
    assert attachment.content_type == "image/jpeg"
    with attachment.file.open("rb") as stored:
        assert b"<script>" not in stored.read()


@pytest.mark.parametrize(
    ("name", "content", "download"),
    [
        ("../../etc/passwd.pdf", pdf_bytes(), 'attachment; filename="passwd.pdf"'),
        ("kwitansi.exe", pdf_bytes(), 'attachment; filename="kwitansi.exe.pdf"'),
        ("foto\u202egpj.exe", photo_bytes(), 'attachment; filename="fotogpj.exe.jpg"'),
        ('a"; filename="b.html.pdf', pdf_bytes(), None),
    ],
    ids=["dotdot", "exe-holding-a-pdf", "rtl-override", "quote-injection"],
)
def test_an_attachment_downloads_under_a_sanitised_name_of_its_real_kind(
    client, make_user, name, content, download
):
    assert _complaint(client, [SimpleUploadedFile(name, content)]).status_code == 302
    attachment = ComplaintAttachment.objects.get()
    assert attachment.file.name.startswith(f"pengaduan/{attachment.complaint.public_id}/")
    assert "." not in attachment.file.name.rsplit("/", 1)[-1]  # random, no extension at all

    client.force_login(make_user("pengelola", Role.COMPLAINT_HANDLER))
    url = reverse(
        "complaints_attachment", args=[attachment.complaint.public_id, attachment.public_id]
    )
    served = client.get(url)
    served.close()

    assert served.status_code == 200
    assert served["X-Content-Type-Options"] == "nosniff"
    disposition = served["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert "\r" not in disposition and "\n" not in disposition
    if download is not None:
        assert disposition == download
    else:
        # One filename parameter only, its quotes escaped.
        assert disposition.count("filename=") == 1 or 'filename="a\\"' in disposition
