"""Create the self-signed demo signing certificate (PKCS#12) that `make run` signs with, so
certificates are signed on a laptop without the official's real key."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.signing import DEMO_SUBJECT, demo_certificate_create


class Command(BaseCommand):
    help = (
        "Buat sertifikat penandatangan DEMO (PKCS#12, swa-tanda) di CERT_SIGNING_P12 bila belum "
        "ada. Hanya untuk DEBUG; di produksi gunakan kunci pejabat yang sebenarnya."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Buat juga walaupun DEBUG mati (mis. server uji coba).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG mati: sertifikat demo tidak dibuat. Di produksi, atur CERT_SIGNING_P12 dan "
                "CERT_SIGNING_PASSPHRASE dengan kunci pejabat penandatangan, atau pakai --force "
                "untuk server uji coba."
            )
        path = Path(settings.CERT_SIGNING_P12 or settings.CERT_SIGNING_DEMO_P12)
        passphrase = settings.CERT_SIGNING_PASSPHRASE or settings.CERT_SIGNING_DEMO_PASSPHRASE
        if path.exists():
            self.stdout.write(f"Sertifikat penandatangan sudah ada: {path}")
            return
        demo_certificate_create(path, passphrase)
        self.stdout.write(self.style.SUCCESS(f"Sertifikat demo “{DEMO_SUBJECT}” dibuat: {path}"))
        if not settings.CERT_SIGNING_P12:
            self.stdout.write(
                f"Atur CERT_SIGNING_P12={path} dan CERT_SIGNING_PASSPHRASE agar sertifikat ini "
                "dipakai untuk menandatangani."
            )
