"""The holder as named in a credential (Open Badges IdentityObject): the name in clear (the holder
hands the credential out, as the PDF), the NIP only salted and hashed, so a verifier told the NIP
can check it and nobody can read it from the file."""

import hashlib
import hmac

from django.conf import settings


def holder_identifiers(*, name: str, nip: str, product_id) -> list[dict]:
    """The name and the hashed NIP of the holder of the product whose public id is given. The
    salt is fixed per product (the credential is the same at every download) and not guessable
    without SECRET_KEY."""
    salt = hmac.new(
        settings.SECRET_KEY.encode(), f"nip-salt:{product_id}".encode(), "sha256"
    ).hexdigest()[:16]
    digest = hashlib.sha256(f"{nip}{salt}".encode()).hexdigest()
    return [
        {"type": "IdentityObject", "identityHash": name, "identityType": "name", "hashed": False},
        {
            "type": "IdentityObject",
            "identityHash": f"sha256${digest}",
            "identityType": "nationalIdentityNumber",
            "hashed": True,
            "salt": salt,
        },
    ]
