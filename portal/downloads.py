"""The security headers of every file the portal hands out: a candidate's documents, complaint
attachments, signed certificates and result letters, report PDFs and table downloads.

A file is not a page. It keeps the portal's whole Content-Security-Policy (settings.SECURE_CSP)
and adds ``sandbox`` without any token, so a PDF, an image, or a file that pretends to be one,
opened straight from its link, runs no script, submits no form, opens no popup and is treated
as coming from no origin at all. Chromium's built-in PDF viewer still shows a sandboxed PDF,
framed or not (tests/browser/test_private_document_viewer.py). Only the private document view
may be framed, and only by our own pages (the verifier's page shows PDFs in an <iframe>)."""

from django.conf import settings
from django.http import HttpResponseBase
from django.utils.csp import CSP


def file_policy(*, framed_by_self: bool = False) -> dict:
    """The CSP of a file response: the site's policy, sandboxed; framed by our pages or none."""
    policy = {**settings.SECURE_CSP, "sandbox": True}
    if framed_by_self:
        policy["frame-ancestors"] = [CSP.SELF]
    return policy


def file_response_secure[R: HttpResponseBase](response: R, *, framed_by_self: bool = False) -> R:
    """Give a file response its headers (the CSP middleware reads ``_csp_config``, Django's own
    per-response override); the response is returned for a view's ``return``."""
    response._csp_config = file_policy(framed_by_self=framed_by_self)
    response["X-Content-Type-Options"] = "nosniff"
    return response
