"""The candidate's photo as the certificate and the exam card print it (registration.photos):
scaled once per upload and size, kept beside the upload, and read from there afterwards."""

import base64
import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from registration.constants import ApplicationStatus
from registration.photos import application_photo_data_uri
from tests.factories import ApplicationFactory, DocumentFactory, photo_bytes

pytestmark = pytest.mark.django_db

PIXELS = (354, 472)


def printed(data_uri: str) -> Image.Image:
    header, content = data_uri.split(",", 1)
    assert header == "data:image/jpeg;base64"
    return Image.open(io.BytesIO(base64.b64decode(content)))


def photo_document(application):
    return application.documents.get(requirement__is_photo=True, is_current=True)


def test_the_photo_is_scaled_once_and_read_back_from_its_print_copy():
    application = ApplicationFactory(documents=True, status=ApplicationStatus.PASSED)
    upload = photo_document(application).file

    first = application_photo_data_uri(application, pixels=PIXELS, quality=88)
    upload.storage.delete(upload.name)  # from now on only the print copy can give the photo
    again = application_photo_data_uri(application, pixels=PIXELS, quality=88)

    assert again == first
    assert printed(first).size == PIXELS


def test_each_size_has_its_own_print_copy():
    application = ApplicationFactory(documents=True, status=ApplicationStatus.PASSED)

    card = application_photo_data_uri(application, pixels=(236, 315), quality=85)
    certificate = application_photo_data_uri(application, pixels=PIXELS, quality=88)

    assert printed(card).size == (236, 315)
    assert printed(certificate).size == PIXELS


def test_a_new_upload_prints_the_new_photo_not_the_old_copy():
    application = ApplicationFactory(documents=True, status=ApplicationStatus.PASSED)
    old = photo_document(application)
    assert application_photo_data_uri(application, pixels=PIXELS, quality=88)
    old.is_current = False
    old.save(update_fields=["is_current"])
    red = Image.new("RGB", (600, 800), (200, 30, 30))
    buffer = io.BytesIO()
    red.save(buffer, "JPEG")
    DocumentFactory(
        application=application,
        requirement=old.requirement,
        version=2,
        file=ContentFile(buffer.getvalue(), name="foto.jpg"),
        kind="jpeg",
        content_type="image/jpeg",
    )

    photo = printed(application_photo_data_uri(application, pixels=PIXELS, quality=88))

    red_channel, _green, blue = photo.convert("RGB").getpixel((5, 5))
    assert red_channel > 150 and blue < 100


def test_a_large_phone_photo_is_printed_at_the_frames_size():
    """A 12-megapixel JPEG is decoded at a reduced scale first (Image.draft), never below
    twice the printed size: the print is the same size and colours."""
    application = ApplicationFactory(status=ApplicationStatus.PASSED)
    DocumentFactory(
        application=application,
        requirement=application.service.requirements.get(is_photo=True),
        file=ContentFile(photo_bytes(3000, 4000), name="foto.jpg"),
        kind="jpeg",
        content_type="image/jpeg",
    )

    photo = printed(application_photo_data_uri(application, pixels=PIXELS, quality=88))

    assert photo.size == PIXELS
    red, _green, blue = photo.convert("RGB").getpixel((5, 5))  # the blue background
    assert blue > 150 and red < 100
