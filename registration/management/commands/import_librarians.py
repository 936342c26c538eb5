"""Import the librarian registry from a CSV or XLSX export: `manage.py import_librarians FILE`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from registration.registry import RegistryFileError, registry_import, registry_rows_from_file


class Command(BaseCommand):
    help = (
        "Mengimpor registri pustakawan dari berkas CSV atau XLSX (kolom: nip, nama, instansi, "
        "unit_kerja, jenjang, golongan, email). Kolom email (opsional) adalah alamat resmi: "
        "tautan pendaftaran untuk NIP itu hanya dikirim ke sana. Satu baris ditolak berarti "
        "tidak ada yang disimpan."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Berkas .csv atau .xlsx")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Periksa dan laporkan tanpa menyimpan apa pun.",
        )

    def handle(self, *args, file: Path, dry_run: bool, **options) -> None:
        try:
            report = registry_import(rows=registry_rows_from_file(file), dry_run=dry_run)
        except RegistryFileError as exc:
            raise CommandError(str(exc)) from exc

        self.stdout.write(gettext("Dibuat: %(count)d") % {"count": report.created})
        self.stdout.write(gettext("Diperbarui: %(count)d") % {"count": report.updated})
        self.stdout.write(gettext("Tidak berubah: %(count)d") % {"count": report.unchanged})
        self.stdout.write(gettext("Ditolak: %(count)d") % {"count": len(report.rejected)})
        for rejected in report.rejected:
            self.stdout.write(
                self.style.ERROR(
                    gettext("Baris %(row)d (NIP %(nip)s): %(reason)s")
                    % {"row": rejected.row, "nip": rejected.nip or "-", "reason": rejected.reason}
                )
            )
        if report.rejected:
            # A non-zero exit, so a scheduled import or a script notices the file was refused.
            raise CommandError(
                gettext("Tidak ada yang disimpan: perbaiki baris yang ditolak lalu impor ulang.")
            )
        if dry_run:
            self.stdout.write(self.style.WARNING(gettext("Uji coba: tidak ada yang disimpan.")))
        else:
            self.stdout.write(self.style.SUCCESS(gettext("Berkas diimpor.")))
