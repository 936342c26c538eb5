"""One POST to another system, as the delivery engine needs it: no redirect followed (a 3xx is
a failure, never a silent GET elsewhere), no proxy from the environment, a short timeout, and
nothing of the answer kept but its status code."""

import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
TIMEOUT_SECONDS = 10


def endpoint_url_check(url: str) -> None:
    """An endpoint is https; plain http only to this machine, and only where
    PORTAL_WEBHOOK_ALLOW_HTTP_LOOPBACK allows it (DEBUG, the tests)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if (
        parts.scheme == "http"
        and parts.hostname in LOOPBACK_HOSTS
        and settings.PORTAL_WEBHOOK_ALLOW_HTTP_LOOPBACK
    ):
        return
    raise ValidationError(
        _("Alamat penerima harus memakai https:// (mis. https://contoh.go.id/webhook)."),
        code="https_required",
    )


@dataclass(frozen=True)
class PostResult:
    status_code: int | None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def post_json(*, url: str, body: bytes, headers: dict[str, str]) -> PostResult:
    # The URL was checked (endpoint_url_check): https, or http to loopback where allowed.
    request = urllib.request.Request(  # noqa: S310
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "User-Agent": "portal-webhooks/1", **headers},
    )
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return PostResult(response.status)
    except urllib.error.HTTPError as exc:
        return PostResult(exc.code, f"HTTP {exc.code}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return PostResult(None, f"{type(exc).__name__}: {reason}"[:500])
