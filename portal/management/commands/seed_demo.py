"""Demo data for `make run`: the synthetic registry, one account per role, and their passwords."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from portal.constants import Role

DEMO_REGISTRY = Path(settings.BASE_DIR) / "data" / "demo" / "pustakawan.csv"

# username, role (None: candidate), NIP for candidates
DEMO_ACCOUNTS = [
    ("admin", Role.ADMINISTRATOR, None),
    ("verifikator", Role.VERIFIER, None),
    ("penjadwal", Role.SCHEDULER, None),
    ("asesor", Role.ASSESSOR, None),
    ("bkpsdm", Role.BKPSDM_OFFICER, None),
    ("petugas-sertifikat", Role.CERTIFICATE_OFFICER, None),
    ("penandatangan", Role.SIGNING_OFFICIAL, None),
    ("pengaduan", Role.COMPLAINT_HANDLER, None),
    ("199001152014031002", None, "199001152014031002"),
]
# A registry NIP left unregistered, for trying the registration flow.
TRY_NIP = "19860926 201505 2 001"


class Command(BaseCommand):
    help = "Isi data demo: registri pustakawan sintetis dan satu akun per peran."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Jalankan juga saat DEBUG mati (jangan di produksi).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Data demo hanya untuk mode pengembangan (DEBUG=true): "
                "kata sandinya diketahui umum."
            )
        call_command("import_librarians", str(DEMO_REGISTRY), stdout=self.stdout)
        User = get_user_model()
        rows = []
        for username, role, nip in DEMO_ACCOUNTS:
            password = f"demo-{username}-2026"
            user, _ = User.objects.get_or_create(username=username, defaults={"nip": nip})
            user.email = f"{username}@demo.portal.test"
            user.must_change_password = False
            user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
            if nip:
                user.first_name = "Budi Santoso, S.Sos., M.Hum."
            user.set_password(password)
            user.save()
            if role:
                user.groups.set([Group.objects.get(name=role.value)])
            rows.append((str(role.label) if role else "Peserta (kandidat)", username, password))

        self.stdout.write("\nAkun demo (kata sandi hanya untuk demo):")
        width = max(len(label) for label, _, _ in rows)
        for label, username, password in rows:
            self.stdout.write(f"  {label:<{width}}  {username:<20}  {password}")
        transport = settings.MAILERS["transport"]["OPTIONS"]
        mail = (
            f"ditulis sebagai berkas di {transport['file_path']}/"
            if "file_path" in transport
            else f"dikirim lewat SMTP {transport['host']}:{transport['port']}"
        )
        self.stdout.write(
            f"\nCoba alur pendaftaran dengan NIP {TRY_NIP} (ada di registri, belum terdaftar)."
            f"\nE-mail keluar {mail}"
            f"\nPortal: {settings.PORTAL_BASE_URL}/\n"
        )
