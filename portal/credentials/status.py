"""Revocation published as a W3C Bitstring Status List v1.0, one list per provider for all its
signed products (a new one when a list is full): a certificate and a Surat Keterangan Hasil of
the same provider take indexes from the same counter, so a verifier holding either fetches the
same list, and a list's length hides which kind of product it is asked about.

- Each product takes its index when it is issued (status_index_take, inside the issuing
  transaction): under a lock on the provider's first list row, so two issuers never take the
  same index; a rolled-back issuance gives its index back before anyone saw it, and a taken
  index is never given again (the product keeps it, the counter only grows).
- The bits are never stored: the list is built each time it is needed (status_list_jwt) from
  the revocation column of each kind of product that can be revoked, asked through the sources
  the owning apps register (status_revoked_source_register, in their AppConfig.ready; the
  kernel imports no feature app), so it cannot drift from the public check, which reads the
  same column. The signed list is cached under the list's revision, which a revocation bumps in
  its own transaction (status_list_changed).
"""

import base64
import gzip
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from portal.credentials.issuer import CONTEXT_VC, issuer_id, status_list_url
from portal.credentials.keys import provider_sign
from portal.models import Provider, StatusList

# The spec's minimum (16 KB): a list this long hides which certificate a verifier asks about.
LIST_LENGTH = 131_072
PURPOSE = "revocation"
CACHE_SECONDS = 24 * 3600

# The revoked indexes of one list, per kind of product that can be revoked: each a callable
# taking the list's id and answering its revoked indexes in one query.
RevokedSource = Callable[[int], Iterable[int]]
_revoked_sources: list[RevokedSource] = []


def status_revoked_source_register(source: RevokedSource) -> None:
    """Called by an app owning a revocable product, from its AppConfig.ready."""
    if source not in _revoked_sources:
        _revoked_sources.append(source)


def status_index_take(*, provider_id: int) -> tuple[StatusList, int]:
    """The next free index of the provider's current list (call inside the issuing
    transaction; the lock is held until it ends)."""
    try:
        with transaction.atomic():  # its own savepoint: two first issuances may race here
            StatusList.objects.get_or_create(provider_id=provider_id, ordinal=1)
    except IntegrityError:
        pass  # the other one made it; the lock below waits for it
    # The first list's row is the provider's allocation lock, whichever list is current: a
    # second issuer waits here, then sees the list (or the next one) as the first left it.
    StatusList.objects.select_for_update().get(provider_id=provider_id, ordinal=1)
    current = (
        StatusList.objects.select_for_update()
        .filter(provider_id=provider_id)
        .order_by("-ordinal")
        .first()
    )
    if current.allocated >= LIST_LENGTH:
        current = StatusList.objects.create(provider_id=provider_id, ordinal=current.ordinal + 1)
    index = current.allocated
    current.allocated += 1
    current.save(update_fields=["allocated"])
    return current, index


def bitstring_encode(revoked: list[int], length: int = LIST_LENGTH) -> str:
    """The spec's encodedList: the bitstring (index 0 is the first byte's highest bit), GZIP-
    compressed, as Multibase base64url without padding (the "u" prefix)."""
    bits = bytearray(length // 8)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    # mtime=0: the same revocations give the same bytes.
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def _cache_key(status_list: StatusList) -> str:
    return f"credentials:status-list:{status_list.pk}:{status_list.revision}"


def status_list_changed(*, status_list_id: int) -> None:
    """A revocation in the list (call in its transaction): from its commit on, the list is
    built anew. A request that built it from the data before the commit caches it under the
    old revision, which nobody asks for any more, so no stale list outlives the change."""
    StatusList.objects.filter(pk=status_list_id).update(revision=F("revision") + 1)


def status_lists_changed(*, provider_id: int) -> None:
    """A new key of the provider: every list of it is signed anew."""
    StatusList.objects.filter(provider_id=provider_id).update(revision=F("revision") + 1)


def status_list_jwt(*, provider: Provider, status_list: StatusList) -> str:
    """The BitstringStatusListCredential of the list, signed by the provider's key."""
    key = _cache_key(status_list)
    cached = cache.get(key)
    if cached is not None:
        return cached
    revoked = [index for source in _revoked_sources for index in source(status_list.pk)]
    url = status_list_url(provider, status_list.ordinal)
    now = timezone.now()
    issuer = issuer_id(provider)
    credential = {
        "@context": [CONTEXT_VC],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": now.isoformat(timespec="seconds"),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": bitstring_encode(revoked),
        },
    }
    claims = {**credential, "iss": issuer, "jti": url, "iat": int(now.timestamp())}
    signed = provider_sign(provider=provider, claims=claims)
    cache.set(key, signed, CACHE_SECONDS)
    return signed


def status_entry(*, provider: Provider, status_list: StatusList, index: int) -> dict:
    """The credentialStatus of a product's credential, at its index in the list."""
    url = status_list_url(provider, status_list.ordinal)
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": PURPOSE,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }
