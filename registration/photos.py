"""The candidate's photo as the portal's documents print it (the certificate, the exam card)."""

import base64
import io

from django.core.files.base import ContentFile

from registration.models import Application, Document

# EXIF orientations that turn the stored pixels by 90°: the stored width is the printed height.
_QUARTER_TURNS = {5, 6, 7, 8}
_EXIF_ORIENTATION = 0x0112


def _print_copy_name(document: Document, pixels: tuple[int, int], quality: int) -> str:
    """Where the document's photo is kept at `pixels`, next to the upload it is made from. The
    upload's name is random and never reused (registration.models.document_upload_to), so a
    copy named after it can only show that upload."""
    width, height = pixels
    return f"{document.file.name}.print-{width}x{height}-q{quality}.jpg"


def _print_copy(document: Document, pixels: tuple[int, int], quality: int) -> bytes:
    """The upload turned upright, cropped to the frame's proportions and scaled to `pixels`,
    as JPEG. A JPEG is decoded at the smallest of its built-in scales (1/2, 1/4, 1/8) that
    still leaves twice the pixels asked for, as Pillow's thumbnail() does: a 12-megapixel
    phone photo then costs about 16 ms instead of 180, and the result is not visibly
    different (the last step is still Lanczos from at least twice the size)."""
    from PIL import Image, ImageOps

    with document.file.open("rb") as file:
        image = Image.open(file)
        width, height = pixels
        if image.getexif().get(_EXIF_ORIENTATION) in _QUARTER_TURNS:
            width, height = height, width
        image.draft(None, (2 * width, 2 * height))
        image = ImageOps.exif_transpose(image).convert("RGB")
    image = ImageOps.fit(image, pixels, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def application_photo_data_uri(
    application: Application, *, pixels: tuple[int, int], quality: int
) -> str | None:
    """The application's current photo, turned upright, cropped to the frame's proportions and
    scaled to `pixels`, as a JPEG data URI; None when it has none (the document then shows an
    empty frame).

    The scaled copy is made once per upload and size and kept in the same private storage
    beside the upload: the certificate, its legalised copy and every re-rendering read it
    instead of decoding and scaling the upload again (9 ms for a small photo, far more for a
    phone's)."""
    document = (
        Document.objects.filter(
            application=application, is_current=True, requirement__is_photo=True
        )
        .order_by("-version")
        .first()
    )
    if document is None:
        return None
    storage = document.file.storage
    name = _print_copy_name(document, pixels, quality)
    if storage.exists(name):
        with storage.open(name, "rb") as file:
            content = file.read()
    else:
        content = _print_copy(document, pixels, quality)
        # Two renderings racing here both write the same bytes; the storage may keep the
        # second under another name, which nothing reads.
        storage.save(name, ContentFile(content))
    return "data:image/jpeg;base64," + base64.b64encode(content).decode()
