"""The events integrations records (portal.events collects EVENT_KINDS): an administrator's
hand on the delivery log and on a subscription. None is offered to webhooks
(integrations.catalogue offers only applications, certificates, complaints and cases)."""

from django.utils.translation import gettext_lazy as _

from integrations.constants import DEACTIVATED_EVENT, RESENT_EVENT, ROTATED_EVENT, DeliveryStatus
from integrations.models import Delivery, WebhookSubscription
from portal.events import EventKind

EVENT_KINDS = [
    EventKind(Delivery, RESENT_EVENT, _("Dikirim ulang: %(to)s"), states=DeliveryStatus),
    # The note counts the deliveries that were waiting and are not sent.
    EventKind(WebhookSubscription, DEACTIVATED_EVENT, _("Langganan dinonaktifkan")),
    EventKind(WebhookSubscription, ROTATED_EVENT, _("Kunci rahasia diganti")),
]
