"""Prints the current code of the demo TOTP key that `seed_demo` gives the demo accounts, for a
reviewer without an authenticator app. The key is published; no real account holds it."""

import time

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand

from composition.management.commands.seed_demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Cetak kode TOTP saat ini dari kunci demo (akun demo yang wajib verifikasi dua langkah)."

    def handle(self, *args, **options):
        now = int(time.time())
        period = app_settings.TOTP_PERIOD
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, now // period))
        left = period - now % period
        self.stdout.write(
            f"{code}  (berganti dalam {left} detik; masih diterima {period} detik sesudahnya)"
        )
