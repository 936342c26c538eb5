"""Rotate a provider's credential signing key: the old key stays published in its JWKS (the
credentials it signed still verify), the new one signs from now on."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.credentials.keys import credential_key_rotate
from portal.credentials.status import status_lists_changed
from portal.models import Provider


class Command(BaseCommand):
    help = "Ganti kunci penanda tangan kredensial digital penyelenggara (kunci lama tetap terbit)."

    def add_arguments(self, parser):
        parser.add_argument("provider", help="slug penyelenggara")

    def handle(self, *args, provider: str, **options):
        found = Provider.objects.filter(slug=provider).first()
        if found is None:
            raise CommandError(f"Penyelenggara {provider!r} tidak ada.")
        with transaction.atomic():
            key = credential_key_rotate(provider=found)
            status_lists_changed(provider_id=found.pk)
        self.stdout.write(f"Kunci baru {key.kid} untuk {found.slug}.")
