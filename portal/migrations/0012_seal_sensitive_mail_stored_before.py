"""Mail stored before the outbox sealed every message that carries a secret or a reporter's
words (portal.mail.SENSITIVE_HEADER) is sealed now as well: marked sensitive, so the admin shows
neither subject nor recipients, and erased like a delivered sensitive message when it was
delivered. Such mail is recognised by what it carries: a complaint's tracking code (the
reporter's mails and the team's digest), a password-reset or e-mail confirmation link, or
allauth's subject prefix (every allauth mail is sensitive: registration.adapters). Sensitive
mail delivered before (the initial credentials) loses its subject and recipients too.

Self-contained on purpose: a migration must not follow later changes of the code."""

import re

from django.conf import settings
from django.db import migrations, models
from django.db.models import Q

# complaints.tracking: ADU-XXXX-XXXX over digits and capitals without 0/O, 1/I/L, U.
TRACKING_CODE = re.compile(r"\bADU-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}\b")
SECRET_LINKS = ("/password/reset/key/", "/confirm-email/")
# portal.mail.SENSITIVE_ERASED as this migration was written.
ERASED = {
    "subject": "[subjek dihapus setelah terkirim]",
    "body": "[isi dihapus setelah terkirim]",
    "alternatives": [],
    "attachments": [],
    "headers": {},
    "to": [],
    "cc": [],
    "bcc": [],
    "reply_to": [],
}
SENT = "sent"


def _carries_a_secret(email, prefix: str | None) -> bool:
    if TRACKING_CODE.search(email.subject) or TRACKING_CODE.search(email.body):
        return True
    if any(link in email.body for link in SECRET_LINKS):
        return True
    return bool(prefix) and email.subject.startswith(prefix)


def seal(apps, schema_editor):
    OutboundEmail = apps.get_model("portal", "OutboundEmail")
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", None)
    candidates = Q(subject__contains="ADU-") | Q(body__contains="ADU-")
    for link in SECRET_LINKS:
        candidates |= Q(body__contains=link)
    if prefix:
        candidates |= Q(subject__startswith=prefix)
    found = [
        email.pk
        for email in OutboundEmail.objects.filter(candidates, sensitive=False)
        .only("pk", "subject", "body")
        .iterator()
        if _carries_a_secret(email, prefix)
    ]
    for start in range(0, len(found), 500):
        OutboundEmail.objects.filter(pk__in=found[start : start + 500]).update(sensitive=True)
    OutboundEmail.objects.filter(sensitive=True, status=SENT).update(**ERASED)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0011_service_standards"),
    ]

    operations = [
        migrations.AlterField(
            model_name="outboundemail",
            name="sensitive",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Subjek, penerima, dan isinya tidak ditampilkan di sini dan dihapus setelah "
                    "terkirim (mis. kata sandi awal, tautan atur ulang kata sandi, kode "
                    "pelacakan pengaduan)."
                ),
                verbose_name="berisi rahasia",
            ),
        ),
        migrations.RunPython(seal, migrations.RunPython.noop),
    ]
