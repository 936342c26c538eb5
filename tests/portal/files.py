"""Builds real PDFs and images in memory for upload tests: no binary fixtures in the repo."""

import io
import struct
import zlib
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

A4_POINTS = (595, 842)


def pdf_bytes(
    *, pages: int = 1, user_password: str | None = None, owner_password: str | None = None
) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=A4_POINTS[0], height=A4_POINTS[1])
    if user_password is not None or owner_password is not None:
        writer.encrypt(user_password=user_password or "", owner_password=owner_password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def gradient(width: int, height: int) -> Image.Image:
    """A colour picture: red grows left to right, green top to bottom."""
    red = Image.linear_gradient("L").rotate(90).resize((width, height))
    green = Image.linear_gradient("L").resize((width, height))
    blue = Image.new("L", (width, height), 140)
    return Image.merge("RGB", (red, green, blue))


def portrait_on_plain_background(width: int, height: int) -> Image.Image:
    """What a real pas foto looks like to the colour check: a wide plain light-grey background
    and a small skin-toned face, about 5 % of the picture."""
    image = Image.new("RGB", (width, height), (235, 235, 235))
    face = Image.new("RGB", (width // 4, height // 5), (224, 172, 140))
    image.paste(face, (width * 3 // 8, height // 4))
    return image


def image_bytes(image: Image.Image, image_format: str = "JPEG", **save_options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, image_format, **save_options)
    return buffer.getvalue()


def jpeg(width: int = 600, height: int = 800, *, picture: Callable = gradient) -> bytes:
    return image_bytes(picture(width, height), "JPEG", quality=90)


def png(width: int = 600, height: int = 800, *, picture: Callable = gradient) -> bytes:
    return image_bytes(picture(width, height), "PNG")


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    checksum = zlib.crc32(tag + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", checksum)


def png_bomb(width: int, height: int) -> bytes:
    """A valid 1-bit black PNG of any size, written chunk by chunk: 20000 × 20000 pixels is
    ~50 kB on disk and never exists decoded in the test's memory."""  # noqa: RUF002
    compressor = zlib.compressobj(9)
    row = bytes(1 + (width + 7) // 8)  # filter byte 0, then all-black pixels
    rows_per_block = 500
    data = []
    for start in range(0, height, rows_per_block):
        data.append(compressor.compress(row * min(rows_per_block, height - start)))
    data.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", b"".join(data))
        + _png_chunk(b"IEND", b"")
    )


def upload(content: bytes, name: str = "berkas.pdf", content_type: str = "") -> SimpleUploadedFile:
    """As Django hands a file to a view: the name and type are whatever the browser claimed."""
    return SimpleUploadedFile(name, content, content_type=content_type)
