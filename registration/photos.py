"""The candidate's photo as the portal's documents print it (the certificate, the exam card)."""

import base64
import io

from registration.models import Application, Document


def application_photo_data_uri(
    application: Application, *, pixels: tuple[int, int], quality: int
) -> str | None:
    """The application's current photo, turned upright, cropped to the frame's proportions and
    scaled to `pixels`, as a JPEG data URI; None when it has none (the document then shows an
    empty frame)."""
    from PIL import Image, ImageOps

    document = (
        Document.objects.filter(
            application=application, is_current=True, requirement__is_photo=True
        )
        .order_by("-version")
        .first()
    )
    if document is None:
        return None
    with document.file.open("rb") as file:
        image = ImageOps.exif_transpose(Image.open(file)).convert("RGB")
    image = ImageOps.fit(image, pixels, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode()
