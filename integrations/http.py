"""One POST to another system, as the delivery engine needs it: no redirect followed (a 3xx is
a failure, never a silent GET elsewhere), no proxy from the environment, a short timeout, and
nothing of the answer kept but its status code.

Never into the portal's own network (SSRF): a receiver's address is checked when a subscription
is saved, and again when each delivery is sent, when the host name is resolved and every
address it resolves to must be public; the connection then goes to the address that was
checked, not to a second lookup (which a hostile DNS server could answer differently: DNS
rebinding). TLS still verifies the certificate against the host name.
PORTAL_WEBHOOK_ALLOW_PRIVATE (DEBUG, the tests: receivers on loopback) lifts the check."""

import http.client
import ipaddress
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# Names that only ever mean a machine inside: refused without asking DNS.
INTERNAL_SUFFIXES = (".localhost", ".local", ".localdomain", ".internal", ".intranet", ".lan")
INTERNAL_NAMES = frozenset({"localhost", "metadata", "metadata.google.internal"})
TIMEOUT_SECONDS = 10


class InternalAddress(Exception):
    """The receiver's host is, or resolves to, an address inside a private network."""


def address_internal(address: str) -> bool:
    """Whether an IP address is anything but a public unicast one: private, loopback,
    link-local (169.254.169.254, the clouds' metadata service), shared, reserved, multicast."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def _host_named_internal(host: str) -> bool:
    host = host.lower().rstrip(".")
    if host in INTERNAL_NAMES or host.endswith(INTERNAL_SUFFIXES):
        return True
    try:
        return address_internal(host)
    except ValueError:  # a name, not an address
        return False


def _internal_error(host: str) -> ValidationError:
    return ValidationError(
        _(
            "Alamat penerima %(host)s menunjuk ke jaringan internal (alamat privat, loopback, "
            "link-local, atau layanan metadata). Webhook hanya dikirim ke alamat publik."
        )
        % {"host": host},
        code="internal_address",
    )


def endpoint_url_check(url: str, *, resolve: bool = True) -> None:
    """An endpoint is https; plain http only to this machine, and only where
    PORTAL_WEBHOOK_ALLOW_HTTP_LOOPBACK allows it (DEBUG, the tests). Its host is public unless
    PORTAL_WEBHOOK_ALLOW_PRIVATE: not an internal name or address, and (with `resolve`) not
    resolving to one. A name that does not resolve today is let through here: the send
    resolves again and refuses then (integrations.http.post_json)."""
    parts = urlsplit(url)
    if not (
        (parts.scheme == "https" and parts.hostname)
        or (
            parts.scheme == "http"
            and parts.hostname in LOOPBACK_HOSTS
            and settings.PORTAL_WEBHOOK_ALLOW_HTTP_LOOPBACK
        )
    ):
        raise ValidationError(
            _("Alamat penerima harus memakai https:// (mis. https://contoh.go.id/webhook)."),
            code="https_required",
        )
    if settings.PORTAL_WEBHOOK_ALLOW_PRIVATE:
        return
    if _host_named_internal(parts.hostname):
        raise _internal_error(parts.hostname)
    if resolve:
        try:
            resolved_address(parts.hostname, _port(parts))
        except InternalAddress as exc:
            raise _internal_error(parts.hostname) from exc
        except OSError:
            return


def _port(parts) -> int:
    return parts.port or (443 if parts.scheme == "https" else 80)


def resolved_address(host: str, port: int) -> str:
    """The address to connect to: the first the host resolves to, after every one of them was
    found public (unless PORTAL_WEBHOOK_ALLOW_PRIVATE). OSError if the name does not resolve."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise OSError(f"{host} resolves to nothing")
    if not settings.PORTAL_WEBHOOK_ALLOW_PRIVATE:
        internal = [address for address in addresses if address_internal(address)]
        if internal:
            raise InternalAddress(f"{host} resolves to internal address {internal[0]}")
    return addresses[0]


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


def _pinned(connection_class, address: str):
    """A connection class for urllib whose socket goes to `address`, whatever the host name
    (kept for the Host header, TLS's SNI and the certificate check) resolves to by then."""

    def make(host, **kwargs):
        connection = connection_class(host, **kwargs)

        def create_connection(target, *args, **options):
            return socket.create_connection((address, target[1]), *args, **options)

        connection._create_connection = create_connection
        return connection

    return make


def _opener(address: str) -> urllib.request.OpenerDirector:
    class PinnedHTTP(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(_pinned(http.client.HTTPConnection, address), req)

    class PinnedHTTPS(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(
                _pinned(http.client.HTTPSConnection, address), req, context=self._context
            )

    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}), _NoRedirect(), PinnedHTTP(), PinnedHTTPS()
    )


def post_json(*, url: str, body: bytes, headers: dict[str, str]) -> PostResult:
    # The URL was checked (endpoint_url_check): https, or http to loopback where allowed.
    parts = urlsplit(url)
    try:
        address = resolved_address(parts.hostname or "", _port(parts))
    except InternalAddress as exc:
        return PostResult(None, f"Ditolak (alamat internal): {exc}"[:500])
    except (OSError, UnicodeError) as exc:
        return PostResult(None, f"{type(exc).__name__}: {exc}"[:500])
    request = urllib.request.Request(  # noqa: S310
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "User-Agent": "portal-webhooks/1", **headers},
    )
    try:
        with _opener(address).open(request, timeout=TIMEOUT_SECONDS) as response:
            return PostResult(response.status)
    except urllib.error.HTTPError as exc:
        return PostResult(exc.code, f"HTTP {exc.code}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return PostResult(None, f"{type(exc).__name__}: {reason}"[:500])
