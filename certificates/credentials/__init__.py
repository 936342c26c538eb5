"""Certificates as W3C Verifiable Credentials (Open Badges 3.0), secured as JOSE JWTs (VC-JOSE-
COSE, `typ: vc+jwt`, ES256 over P-256): the holder's credential (credential.py). The keys, the
provider's status lists and the public documents a verifier fetches are shared with the other
signed products and live in the kernel (portal.credentials)."""
