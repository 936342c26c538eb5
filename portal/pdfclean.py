"""Reads an uploaded PDF and writes it again without anything active: the PDF half of
portal.uploads, run in a child process of its own with a memory, CPU-time and output limit, so a
hostile file can cost the web process nothing but a refusal. The child is forked for the one PDF
by ``python -I pdfclean.py serve`` (below), or started as ``python -I pdfclean.py check|rewrite``.

This module imports only the standard library and pypdf (no Django, no portal module): the
child starts in a fraction of a second and parses the file with nothing of the portal in reach.

What it does, given the bytes of a PDF:

1. Opens it (an owner-password-only PDF opens with the empty password; a real password is a
   refusal) and counts its pages.
2. Looks for active content and refuses the file when it finds any (``pdf_active_content``):
   scripts, launch, submit and import actions, media and embedded files, XFA forms, reached
   from the document's open action and additional actions, each page and annotation, every
   bookmark (outline item, through nested /First and /Next chains), every form field and its
   kids, and every name tree (/Names, through /Kids at any depth). Each object is visited once,
   and the walk stops at WALK_LIMIT objects: a hostile file may loop or nest without end.
3. When asked, writes a new PDF (``pdf_rewrite``) holding only the pages: their boxes,
   rotation, resources and content streams, copied byte for byte without decoding them (a
   deflate bomb in a content stream is never inflated). Annotations are flattened: what a
   visible annotation shows (a stamp, a filled-in field, the picture of a signature) is drawn
   into the page as a plain form XObject, and the annotation itself is gone. Everything else is
   left behind: the document information (/Info) and XMP metadata (/Metadata, at any level),
   the open action and additional actions, name trees (JavaScript, embedded files), the
   interactive form (/AcroForm), bookmarks, structure tree, page labels and thumbnails, and any
   bytes around the PDF (before the header, after the end). Optional content (/OCProperties)
   is kept so that layers hidden in the original stay hidden.

The parent reads one JSON line from stdout (``{"status": ..., "pages": ...}``) and, for a
rewrite, the new PDF after it. A child that runs out of memory or time is "too complex".
"""

import contextlib
import gc
import io
import json
import os
import selectors
import signal
import sys
import time
import traceback
from collections import deque
from typing import NoReturn

from pypdf import PasswordType, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    StreamObject,
)

# The child's limits. Python and pypdf take ~60 MB of address space before the first byte is
# read; writing an 8 MB scan anew takes ~95 MB in all, so 512 MB leaves room for any honest
# 10 MB file and stops a hostile one long before it could hurt the machine.
MEMORY_LIMIT = 512 * 1024 * 1024
CPU_SECONDS = 20
OUTPUT_LIMIT = 64 * 1024 * 1024

# Objects visited while looking for active content (outline items, fields, name tree nodes,
# annotations, actions), and objects copied into the new file. A real document is far below
# both: a 300-page report has some ten thousand objects.
WALK_LIMIT = 50_000
COPY_LIMIT = 500_000
DEPTH_LIMIT = 64  # nesting of arrays and dictionaries inside one object

OK, BROKEN, ENCRYPTED, ACTIVE, TOO_COMPLEX = "ok", "broken", "encrypted", "active", "too_complex"
EXIT_TOO_COMPLEX = 3  # the child ran out of memory before it could say so in JSON

# Actions a PDF reader may run by itself or on a click that reach beyond the page: scripts,
# programs, forms sent elsewhere, embedded documents and media. A verifier opens every PDF in
# their browser or reader; a scanned decree never needs any of these. (/GoTo, /URI and named
# actions are harmless and common: "open at page 1, fit width".)
ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/GoToE",
        "/RichMediaExecute",
        "/Rendition",  # plays media, and may carry a script (/JS)
        "/Movie",
        "/Sound",
    }
)
ACTIVE_ANNOTATIONS = frozenset(
    {"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"}
)
# Name trees whose mere presence is active content.
ACTIVE_NAME_TREES = frozenset(
    {"/JavaScript", "/EmbeddedFiles", "/AlternatePresentations", "/Renditions"}
)

# What a page keeps (inherited attributes are already on each page: pypdf flattens them).
PAGE_KEYS = (
    "/MediaBox",
    "/CropBox",
    "/BleedBox",
    "/TrimBox",
    "/ArtBox",
    "/Rotate",
    "/UserUnit",
    "/Group",
)
# Keys dropped wherever they appear in what is copied (resources, content, appearances).
DROPPED_KEYS = frozenset(
    {
        "/A",
        "/AA",
        "/JS",
        "/OpenAction",
        "/Metadata",
        "/PieceInfo",
        "/StructParent",
        "/StructParents",
        "/Thumb",
        "/EF",
        "/RichMediaContent",
    }
)
# A stream's data kept outside the file.
DROPPED_STREAM_KEYS = frozenset({"/F", "/FFilter", "/FDecodeParms", "/DL"})

# Annotation flags (PDF 32000-1, 12.5.3): not shown on screen.
HIDDEN, NO_VIEW = 1 << 1, 1 << 5


class Refused(Exception):
    """The file cannot be taken: ``status`` says why (one of the statuses above)."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


def _get(holder, key: str, default=None):
    """``holder[key]`` resolved, or ``default``. pypdf's ``get`` is dict.get and returns an
    IndirectObject as it is: a check like ``action.get("/S") in ACTIVE_ACTIONS`` would miss a
    /JavaScript written as a reference to the name."""
    if not isinstance(holder, DictionaryObject) or key not in holder:
        return default
    value = holder.raw_get(key)
    return value.get_object() if isinstance(value, IndirectObject) else value


# --- opening ---------------------------------------------------------------------------------


def pdf_open(data: bytes) -> PdfReader:
    """The reader of a PDF the portal can read, or Refused(BROKEN / ENCRYPTED)."""
    # A parser fed damaged or hostile input fails in many ways (PdfReadError, but also
    # KeyError, ValueError, RecursionError, zlib.error...): each means "cannot be read".
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except MemoryError:
        raise
    except Exception as error:
        raise Refused(BROKEN) from error
    if encrypted:
        # With only an owner password (printing or copying restricted) the PDF opens with an
        # empty user password, so the verifier can read it: that is fine.
        try:
            opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
        except MemoryError:
            raise
        except Exception:
            opened = False  # an encryption pypdf cannot undo: nobody here could open it either
        if not opened:
            raise Refused(ENCRYPTED)
    return reader


# --- looking for active content --------------------------------------------------------------


class _Walk:
    """Each object once, and no more than WALK_LIMIT of them."""

    def __init__(self) -> None:
        self.seen: set[tuple[int, int]] = set()
        self.left = WALK_LIMIT

    def open(self, obj):
        """The object behind a reference, or None when it was visited already."""
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in self.seen:
                return None
            self.seen.add(key)
            obj = obj.get_object()
        self.left -= 1
        if self.left < 0:
            raise Refused(TOO_COMPLEX)
        return obj


def _triggers(holder: DictionaryObject) -> list:
    """The actions of an object: /A (or /OpenAction, /PA) and each additional action in /AA."""
    found = [holder.raw_get(key) for key in ("/A", "/OpenAction", "/PA") if key in holder]
    additional = _get(holder, "/AA")
    if isinstance(additional, DictionaryObject):
        found.extend(additional.raw_get(key) for key in additional)
    return found


def _active_actions(actions: list, walk: _Walk) -> bool:
    """Whether any of the actions, or any action after them (/Next: one or an array), is
    active. A destination (an array) where an action may stand is harmless."""
    pending = list(actions)
    while pending:
        action = walk.open(pending.pop())
        if isinstance(action, ArrayObject):
            pending.extend(action)
        elif isinstance(action, DictionaryObject):
            if _get(action, "/S") in ACTIVE_ACTIONS or "/JS" in action:
                return True
            if "/Next" in action:
                pending.append(action.raw_get("/Next"))
    return False


def _active_holder(holder, walk: _Walk) -> bool:
    return isinstance(holder, DictionaryObject) and _active_actions(_triggers(holder), walk)


def _outline_active(root: DictionaryObject, walk: _Walk) -> bool:
    """Bookmarks: each item's action, through every /First (children) and /Next (sibling)."""
    outlines = walk.open(root.raw_get("/Outlines")) if "/Outlines" in root else None
    pending = [outlines.raw_get("/First")] if isinstance(outlines, DictionaryObject) else []
    while pending:
        item = walk.open(pending.pop())
        if not isinstance(item, DictionaryObject):
            continue
        if _active_holder(item, walk):
            return True
        pending.extend(item.raw_get(key) for key in ("/First", "/Next") if key in item)
    return False


def _form_active(root: DictionaryObject, walk: _Walk) -> bool:
    """The interactive form: XFA, and the actions of every field and its kids (widgets)."""
    form = walk.open(root.raw_get("/AcroForm")) if "/AcroForm" in root else None
    if not isinstance(form, DictionaryObject):
        return False
    if "/XFA" in form:
        return True
    fields = _get(form, "/Fields")
    pending = list(fields) if isinstance(fields, ArrayObject) else []
    while pending:
        field = walk.open(pending.pop())
        if not isinstance(field, DictionaryObject):
            continue
        if _active_holder(field, walk):
            return True
        kids = _get(field, "/Kids")
        if isinstance(kids, ArrayObject):
            pending.extend(kids)
    return False


def _name_trees_active(root: DictionaryObject, walk: _Walk) -> bool:
    """Every name tree of the catalogue's /Names: a script or file tree is active by itself;
    in any other, each value that is (or carries) an active action, at any depth of /Kids."""
    names = walk.open(root.raw_get("/Names")) if "/Names" in root else None
    if not isinstance(names, DictionaryObject):
        return False
    if any(key in names for key in ACTIVE_NAME_TREES):
        return True
    pending = [names.raw_get(key) for key in names]
    while pending:
        node = walk.open(pending.pop())
        if not isinstance(node, DictionaryObject):
            continue
        kids = _get(node, "/Kids")
        if isinstance(kids, ArrayObject):
            pending.extend(kids)
        pairs = _get(node, "/Names")
        if isinstance(pairs, ArrayObject):
            for value in list(pairs)[1::2]:
                value = walk.open(value)
                if isinstance(value, DictionaryObject) and (
                    _get(value, "/S") in ACTIVE_ACTIONS
                    or "/JS" in value
                    or _active_holder(value, walk)
                ):
                    return True
    return False


def _pages_active(reader: PdfReader, walk: _Walk) -> bool:
    """Each page's additional actions; each annotation's kind and actions, and those of the
    form fields above a widget (/Parent)."""
    for page in reader.pages:
        if _active_holder(page, walk):
            return True
        annotations = _get(page, "/Annots")
        for reference in annotations if isinstance(annotations, ArrayObject) else []:
            annotation = walk.open(reference)
            while isinstance(annotation, DictionaryObject):
                if _get(annotation, "/Subtype") in ACTIVE_ANNOTATIONS:
                    return True
                if _active_holder(annotation, walk):
                    return True
                parent = annotation.raw_get("/Parent") if "/Parent" in annotation else None
                annotation = walk.open(parent) if parent is not None else None
    return False


def pdf_active_content(reader: PdfReader) -> bool:
    """Whether the PDF carries scripts, launch or submit actions, media, embedded files or
    XFA forms anywhere a reader would find them. Raises Refused(TOO_COMPLEX) past WALK_LIMIT."""
    root = reader.trailer["/Root"].get_object()
    walk = _Walk()
    if "/Collection" in root:  # a portfolio: a PDF that is a folder of embedded files
        return True
    return (
        _active_holder(root, walk)
        or _name_trees_active(root, walk)
        or _form_active(root, walk)
        or _outline_active(root, walk)
        or _pages_active(reader, walk)
    )


# --- writing it again ------------------------------------------------------------------------


class _Copier:
    """Copies objects from the reader into the writer: each indirect object once (shared
    fonts and images stay shared), breadth first (a long chain of references costs no stack),
    without DROPPED_KEYS, streams byte for byte."""

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.copied: dict[tuple[int, int], IndirectObject] = {}
        self.pending: deque[tuple[IndirectObject, IndirectObject]] = deque()
        self.appearances: list[IndirectObject] = []  # drawn with `Do`: must be form XObjects

    def reference(self, source: IndirectObject) -> IndirectObject:
        key = (source.idnum, source.generation)
        if key not in self.copied:
            if len(self.copied) >= COPY_LIMIT:
                raise Refused(TOO_COMPLEX)
            self.copied[key] = self.writer._add_object(NullObject())
            self.pending.append((source, self.copied[key]))
        return self.copied[key]

    def finish(self) -> None:
        while self.pending:
            source, target = self.pending.popleft()
            copy = self.value(source.get_object())
            copy.indirect_reference = target
            self.writer._objects[target.idnum - 1] = copy

    def value(self, obj, depth: int = 0):
        if depth > DEPTH_LIMIT:
            raise Refused(TOO_COMPLEX)
        if isinstance(obj, IndirectObject):
            return self.reference(obj)
        if isinstance(obj, StreamObject):
            copy = (
                EncodedStreamObject()
                if isinstance(obj, EncodedStreamObject)
                else DecodedStreamObject()
            )
            for key in obj:
                if key not in DROPPED_KEYS and key not in DROPPED_STREAM_KEYS and key != "/Length":
                    copy[NameObject(key)] = self.value(obj.raw_get(key), depth + 1)
            copy._data = obj._data  # encoded as it was: never inflated here
            return copy
        if isinstance(obj, DictionaryObject):
            copy = DictionaryObject()
            for key in obj:
                if key not in DROPPED_KEYS:
                    copy[NameObject(key)] = self.value(obj.raw_get(key), depth + 1)
            return copy
        if isinstance(obj, ArrayObject):
            return ArrayObject(self.value(item, depth + 1) for item in obj)
        return obj  # a number, name, string, boolean or null: immutable, shared as is

    def stream(self, data: bytes) -> IndirectObject:
        stream = DecodedStreamObject()
        stream.set_data(data)
        return self.writer._add_object(stream)


def _number(value) -> float:
    return float(value.get_object()) if hasattr(value, "get_object") else float(value)


def _rectangle(value) -> tuple[float, float, float, float] | None:
    value = value.get_object() if hasattr(value, "get_object") else value
    if not isinstance(value, ArrayObject) or len(value) != 4:
        return None
    try:
        x0, y0, x1, y1 = (_number(item) for item in value)
    except (TypeError, ValueError):
        return None
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _appearance(annotation: DictionaryObject):
    """The reference to the normal appearance an annotation shows on screen, or None."""
    flags = _get(annotation, "/F", 0)
    if isinstance(flags, int) and flags & (HIDDEN | NO_VIEW):
        return None
    appearances = _get(annotation, "/AP")
    if not isinstance(appearances, DictionaryObject) or "/N" not in appearances:
        return None
    normal = appearances.raw_get("/N")
    resolved = normal.get_object() if isinstance(normal, IndirectObject) else normal
    if isinstance(resolved, DictionaryObject) and not isinstance(resolved, StreamObject):
        state = _get(annotation, "/AS")  # a check box: one appearance per state
        if state is None or state not in resolved:
            return None
        normal = resolved.raw_get(state)
        resolved = normal.get_object() if isinstance(normal, IndirectObject) else normal
    if not isinstance(resolved, StreamObject) or not isinstance(normal, IndirectObject):
        return None
    return normal


def _placement(annotation: DictionaryObject, form: StreamObject) -> str | None:
    """The `cm` that draws the form XObject where the annotation is (PDF 32000-1, 12.5.5): its
    bounding box, transformed by its matrix, scaled and moved onto the annotation's /Rect."""
    rect = _rectangle(_get(annotation, "/Rect"))
    box = _rectangle(_get(form, "/BBox"))
    if rect is None or box is None:
        return None
    matrix = _get(form, "/Matrix")
    try:
        a, b, c, d, e, f = (
            (_number(item) for item in matrix)
            if isinstance(matrix, ArrayObject) and len(matrix) == 6
            else (1, 0, 0, 1, 0, 0)
        )
    except (TypeError, ValueError):
        return None
    corners = [(x, y) for x in (box[0], box[2]) for y in (box[1], box[3])]
    xs = [a * x + c * y + e for x, y in corners]
    ys = [b * x + d * y + f for x, y in corners]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    if width <= 0 or height <= 0:
        return None
    scale_x, scale_y = (rect[2] - rect[0]) / width, (rect[3] - rect[1]) / height
    move_x, move_y = rect[0] - scale_x * min(xs), rect[1] - scale_y * min(ys)
    return " ".join(_pdf_number(value) for value in (scale_x, 0, 0, scale_y, move_x, move_y))


def _pdf_number(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _page_copy(page, copier: _Copier, number: int) -> DictionaryObject:
    copy = DictionaryObject({NameObject("/Type"): NameObject("/Page")})
    for key in PAGE_KEYS:
        if key in page:
            copy[NameObject(key)] = copier.value(page.raw_get(key))
    contents = copier.value(page.raw_get("/Contents")) if "/Contents" in page else None

    drawings, xobjects = [], {}
    annotations = _get(page, "/Annots")
    for index, reference in enumerate(annotations if isinstance(annotations, ArrayObject) else []):
        annotation = reference.get_object() if isinstance(reference, IndirectObject) else reference
        if not isinstance(annotation, DictionaryObject):
            continue
        if _get(annotation, "/Subtype") in ACTIVE_ANNOTATIONS | {"/Popup", "/Link"}:
            continue
        appearance = _appearance(annotation)
        if appearance is None:
            continue
        placement = _placement(annotation, appearance.get_object())
        if placement is None:
            continue
        name = f"/PortalAnnot{number}x{index}"
        form = copier.reference(appearance)
        copier.appearances.append(form)
        xobjects[name] = form
        drawings.append(f"q {placement} cm {name} Do Q")

    resources = _get(page, "/Resources")
    if not drawings:
        if "/Resources" in page:
            copy[NameObject("/Resources")] = copier.value(page.raw_get("/Resources"))
        if contents is not None:
            copy[NameObject("/Contents")] = contents
        return copy

    # The page's own resources, as a dictionary of its own, with the appearances added.
    if not isinstance(resources, DictionaryObject):
        resources = DictionaryObject()
    own = copier.value(resources)
    existing = _get(resources, "/XObject")
    if not isinstance(existing, DictionaryObject):
        existing = DictionaryObject()
    merged = copier.value(existing)
    for name, form in xobjects.items():
        merged[NameObject(name)] = form
    own[NameObject("/XObject")] = merged
    copy[NameObject("/Resources")] = own
    # The original content inside q ... Q, so whatever state it leaves does not move the
    # appearances; then the appearances, in the order of /Annots (the order viewers use).
    parts = [copier.stream(b"q\n")]
    if isinstance(contents, ArrayObject):
        parts.extend(contents)
    elif contents is not None:
        parts.append(contents)
    parts.append(copier.stream(("\nQ\n" + "\n".join(drawings) + "\n").encode()))
    copy[NameObject("/Contents")] = ArrayObject(parts)
    return copy


def _appearances_are_forms(copier: _Copier) -> None:
    """A flattened appearance is drawn with `Do`, which needs /Type /XObject /Subtype /Form;
    annotation appearances often leave them out."""
    for reference in copier.appearances:
        form = reference.get_object()
        form[NameObject("/Type")] = NameObject("/XObject")
        form[NameObject("/Subtype")] = NameObject("/Form")


def pdf_rewrite(reader: PdfReader) -> bytes:
    """The pages of the PDF in a new file, without anything else (see the module's docstring)."""
    writer = PdfWriter()
    writer.metadata = None  # no /Info, not even pypdf's /Producer
    writer.pdf_header = reader.pdf_header  # the features the content uses: same version
    copier = _Copier(writer)
    pages_ref = writer._pages
    pages = pages_ref.get_object()
    kids = ArrayObject()
    for number, page in enumerate(reader.pages):
        copy = _page_copy(page, copier, number)
        copy[NameObject("/Parent")] = pages_ref
        kids.append(writer._add_object(copy))
    root = reader.trailer["/Root"].get_object()
    if "/OCProperties" in root:
        writer._root_object[NameObject("/OCProperties")] = copier.value(
            root.raw_get("/OCProperties")
        )
    copier.finish()
    _appearances_are_forms(copier)
    pages[NameObject("/Kids")] = kids
    pages[NameObject("/Count")] = NumberObject(len(kids))
    writer.flattened_pages = None  # built by hand above; pypdf rereads the tree if it needs it
    output = io.BytesIO()
    writer.write(output)
    if output.tell() > OUTPUT_LIMIT:
        raise Refused(TOO_COMPLEX)
    return output.getvalue()


# --- the whole job ---------------------------------------------------------------------------


def pdf_process(data: bytes, *, rewrite: bool) -> tuple[dict, bytes]:
    """The answer for the parent ({"status", "pages"}) and, for a rewrite, the new PDF."""
    try:
        reader = pdf_open(data)
        try:
            pages = len(reader.pages)
        except MemoryError:
            raise
        except Exception as error:
            raise Refused(BROKEN) from error
        if pages == 0:
            raise Refused(BROKEN)
        try:
            if pdf_active_content(reader):
                raise Refused(ACTIVE)
            content = pdf_rewrite(reader) if rewrite else b""
        except (Refused, MemoryError):
            raise
        except RecursionError as error:
            raise Refused(TOO_COMPLEX) from error
        except Exception as error:
            raise Refused(BROKEN) from error
    except Refused as refused:
        return {"status": refused.status, "pages": None}, b""
    return {"status": OK, "pages": pages}, content


def _limit_self(memory: int, cpu_seconds: int) -> None:
    import resource

    for limit, value in (
        (resource.RLIMIT_AS, memory),
        (resource.RLIMIT_CPU, cpu_seconds),
        (resource.RLIMIT_FSIZE, 0),  # writes nothing but its answer on a pipe
        (resource.RLIMIT_CORE, 0),
    ):
        _soft, hard = resource.getrlimit(limit)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(limit, (value, value))


def _answer(data: bytes, *, rewrite: bool, memory: int, cpu_seconds: int) -> tuple[int, bytes]:
    """The exit code and the output of a child: the answer's JSON line and, for a rewrite, the
    new PDF. Sets the limits first: call it only in a process that exists for this one PDF."""
    _limit_self(memory, cpu_seconds)
    try:
        answer, content = pdf_process(data, rewrite=rewrite)
    except MemoryError:
        return EXIT_TOO_COMPLEX, b""
    return 0, json.dumps(answer).encode() + b"\n" + content


# --- serving: one process, a fresh child per PDF ---------------------------------------------
#
# Starting Python and importing pypdf costs some 170 ms of CPU; reading a one-page PDF, a few.
# ``pdfclean.py serve`` pays the start once: it imports pypdf, reads its first PDF of its own
# (so pypdf's lazy imports are done too), and then forks a child per request. The child is
# what ``pdfclean.py check|rewrite`` was: it sets the same limits, reads the one PDF and
# exits, so a hostile file still meets a process of its own that nothing else shares. The
# server itself never parses an uploaded byte; it reads requests, forks, and kills a child
# past its wall-clock time.
#
# Request (on stdin): {"mode": "check"|"rewrite", "memory": bytes, "cpu": seconds, "seconds":
# wall-clock seconds, "length": n} on one line, then the n bytes of the PDF.
# Answer (on stdout): {"exit": code (minus the signal when killed), "length": m, "stderr":
# the last of what the child wrote there} on one line, then the m bytes the child wrote.
# The server ends when its stdin closes: when the web process that started it is gone.

REQUEST_LINE_LIMIT = 4096
STDERR_KEPT = 2000
_WARM_PDF = (  # one empty page: read and written once at start, for pypdf's lazy imports
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _child(data: bytes, request: dict, out_write: int, err_write: int) -> NoReturn:
    """The forked child: its output on the pipes, nothing of the server's within reach."""
    code = 1
    try:
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)  # the server's requests are not the child's to read
        os.dup2(out_write, 1)  # nor are its answers the child's to write
        os.dup2(err_write, 2)
        code, output = _answer(
            data,
            rewrite=request.get("mode") == "rewrite",
            memory=int(request["memory"]),
            cpu_seconds=int(request["cpu"]),
        )
        view = memoryview(output)
        while view:
            view = view[os.write(1, view) :]
    except MemoryError:
        code = EXIT_TOO_COMPLEX
    except BaseException:
        with contextlib.suppress(BaseException):
            os.write(2, traceback.format_exc().encode(errors="replace"))
    os._exit(code)


def _collect(pid: int, out_read: int, err_read: int, seconds: float) -> tuple[int, bytes, bytes]:
    """What the child writes until it exits, or until ``seconds`` have passed: then it is
    killed (exit -9). Output past OUTPUT_LIMIT kills it too."""
    deadline = time.monotonic() + seconds
    chunks: dict[int, list[bytes]] = {out_read: [], err_read: []}
    sizes = dict.fromkeys(chunks, 0)
    killed = False
    with selectors.DefaultSelector() as selector:
        for fd in chunks:
            selector.register(fd, selectors.EVENT_READ)
        while selector.get_map():
            left = deadline - time.monotonic()
            events = selector.select(max(left, 0)) if left > 0 else []
            if not events:
                os.kill(pid, signal.SIGKILL)
                killed = True
                break
            for key, _mask in events:
                chunk = os.read(key.fd, 65536)
                if not chunk:
                    selector.unregister(key.fd)
                    continue
                chunks[key.fd].append(chunk)
                sizes[key.fd] += len(chunk)
                if sizes[out_read] > OUTPUT_LIMIT + REQUEST_LINE_LIMIT:
                    os.kill(pid, signal.SIGKILL)
                    killed = True
                    break
            if killed:
                break
    _pid, status = os.waitpid(pid, 0)
    code = -signal.SIGKILL if killed else os.waitstatus_to_exitcode(status)
    return code, b"".join(chunks[out_read]), b"".join(chunks[err_read])[-STDERR_KEPT:]


def _run_child(data: bytes, request: dict) -> tuple[int, bytes, bytes]:
    out_read, out_write = os.pipe()
    err_read, err_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(out_read)
        os.close(err_read)
        _child(data, request, out_write, err_write)
    os.close(out_write)
    os.close(err_write)
    try:
        return _collect(pid, out_read, err_read, float(request["seconds"]))
    finally:
        os.close(out_read)
        os.close(err_read)


def _read_exactly(stream, size: int) -> bytes | None:
    data = stream.read(size)
    return data if len(data) == size else None


def serve() -> int:
    """``pdfclean.py serve``: answers requests on stdin until it closes (see above)."""
    import resource

    for limit in (resource.RLIMIT_FSIZE, resource.RLIMIT_CORE):  # writes only to its pipes
        resource.setrlimit(limit, (0, resource.getrlimit(limit)[1]))
    pdf_process(_WARM_PDF, rewrite=True)
    gc.collect()
    gc.freeze()  # the children share these pages with the server instead of copying them
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    while line := requests.readline(REQUEST_LINE_LIMIT):
        request = json.loads(line)
        data = _read_exactly(requests, int(request["length"]))
        if data is None:
            break
        code, output, errors = _run_child(data, request)
        header = {
            "exit": code,
            "length": len(output),
            "stderr": errors.decode(errors="replace"),
        }
        answers.write(json.dumps(header).encode() + b"\n")
        answers.write(output)
        answers.flush()
    return 0


def main() -> int:
    """``pdfclean.py check|rewrite [memory bytes] [CPU seconds]``: the PDF on stdin, the answer
    on stdout. ``pdfclean.py serve``: the same for one request after another (see above)."""
    mode, *limits = sys.argv[1:] or ["check"]
    if mode == "serve":
        return serve()
    memory = int(limits[0]) if limits else MEMORY_LIMIT
    cpu_seconds = int(limits[1]) if len(limits) > 1 else CPU_SECONDS
    code, output = _answer(
        sys.stdin.buffer.read(), rewrite=mode == "rewrite", memory=memory, cpu_seconds=cpu_seconds
    )
    sys.stdout.buffer.write(output)
    sys.stdout.buffer.flush()
    return code


if __name__ == "__main__":
    sys.exit(main())
