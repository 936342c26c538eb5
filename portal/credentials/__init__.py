"""What every signed product of a provider shares as a W3C Verifiable Credential: the provider's
signing keys and the compact JWS they sign (keys.py), its issuer profile and public addresses
(issuer.py), its revocation lists (status.py) and the public documents a verifier fetches
(views.py). The credentials themselves are made by the apps that own the products
(certificates.credentials for certificates, casework.credentials for the engine's issued
documents): the kernel imports neither."""
