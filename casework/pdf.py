"""What the engine's PDFs share (the decision letter, casework.letters; the Surat Keterangan
Hasil, casework.products): WeasyPrint with one font configuration per thread (certificates.
documents says why: a new one per document loads every system font again and leaks native
memory) and a fetcher that reaches nothing but data URIs; whether a PDF is stored; the signer's
name; and when an unstored PDF counts as lost, for the re-drives in casework.tasks."""

import threading
from datetime import timedelta

from portal.roles import person_label

# A PDF still missing this long was lost (worker killed, broker down, no signing key yet).
STALE_AFTER = timedelta(minutes=10)
# At most this many lost PDFs are queued again per re-drive.
REDRIVE_BATCH = 500

_rendering = threading.local()


def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    if not hasattr(_rendering, "font_config"):
        _rendering.font_config = FontConfiguration()
    return _rendering.font_config


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Only data URIs: a template never reaches the network or the disk.
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return HTML(string=html, url_fetcher=fetcher).write_pdf(font_config=_font_config())


def pdf_stored(field_file) -> bool:
    return bool(field_file) and field_file.storage.exists(field_file.name)


def signer_name(user) -> str:
    """The name printed and signed under: the profile's name with titles where there is one,
    else the account's name (portal.roles.person_label); "" for nobody."""
    if user is None:
        return ""
    profile = getattr(user, "profile", None)
    return getattr(profile, "full_name", "") or person_label(user)
