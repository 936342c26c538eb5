"""Each provider's signing keys for its credentials, and the compact JWS they sign.

One active P-256 key per provider (the partial unique constraint on CredentialKey), made on
first need so no key is ever committed or shipped; `manage.py credential_key_rotate` retires it
and makes the next. Retired keys stay in the provider's JWKS so that credentials they signed
still verify. The private key is stored encrypted (PKCS#8) under CREDENTIAL_KEY_SECRET and is
only decrypted here to sign.

The JWS is written with `cryptography` alone (a compact JWS is three base64url parts); the tests
verify it with an independent JOSE library (joserfc), so a mistake here cannot hide behind the
same library on both sides."""

import base64
import hashlib
import json
from functools import lru_cache

from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.credentials.issuer import verification_method_id
from portal.encryption import at_rest_passphrase
from portal.models import CredentialKey, Provider

# ES256 (ECDSA P-256, SHA-256): the algorithm every JOSE library verifies. EdDSA was the other
# candidate, but RFC 9864 deprecates that name in favour of "Ed25519", which verifiers are only
# starting to know: an offline verifier should not need the newest library.
ALGORITHM = "ES256"
MEDIA_TYPE = "application/vc+jwt"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _secret() -> bytes:
    """The passphrase of the stored private keys, shared with the other secrets kept at rest
    (portal.encryption); `check --deploy` asks for CREDENTIAL_KEY_SECRET in production."""
    return at_rest_passphrase()


def _public_jwk(public_key) -> dict:
    numbers = public_key.public_numbers()
    return {
        "kty": "EC",
        "crv": "P-256",
        "x": b64url(numbers.x.to_bytes(32, "big")),
        "y": b64url(numbers.y.to_bytes(32, "big")),
    }


def jwk_thumbprint(jwk: dict) -> str:
    """RFC 7638: SHA-256 of the required members, sorted, without white space."""
    required = {name: jwk[name] for name in ("crv", "kty", "x", "y")}
    canonical = json.dumps(required, separators=(",", ":"), sort_keys=True).encode()
    return b64url(hashlib.sha256(canonical).digest())


def _key_new(provider: Provider) -> CredentialKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    private_key = ec.generate_private_key(ec.SECP256R1())
    jwk = _public_jwk(private_key.public_key())
    kid = jwk_thumbprint(jwk)
    pem = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(_secret()),
    )
    return CredentialKey.objects.create(
        provider=provider,
        kid=kid,
        public_jwk={**jwk, "kid": kid, "alg": ALGORITHM, "use": "sig"},
        private_key_pem=pem.decode("ascii"),
    )


def credential_key_active(*, provider: Provider) -> CredentialKey:
    """The provider's active key, made the first time it is needed. Two first signers race on
    the constraint: the loser reads the winner's key."""
    key = CredentialKey.objects.filter(provider=provider, retired_at__isnull=True).first()
    if key is not None:
        return key
    try:
        with transaction.atomic():
            return _key_new(provider)
    except IntegrityError:
        return CredentialKey.objects.get(provider=provider, retired_at__isnull=True)


def credential_key_rotate(*, provider: Provider) -> CredentialKey:
    """Retire the provider's active key (it stays published) and make the next one."""
    with transaction.atomic():
        Provider.objects.select_for_update().get(pk=provider.pk)
        CredentialKey.objects.filter(provider=provider, retired_at__isnull=True).update(
            retired_at=timezone.now()
        )
        return _key_new(provider)


def provider_keys(*, provider: Provider) -> list[CredentialKey]:
    """Every key the provider ever signed with, retired ones included, oldest first."""
    return list(CredentialKey.objects.filter(provider=provider).order_by("created_at"))


def provider_jwks(*, provider: Provider) -> dict:
    """Every key the provider ever signed with, retired ones included (RFC 7517 JWK Set). Each
    key twice: named by its verification method in the DID document (the `kid` the JWTs carry
    now) and by its bare thumbprint (the `kid` of those signed before the DID existed), so a
    verifier looking a key up by `kid` finds it either way."""
    keys = provider_keys(provider=provider)
    return {
        "keys": [
            {**key.public_jwk, "kid": verification_method_id(provider, key.kid)} for key in keys
        ]
        + [key.public_jwk for key in keys]
    }


def provider_did_document(*, provider: Provider, did: str) -> dict:
    """The provider's DID document: every key it ever signed with as a JsonWebKey verification
    method (W3C Controlled Identifiers 1.0, in the DID 1.1 context), all of them assertion
    methods, retired ones included, so that what they signed still verifies."""
    methods = [
        {
            "id": verification_method_id(provider, key.kid),
            "type": "JsonWebKey",
            "controller": did,
            "publicKeyJwk": {
                name: key.public_jwk[name] for name in ("kty", "crv", "x", "y", "alg")
            },
        }
        for key in provider_keys(provider=provider)
    ]
    return {
        "@context": ["https://www.w3.org/ns/did/v1.1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


@lru_cache(maxsize=64)
def _private_key(kid: str, pem: str, secret: bytes):
    from cryptography.hazmat.primitives import serialization

    return serialization.load_pem_private_key(pem.encode("ascii"), password=secret)


def jws_sign(*, key: CredentialKey, kid: str, claims: dict, typ: str = "vc+jwt") -> str:
    """The compact JWS (a JWT) of the claims, signed with the key; `kid` names the key (its
    verification method in the issuer's DID document, also in its JWKS), `cty: vc` says the
    claims are a credential (VC-JOSE-COSE)."""
    header = {"alg": ALGORITHM, "kid": kid, "typ": typ, "cty": "vc"}
    signing_input = ".".join(
        b64url(json.dumps(part, separators=(",", ":"), ensure_ascii=False).encode())
        for part in (header, claims)
    )
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    private_key = _private_key(key.kid, key.private_key_pem, _secret())
    der = private_key.sign(signing_input.encode("ascii"), ec.ECDSA(hashes.SHA256()))
    # JWS wants r and s as two 32-byte big-endian integers (RFC 7518 3.4), not DER.
    r, s = decode_dss_signature(der)
    signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return f"{signing_input}.{b64url(signature)}"


def credential_sign(*, provider: Provider, document: dict, issued_at) -> str:
    """A credential (its unsecured JSON) as a vc+jwt signed with the provider's active key: the
    JWT's own claims repeat the issuer, the id and the time of issue (VC-JOSE-COSE)."""
    claims = {
        **document,
        "iss": document["issuer"]["id"],
        "jti": document["id"],
        "iat": int(issued_at.timestamp()),
    }
    return provider_sign(provider=provider, claims=claims)


def provider_sign(*, provider: Provider, claims: dict) -> str:
    """The claims as a vc+jwt signed with the provider's active key, named by its DID URL."""
    key = credential_key_active(provider=provider)
    return jws_sign(key=key, kid=verification_method_id(provider, key.kid), claims=claims)
