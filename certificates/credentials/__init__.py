"""Certificates as W3C Verifiable Credentials (Open Badges 3.0), secured as JOSE JWTs (VC-JOSE-
COSE, `typ: vc+jwt`, ES256 over P-256), with revocation published per provider as a W3C
Bitstring Status List: keys (keys.py), the status lists (status.py), the holder's credential
(credential.py) and the public documents a verifier fetches (views.py)."""
