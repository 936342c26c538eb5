"""The integrations' receivers of the domain signals (connected in IntegrationsConfig.ready)."""

from django.dispatch import receiver

from complaints.signals import complaint_reply_added
from integrations.services import deliveries_for_event, lapor_answer_record
from portal.events import event_recorded


@receiver(event_recorded, dispatch_uid="integrations-event-recorded")
def _event_recorded(sender, *, event, subject, **kwargs):
    deliveries_for_event(event=event, subject=subject)


@receiver(complaint_reply_added, dispatch_uid="integrations-complaint-reply")
def _complaint_reply_added(sender, *, complaint, message, **kwargs):
    lapor_answer_record(complaint=complaint, message=message)
