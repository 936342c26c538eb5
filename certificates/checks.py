"""System checks of the certificates app (`manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks


def credential_key_secret(app_configs, **kwargs) -> list:
    """In production the credential keys and the webhook secrets (portal.encryption) need a
    secret of their own: derived from SECRET_KEY, a rotation of SECRET_KEY would leave every
    provider's stored key and webhook secret unreadable."""
    if settings.CREDENTIAL_KEY_SECRET:
        return []
    return [
        checks.Error(
            "CREDENTIAL_KEY_SECRET is not set: the providers' credential signing keys and "
            "webhook secrets are encrypted under a secret derived from SECRET_KEY.",
            hint="Set CREDENTIAL_KEY_SECRET (or CREDENTIAL_KEY_SECRET_FILE) to a random value "
            "of at least 32 characters, the same on every web and worker machine, before the "
            "first credential is signed.",
            id="certificates.E001",
        )
    ]


def register() -> None:
    checks.register(credential_key_secret, checks.Tags.security, deploy=True)
