"""Answered complaints get the closing due date new answers get (workflow.CLOSING_WORKING_DAYS
working days after the answer): counted from the WIB day they were last marked answered (their
latest status event), or from their last change when no event says so."""

from django.db import migrations
from django.utils import timezone

CLOSING_WORKING_DAYS = 10  # complaints.workflow.CLOSING_WORKING_DAYS when this was written


def fill(apps, schema_editor):
    # The portal's working-day calendar (national holidays and the local closures) as it is.
    from portal.calendar import add_working_days

    Complaint = apps.get_model("complaints", "Complaint")
    Event = apps.get_model("portal", "Event")
    ContentType = apps.get_model("contenttypes", "ContentType")
    answered = Complaint.objects.filter(status="answered", due_date__isnull=True)
    if not answered.exists():
        return
    kind = ContentType.objects.filter(app_label="complaints", model="complaint").first()
    for complaint in answered.iterator():
        event = None
        if kind is not None:
            event = (
                Event.objects.filter(
                    content_type=kind, object_id=complaint.pk, kind="status", to_state="answered"
                )
                .order_by("-created_at", "-pk")
                .first()
            )
        moment = event.created_at if event is not None else complaint.updated_at
        complaint.due_date = add_working_days(
            timezone.localdate(moment, timezone.get_default_timezone()), CLOSING_WORKING_DAYS
        )
        complaint.save(update_fields=["due_date"])


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0004_intake_token_provider"),
        ("portal", "0033_ipasn_roles_and_steps"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
