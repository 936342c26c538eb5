"""Checks an uploaded file against a requirement's rules, judging what the file is by its content.

A file's name and the browser's content type are whatever the sender's computer says; a PNG
renamed to ``sk.pdf`` is still a PNG. So the kind is read from the first bytes (the three kinds we
accept have fixed signatures, so libmagic and its system library are not needed), and then the
file must really open in the library that will later render it: pypdf for PDFs, Pillow for images.

Every refusal says what is wrong in plain Indonesian words, never a MIME type (Open Forms #1456),
and what to do next. The checks are pure: no database, no storage. Anything with the attributes of
``UploadRules`` works, so a requirement row and a complaint's own rules share this code.

What is stored is never the file as it came (``upload_clean``; every upload path uses it):

- A PDF must start with ``%PDF-`` at its first byte (a file with something else in front is a
  polyglot: another format that a PDF reader also opens), must open, and must carry no active
  content: scripts, launch and submit actions, media, embedded files, XFA, looked for in the
  open action, pages, annotations, bookmarks, form fields and name trees. It is then written
  anew with its pages only: no metadata, no actions, no forms, no bookmarks, annotations drawn
  into the page. portal.pdfclean does both in a child process with a memory, CPU-time and
  output limit, so a hostile PDF (a bomb, an endless loop, a parser crash) costs a refusal.
- An image is drawn again, upright, from its pixels: no EXIF (GPS position, time, phone), no
  XMP, no comment (JPEG COM segment) or PNG text, nothing after its end. Its colour profile
  and transparency are kept.

``size`` and ``sha256`` of the result describe the stored bytes.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import io
import json
import logging
import os
import re
import select
import signal
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import PurePath
from typing import Protocol

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from PIL import ExifTags, Image, ImageChops, ImageFile, ImageOps

from portal import pdfclean
from portal.constants import FileKind

logger = logging.getLogger(__name__)

CHUNK_SIZE = 64 * 1024

# The PDF standard tolerates junk before the "%PDF-" header in the first 1024 bytes; we do not
# (a file with something in front is another format that a PDF reader also opens), but we look
# there to say what is wrong.
PDF_HEADER_WINDOW = 1024
PDF_SIGNATURE = b"%PDF-"
# The PDF child (portal.pdfclean) on top of its own CPU limit: a wall-clock limit for a child
# that sleeps or waits.
PDF_CHILD_SECONDS = 60
# JPEG re-encoding quality of a redrawn photo: no visible loss at the size a verifier or a
# certificate shows it.
JPEG_QUALITY = 90
JPEG_SIGNATURE = b"\xff\xd8\xff"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

CONTENT_TYPES = {
    FileKind.PDF: "application/pdf",
    FileKind.JPEG: "image/jpeg",
    FileKind.PNG: "image/png",
}
PILLOW_FORMATS = {FileKind.JPEG: "JPEG", FileKind.PNG: "PNG"}
# Only to explain a refusal ("renaming does not convert"); never to decide the kind.
EXTENSIONS = {
    ".pdf": FileKind.PDF,
    ".jpg": FileKind.JPEG,
    ".jpeg": FileKind.JPEG,
    ".png": FileKind.PNG,
}

# Phones save 12 MP photos by default and an A4 scan at 600 dpi is 35 MP; 40 MP keeps a decoded RGBA
# image under ~160 MB of memory. Pillow's own limits (89 MP warning, 179 MP error) are higher.
MAX_IMAGE_PIXELS = 40_000_000

# Pas foto: width:height = 3:4, a portrait, within ±5 % (a cropped photo is rarely exact).
PHOTO_ASPECT = Fraction(3, 4)
PHOTO_ASPECT_TOLERANCE = 0.05

# Grey detection. A pixel's chroma is max(R, G, B) - min(R, G, B). A grey picture saved as an
# RGB JPEG keeps chroma within a few levels (chroma planes are flat, only rounding differs), and a
# slightly tinted black-and-white scan within ~10; skin, hair, clothes and the red or blue
# background of a pas foto are far above 16. A photo counts as colour when at least 1 % of its
# pixels are clearly coloured, so a plain white background with a face in it still passes.
GREY_CHROMA_TOLERANCE = 16
COLOURED_SHARE_MIN = 0.01
GREY_CHECK_SIDE = 256  # downscaled copy: enough pixels to judge colour, cheap to compare
GREY_MODES = frozenset({"1", "L", "LA", "La", "I", "I;16", "I;16L", "I;16B", "I;16N", "F"})

# EXIF orientations that rotate by 90°: phones store a portrait photo as landscape pixels plus
# this tag, and every viewer (and the verifier's browser) shows it upright.
ROTATED_ORIENTATIONS = frozenset({5, 6, 7, 8})

# Pillow's bomb error carries the pixel count only in its text; we show it to the person.
_BOMB_PIXELS = re.compile(r"\((\d+) pixels\)")


class UploadRules(Protocol):
    """What a file must be. ``portal.models.Requirement`` fits; so does any object alike."""

    @property
    def accepted_kinds(self) -> Sequence[str]: ...  # FileKind values

    @property
    def max_size_bytes(self) -> int: ...

    @property
    def is_photo(self) -> bool: ...

    @property
    def photo_min_width(self) -> int: ...

    @property
    def photo_min_height(self) -> int: ...


class UploadRejected(Exception):
    """The file does not meet the rules. ``message`` is for the person; ``code`` for code."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class CheckedFile:
    """What the content showed the file to be (for upload_clean: the stored content)."""

    kind: FileKind
    size: int
    sha256: str
    content_type: str
    width: int | None = None  # as displayed, i.e. after the EXIF orientation
    height: int | None = None
    pages: int | None = None


@dataclass(frozen=True)
class CleanFile:
    """What to store: the file written anew (see the module's docstring) and its description;
    ``checked.size`` and ``checked.sha256`` are those of ``content``."""

    checked: CheckedFile
    content: bytes


class UploadFile(Protocol):
    """A Django ``UploadedFile``, or any binary file object; ``size`` and ``chunks()`` are used
    when present."""

    def read(self, size: int = -1, /) -> bytes: ...

    def seek(self, offset: int, whence: int = 0, /) -> int: ...


def check_upload(file: UploadFile, rules: UploadRules) -> CheckedFile:
    """Check ``file`` against ``rules`` and describe it as it came, or raise ``UploadRejected``
    with the first problem found. The file is left at position 0 either way. To store a file,
    use ``upload_clean``: this is the check alone."""
    try:
        return _check(file, rules, clean=False)[0]
    finally:
        file.seek(0)


def upload_clean(file: UploadFile, rules: UploadRules) -> CleanFile:
    """Check ``file`` like check_upload, then write it anew without metadata and active
    content: what every upload path stores. Raises ``UploadRejected``."""
    try:
        checked, content = _check(file, rules, clean=True)
    finally:
        file.seek(0)
    assert content is not None  # noqa: S101 - clean=True always writes the content
    return CleanFile(
        checked=CheckedFile(
            kind=checked.kind,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            content_type=checked.content_type,
            width=checked.width,
            height=checked.height,
            pages=checked.pages,
        ),
        content=content,
    )


def _check(
    file: UploadFile, rules: UploadRules, *, clean: bool
) -> tuple[CheckedFile, bytes | None]:
    limit = rules.max_size_bytes
    size = _declared_size(file)
    # Refuse by the declared size first: no reason to read 30 MB to say it is too big.
    if size == 0:
        raise _empty()
    if size > limit:
        raise _too_large(size, limit)

    size, sha256 = _hash(file, limit)
    if size == 0:
        raise _empty()

    file.seek(0)
    head = file.read(PDF_HEADER_WINDOW)
    kind = _sniff(head)
    accepted = [FileKind(value) for value in rules.accepted_kinds]
    if kind is None and PDF_SIGNATURE in head and FileKind.PDF in accepted:
        raise _pdf_not_at_start()
    if kind is None:
        raise UploadRejected(
            gettext("Berkas ini bukan %(kinds)s. Berkas yang diterima: %(accepted)s.")
            % {"kinds": _or_list(list(FileKind)), "accepted": _or_list(accepted)},
            code="unknown_kind",
        )
    if kind not in accepted:
        raise _kind_not_accepted(kind, accepted, getattr(file, "name", None))

    if kind == FileKind.PDF:
        if rules.is_photo:
            raise _photo_not_image()
        pages, content = _pdf_checked(file, rewrite=clean)
        return CheckedFile(kind, size, sha256, CONTENT_TYPES[kind], pages=pages), content

    width, height = _image_size(file, kind, rules)
    content = _image_without_metadata(file, kind) if clean else None
    checked = CheckedFile(kind, size, sha256, CONTENT_TYPES[kind], width=width, height=height)
    return checked, content


# --- size and hash ---------------------------------------------------------------------------


def _declared_size(file: UploadFile) -> int:
    size = getattr(file, "size", None)
    if isinstance(size, int):
        return size
    # A plain file object: its end position is its size, found without reading.
    end = file.seek(0, io.SEEK_END)
    file.seek(0)
    return end


def _chunks(file: UploadFile) -> Iterator[bytes]:
    chunks = getattr(file, "chunks", None)
    if callable(chunks):
        # Django's File.chunks() seeks to 0 and reads from disk for a TemporaryUploadedFile.
        yield from chunks(CHUNK_SIZE)
        return
    file.seek(0)
    while chunk := file.read(CHUNK_SIZE):
        yield chunk


def _hash(file: UploadFile, limit: int) -> tuple[int, str]:
    """Hash the content chunk by chunk, holding one chunk at a time, and stop reading as soon as
    it passes ``limit``, in case the declared size was wrong."""
    digest = hashlib.sha256()
    size = 0
    for chunk in _chunks(file):
        size += len(chunk)
        if size > limit:
            raise UploadRejected(
                gettext(
                    "Ukuran berkas melebihi batas %(limit)s. Perkecil berkas, lalu unggah lagi."
                )
                % {"limit": _format_size(limit)},
                code="too_large",
            )
        digest.update(chunk)
    return size, digest.hexdigest()


# --- kind ------------------------------------------------------------------------------------


def _sniff(head: bytes) -> FileKind | None:
    """The kind by the signature at the very first byte, or None."""
    if head.startswith(JPEG_SIGNATURE):
        return FileKind.JPEG
    if head.startswith(PNG_SIGNATURE):
        return FileKind.PNG
    if head.startswith(PDF_SIGNATURE):
        return FileKind.PDF
    return None


def _describe(kind: FileKind) -> str:
    return {
        FileKind.PDF: gettext("dokumen PDF"),
        FileKind.JPEG: gettext("gambar JPEG"),
        FileKind.PNG: gettext("gambar PNG"),
    }[kind]


def _kind_not_accepted(kind: FileKind, accepted: list[FileKind], name: object) -> UploadRejected:
    message = gettext("Berkas ini adalah %(kind)s. Berkas yang diterima: %(accepted)s.") % {
        "kind": _describe(kind),
        "accepted": _or_list(accepted),
    }
    named = EXTENSIONS.get(PurePath(name).suffix.lower()) if isinstance(name, str) else None
    if named is not None and named != kind:
        # The usual cause: a file renamed instead of converted. Say so, or the person will
        # see ".pdf" in the name and think the portal is wrong.
        message += " " + gettext(
            "Mengganti nama berkas tidak mengubah isinya; simpan atau ekspor ulang sebagai "
            "%(accepted)s, lalu unggah lagi."
        ) % {"accepted": _or_list(accepted)}
    return UploadRejected(message, code="kind_not_accepted")


# --- PDF -------------------------------------------------------------------------------------

_PDFCLEAN = os.path.abspath(pdfclean.__file__)
# How long past the child's own wall-clock limit a PDF server may take to answer before it is
# taken for broken (it forks, waits and relays; it never parses).
PDF_SERVER_GRACE_SECONDS = 10
# Idle PDF servers a web process keeps (about 40 MB resident each); more are started while more
# of its threads check a PDF at the same time, and stopped after.
PDF_SERVERS_KEPT = 1


def _checker_command(*arguments: str) -> list[str]:
    """portal.pdfclean run as ``python -I`` (isolated: no PYTHON* variables, no user site, not
    even the script's own directory on its path, where portal/calendar.py would hide the
    standard library's)."""
    return [sys.executable, "-I", _PDFCLEAN, *arguments]


def _checker_environment() -> dict[str, str]:
    """PATH and the locale only: the web process's secrets stay here."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8"}


class _ServerGone(Exception):
    """The PDF server died or stopped answering."""


class _PdfServer:
    """One ``pdfclean.py serve`` process (portal.pdfclean): it started Python and imported pypdf
    once, and forks a fresh child with the limits for each PDF it is given."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and script
            _checker_command("serve"),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=_checker_environment(),
            bufsize=0,
        )
        self.unread = bytearray()  # read from the server, not yet taken by an answer

    def ask(self, data: bytes, *, rewrite: bool) -> subprocess.CompletedProcess:
        """What the child forked for `data` did, as subprocess.run tells it: its exit code
        (minus the signal that killed it), its output, the end of what it wrote on stderr."""
        request = {
            "mode": "rewrite" if rewrite else "check",
            "memory": pdfclean.MEMORY_LIMIT,
            "cpu": pdfclean.CPU_SECONDS,
            "seconds": PDF_CHILD_SECONDS,
            "length": len(data),
        }
        deadline = time.monotonic() + PDF_CHILD_SECONDS + PDF_SERVER_GRACE_SECONDS
        try:
            view = memoryview(json.dumps(request).encode() + b"\n" + data)
            while view:
                view = view[self.process.stdin.write(view) :]
        except (OSError, ValueError) as error:  # BrokenPipeError: it is gone
            raise _ServerGone from error
        while b"\n" not in self.unread:
            self._read_more(deadline)
        header_line, _newline, self.unread = self.unread.partition(b"\n")  # bytearrays
        try:
            header = json.loads(header_line)
            returncode, length = int(header["exit"]), int(header["length"])
            stderr = str(header.get("stderr", "")).encode()
        except (ValueError, KeyError, TypeError) as error:
            raise _ServerGone from error
        while len(self.unread) < length:
            self._read_more(deadline)
        output = bytes(self.unread[:length])
        del self.unread[:length]
        return subprocess.CompletedProcess(_checker_command("serve"), returncode, output, stderr)

    def _read_more(self, deadline: float) -> None:
        fd = self.process.stdout.fileno()
        left = deadline - time.monotonic()
        ready, _w, _x = select.select([fd], [], [], max(left, 0))
        if not ready:
            raise TimeoutError("the PDF server did not answer in time")
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            raise _ServerGone("the PDF server has ended")
        self.unread += chunk  # in place: a rewritten PDF comes in many chunks

    def stop(self) -> None:
        """Ends the server: closing its stdin lets an idle one leave by itself."""
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                stream.close()
        try:
            self.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class _PdfServers:
    """The PDF servers of this process: one per thread that checks a PDF at the same time,
    started on first need, PDF_SERVERS_KEPT of them kept idle for the next. A forked process
    (a gunicorn worker) starts its own."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.idle: list[_PdfServer] = []
        self.pid = os.getpid()

    def run(self, data: bytes, *, rewrite: bool) -> subprocess.CompletedProcess:
        with self.lock:
            if self.pid != os.getpid():
                self.idle, self.pid = [], os.getpid()  # the parent's servers are not ours
            server = self.idle.pop() if self.idle else None
        if server is None:
            server = _PdfServer()
        try:
            answer = server.ask(data, rewrite=rewrite)
        except _ServerGone:
            server.stop()
            # It ended on this request or before it (killed, out of memory): ask a child of
            # its own, as if there were no server; the next PDF starts a new server.
            logger.warning("PDF server ended; checking the PDF in a child of its own")
            return _pdf_child_run(data, rewrite=rewrite)
        except TimeoutError:
            server.stop()
            logger.warning("PDF server did not answer in time; stopped")
            return subprocess.CompletedProcess(_checker_command("serve"), -signal.SIGKILL, b"", b"")
        except BaseException:
            server.stop()  # it may still be answering: its output would meet the next request
            raise
        with self.lock:
            keep = self.pid == os.getpid() and len(self.idle) < PDF_SERVERS_KEPT
            if keep:
                self.idle.append(server)
        if not keep:
            server.stop()  # one started for a burst of uploads at once: not kept idle
        return answer

    def stop(self) -> None:
        with self.lock:
            servers, self.idle = self.idle, []
        for server in servers:
            server.stop()


PDF_SERVERS = _PdfServers()
atexit.register(PDF_SERVERS.stop)


def _pdf_child_run(data: bytes, *, rewrite: bool) -> subprocess.CompletedProcess:
    """portal.pdfclean started for this one PDF, its content on stdin."""
    command = _checker_command(
        "rewrite" if rewrite else "check", str(pdfclean.MEMORY_LIMIT), str(pdfclean.CPU_SECONDS)
    )
    try:
        return subprocess.run(  # noqa: S603 - our own interpreter and script, fixed arguments
            command,
            input=data,
            capture_output=True,
            timeout=PDF_CHILD_SECONDS,
            env=_checker_environment(),
            check=False,
        )
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(command, -signal.SIGKILL, b"", b"")


def _pdf_checked(file: UploadFile, *, rewrite: bool) -> tuple[int, bytes | None]:
    """The page count, and (``rewrite``) the PDF written anew, from portal.pdfclean in a child
    process of its own with PATH and the locale as its only environment, forked by this
    process's PDF server (PDF_SERVERS)."""
    file.seek(0)
    data = file.read()  # at most the rule's size limit: _hash has read it all already
    child = PDF_SERVERS.run(data, rewrite=rewrite)
    answer_line, _newline, content = child.stdout.partition(b"\n")
    try:
        answer = json.loads(answer_line) if child.returncode == 0 else None
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        # Out of memory (MemoryError, or killed past the CPU limit), or a crash of the parser.
        if child.returncode not in (pdfclean.EXIT_TOO_COMPLEX, -9, -24):  # SIGKILL, SIGXCPU
            logger.warning(
                "PDF check stopped (exit %s): %s", child.returncode, child.stderr[-2000:]
            )
        raise _pdf_too_complex()
    status = answer.get("status")
    if status == pdfclean.OK:
        return answer["pages"], (content if rewrite else None)
    if status == pdfclean.ENCRYPTED:
        raise _pdf_encrypted()
    if status == pdfclean.ACTIVE:
        raise UploadRejected(
            gettext(
                "PDF ini berisi skrip, tindakan otomatis, atau berkas sisipan, yang tidak kami "
                "terima demi keamanan. Cetak ulang dokumen ke PDF (mis. pilih “Simpan sebagai "
                "PDF” saat mencetak), lalu unggah lagi."
            ),
            code="pdf_active_content",
        )
    if status == pdfclean.TOO_COMPLEX:
        raise _pdf_too_complex()
    raise UploadRejected(
        gettext(
            "PDF rusak atau tidak dapat dibaca. Buka berkas di komputer Anda untuk memeriksanya, "
            "simpan ulang sebagai PDF, lalu unggah lagi."
        ),
        code="pdf_broken",
    )


def _pdf_not_at_start() -> UploadRejected:
    return UploadRejected(
        gettext(
            "Berkas ini bukan PDF yang utuh: ada data lain sebelum awal dokumen PDF. Buka "
            "berkas di komputer Anda, simpan ulang sebagai PDF (mis. pilih “Simpan sebagai PDF” "
            "saat mencetak), lalu unggah lagi."
        ),
        code="pdf_header",
    )


def _pdf_too_complex() -> UploadRejected:
    return UploadRejected(
        gettext(
            "PDF ini terlalu rumit untuk kami periksa. Cetak ulang dokumen ke PDF (mis. pilih "
            "“Simpan sebagai PDF” saat mencetak) atau pindai ulang dengan resolusi lebih "
            "rendah, lalu unggah lagi."
        ),
        code="pdf_too_complex",
    )


def _pdf_encrypted() -> UploadRejected:
    return UploadRejected(
        gettext(
            "PDF ini dikunci dengan kata sandi, sehingga tidak dapat dibuka oleh tim verifikasi. "
            "Simpan ulang tanpa kata sandi, lalu unggah lagi."
        ),
        code="pdf_encrypted",
    )


# --- images ----------------------------------------------------------------------------------


def _image_size(file: UploadFile, kind: FileKind, rules: UploadRules) -> tuple[int, int]:
    """Open, verify and fully decode the image; apply the pas foto rules. Returns the size as
    displayed."""
    broken = UploadRejected(
        gettext("Gambar rusak atau tidak lengkap. Simpan ulang gambar, lalu unggah lagi."),
        code="image_broken",
    )
    formats = [PILLOW_FORMATS[kind]]
    file.seek(0)
    try:
        # Pillow only warns between 89 and 179 megapixels; make that warning an error here so it
        # is refused like a larger bomb. (catch_warnings is process-wide on Python 3.12. If a
        # thread races it, at worst the warning is only logged and our own pixel limit below
        # refuses the image anyway.)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file, formats=formats)  # type: ignore[arg-type]
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        match = _BOMB_PIXELS.search(str(error))
        raise _too_many_pixels(int(match.group(1)) if match else None) from error
    except Exception as error:
        raise broken from error

    with image:
        width, height = image.size
        # Before decoding: the header alone says how much memory decoding would take.
        if width * height > MAX_IMAGE_PIXELS:
            raise _too_many_pixels(width * height)
        try:
            image.verify()  # PNG: chunk checksums; cheap, without decoding
        except Exception as error:
            raise broken from error

    # verify() leaves the image unusable; decoding it all is what finds a truncated JPEG, as
    # long as Pillow refuses truncated data. WeasyPrint turns that off for the whole process
    # when it is imported (certificate PDFs), so say it here; our photos pass this check first,
    # so the PDFs lose nothing by it.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    file.seek(0)
    try:
        image = Image.open(file, formats=formats)  # type: ignore[arg-type]
        image.load()
    except Exception as error:
        raise broken from error

    with image:
        if image.getexif().get(ExifTags.Base.Orientation) in ROTATED_ORIENTATIONS:
            width, height = height, width
        if rules.is_photo:
            _check_photo(image, width, height, rules)
    return width, height


def _too_many_pixels(pixels: int | None) -> UploadRejected:
    limit = _format_number(MAX_IMAGE_PIXELS / 1_000_000)
    if pixels is None:
        message = gettext(
            "Gambar terlalu besar (lebih dari %(limit)s megapiksel). Perkecil gambar, "
            "lalu unggah lagi."
        ) % {"limit": limit}
    else:
        message = gettext(
            "Gambar terlalu besar (%(pixels)s megapiksel); batasnya %(limit)s megapiksel. "
            "Perkecil gambar, lalu unggah lagi."
        ) % {"pixels": _format_number(pixels / 1_000_000), "limit": limit}
    return UploadRejected(message, code="image_too_large")


def _image_without_metadata(file: UploadFile, kind: FileKind) -> bytes:
    """The image drawn again from its pixels, turned upright first (so that dropping the EXIF
    orientation changes nothing on screen). Only the colour profile and the transparency come
    along: no EXIF (GPS position, time, phone), XMP, JPEG comment or PNG text, and nothing the
    file carried after the image's end. _image_size has opened and fully decoded it already."""
    file.seek(0)
    with Image.open(file, formats=[PILLOW_FORMATS[kind]]) as image:  # type: ignore[arg-type]
        upright = ImageOps.exif_transpose(image)
        options: dict = {
            key: image.info[key] for key in ("icc_profile", "transparency") if key in image.info
        }
        upright.info = {}  # Pillow writes a JPEG comment (and XMP) from here if left in
        if kind == FileKind.JPEG:
            options["quality"] = JPEG_QUALITY
        buffer = io.BytesIO()
        upright.save(buffer, PILLOW_FORMATS[kind], **options)
    return buffer.getvalue()


# --- pas foto --------------------------------------------------------------------------------


def _photo_not_image() -> UploadRejected:
    return UploadRejected(
        gettext("Pas foto harus berupa gambar JPEG atau PNG, bukan dokumen PDF."),
        code="photo_not_image",
    )


def _check_photo(image: Image.Image, width: int, height: int, rules: UploadRules) -> None:
    if _is_grey(image):
        raise UploadRejected(
            gettext(
                "Pas foto harus berwarna; foto ini hitam-putih (abu-abu). Unggah foto berwarna."
            ),
            code="photo_grey",
        )

    ratio = Fraction(width, height)
    if abs(float(ratio / PHOTO_ASPECT) - 1) > PHOTO_ASPECT_TOLERANCE:
        # Say what the photo is as the nearest simple ratio: 800 by 600 pixels reads "4 by 3".
        # Nothing outside the tolerance rounds to 3/4 (its neighbours with denominators up to
        # 10 are 5/7 and 7/9), so the message never contradicts itself.
        simple = ratio.limit_denominator(10)
        orientation = gettext("mendatar") if width > height else gettext("tegak")
        if width == height:
            orientation = gettext("persegi")
        raise UploadRejected(
            gettext(
                "Perbandingan foto harus 3 × 4 (tegak); foto Anda %(ratio_w)s × %(ratio_h)s "  # noqa: RUF001
                "(%(orientation)s, %(width)s × %(height)s piksel). Potong foto menjadi 3 × 4, "  # noqa: RUF001
                "lalu unggah lagi."
            )
            % {
                "ratio_w": simple.numerator,
                "ratio_h": simple.denominator,
                "orientation": orientation,
                "width": width,
                "height": height,
            },
            code="photo_aspect",
        )

    if width < rules.photo_min_width or height < rules.photo_min_height:
        raise UploadRejected(
            gettext(
                "Foto terlalu kecil: %(width)s × %(height)s piksel; minimal %(min_width)s × "  # noqa: RUF001
                "%(min_height)s piksel. Unggah foto dengan resolusi lebih tinggi."
            )
            % {
                "width": width,
                "height": height,
                "min_width": rules.photo_min_width,
                "min_height": rules.photo_min_height,
            },
            code="photo_too_small",
        )


def _is_grey(image: Image.Image) -> bool:
    if image.mode in GREY_MODES:
        return True
    # Nearest-neighbour sampling works in every mode (palette included) and keeps each sampled
    # pixel's own colour, so a grey JPEG's noise stays grey instead of being averaged.
    scale = min(1.0, GREY_CHECK_SIDE / max(image.size))
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    sample = image.resize(size, Image.Resampling.NEAREST).convert("RGB")
    red, green, blue = sample.split()
    highest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    lowest = ImageChops.darker(ImageChops.darker(red, green), blue)
    histogram = ImageChops.subtract(highest, lowest).histogram()  # of chroma, 0..255
    coloured = sum(histogram[GREY_CHROMA_TOLERANCE + 1 :])
    return coloured < COLOURED_SHARE_MIN * sum(histogram)


# --- words -----------------------------------------------------------------------------------


def _empty() -> UploadRejected:
    return UploadRejected(
        gettext("Berkas kosong (0 byte). Pilih berkas yang berisi dokumen Anda, lalu unggah lagi."),
        code="empty",
    )


def _too_large(size: int, limit: int) -> UploadRejected:
    shown_size, shown_limit = _format_size(size), _format_size(limit)
    for decimals in (2, 3):
        # "2 MB melebihi batas 2 MB" would read as a bug: show more digits until they differ.
        if shown_size != shown_limit:
            break
        shown_size, shown_limit = _format_size(size, decimals), _format_size(limit, decimals)
    if shown_size == shown_limit:
        shown_size, shown_limit = _format_bytes(size), _format_bytes(limit)
    return UploadRejected(
        gettext(
            "Ukuran berkas %(size)s melebihi batas %(limit)s. Perkecil berkas, lalu unggah lagi."
        )
        % {"size": shown_size, "limit": shown_limit},
        code="too_large",
    )


def _format_size(size: int, decimals: int = 1) -> str:
    """1024-based like the limit (``max_size_kb * 1024``), with the active language's decimal
    separator: "3,2 MB" in Indonesian."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            return f"{_format_number(size / factor, decimals)} {unit}"
    return _format_bytes(size)


def _format_bytes(size: int) -> str:
    # "2.097.153 byte" / "2,097,153 bytes"
    return ngettext("%(count)s byte", "%(count)s byte", size) % {
        "count": number_format(size, force_grouping=True)
    }


def _format_number(value: float, decimals: int = 1) -> str:
    """At most ``decimals`` digits after the separator, no trailing zeros: "2", "3,2"."""
    shown = next(d for d in range(decimals + 1) if round(value, d) == round(value, decimals))
    return number_format(round(value, shown), decimal_pos=shown)


def _or_list(kinds: Sequence[FileKind]) -> str:
    """ "PDF", "PDF atau PNG", "PDF, JPEG, atau PNG"."""
    labels = [str(kind.label) for kind in kinds]
    if len(labels) == 1:
        return labels[0]
    if len(labels) == 2:
        return gettext("%(first)s atau %(last)s") % {"first": labels[0], "last": labels[1]}
    return gettext("%(items)s, atau %(last)s") % {
        "items": ", ".join(labels[:-1]),
        "last": labels[-1],
    }
