"""What every PDF the portal renders shares (certificates and result letters, the engine's
letters and products, the SPK and reports, the IP-ASN laporan, the exam card): WeasyPrint with
one font configuration per thread and a fetcher that reaches nothing but data URIs, and the QR
codes printed on them."""

import base64
import io
import threading

_rendering = threading.local()


def _font_config():
    """This thread's WeasyPrint font configuration, made once. A new one per document loads
    Fontconfig's configuration and every system font again, and the native memory it takes is
    not all given back: a worker rendering a thousand certificates grew by hundreds of MiB.
    One per thread, because Pango's font maps are not shared across threads."""
    from weasyprint.text.fonts import FontConfiguration

    if not hasattr(_rendering, "font_config"):
        _rendering.font_config = FontConfiguration()
    return _rendering.font_config


def _fetcher():
    """This thread's URL fetcher, made once. Only data URIs: a template can never reach the
    network or the disk, and a resource that cannot be read stops the rendering instead of
    leaving a hole in an official document. Made once because making one loads the system's
    certificate authorities for HTTPS (which it never uses): half of a certificate's rendering
    time."""
    from weasyprint.urls import URLFetcher

    if not hasattr(_rendering, "fetcher"):
        _rendering.fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return _rendering.fetcher


def _stylesheet(name: str):
    """The template `name` (a CSS file) parsed by WeasyPrint once per thread: a document of a
    thousand alike (the certificates of a batch) parses its style once, not a thousand times."""
    from django.template.loader import render_to_string
    from weasyprint import CSS

    sheets = _rendering.__dict__.setdefault("stylesheets", {})
    if name not in sheets:
        sheets[name] = CSS(
            string=render_to_string(name), url_fetcher=_fetcher(), font_config=_font_config()
        )
    return sheets[name]


def render_pdf(html: str, *, stylesheets: tuple[str, ...] = ()) -> bytes:
    """The HTML as a PDF; `stylesheets` are templates of CSS applied after the HTML's own
    (portal.pdf._stylesheet parses each once per thread)."""
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_fetcher()).write_pdf(
        stylesheets=[_stylesheet(name) for name in stylesheets], font_config=_font_config()
    )


# Pixels per QR module: 8 makes the certificate's 30 mm code a 305 dpi image (version 6, 45
# modules with the quiet zone), so a screen or a 300 dpi rendering scales it down, smoothing
# its edges as it smooths a vector's, never up (Poppler, for one, blurs an image it enlarges
# less than 4 times whatever the PDF asks); a printer gets sharp squares.
QR_MODULE_PIXELS = 8


def qr_data_uri(url: str) -> str:
    """The URL as a QR code for a PDF template: a greyscale PNG data URI, printed at the
    template's size with `image-rendering: pixelated` (the PDF asks viewers and printers not
    to smooth it). As an SVG path, WeasyPrint drew it one stroke per run of modules (about 800
    path commands parsed in Python): 9 ms of a certificate's CPU, against about 4 ms for this
    image. Greyscale because WeasyPrint converts a palette or 1-bit PNG to RGB first."""
    import segno
    from PIL import Image

    qr = segno.make(url, error="m")
    size = qr.symbol_size(scale=1, border=2)[0]
    dark, light = 0x11, 0xFF  # #111111 on white, as before
    pixels = bytes(
        dark if module else light for row in qr.matrix_iter(scale=1, border=2) for module in row
    )
    image = Image.frombytes("L", (size, size), pixels).resize(
        (size * QR_MODULE_PIXELS, size * QR_MODULE_PIXELS), Image.Resampling.NEAREST
    )
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)  # WeasyPrint compresses it again anyway
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
