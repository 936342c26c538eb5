"""Deliver, in this process, every outbox message whose next attempt is due."""

from django.core.management.base import BaseCommand

from portal.mail import MailDeliveryError, outbound_email_deliver, outbound_email_due_ids


class Command(BaseCommand):
    help = "Kirim sekarang e-mail di kotak keluar yang masih menunggu."

    def handle(self, *args, **options):
        sent = failed = 0
        for email_id in outbound_email_due_ids():
            try:
                sent += outbound_email_deliver(email_id=email_id)
            except MailDeliveryError as exc:
                failed += 1
                self.stderr.write(f"E-mail {email_id}: {exc}")
        self.stdout.write(f"Terkirim: {sent}. Gagal (dicoba lagi nanti): {failed}.")
