"""Domain signals of complaints, for the apps that act on them (integrations sends the team's
answers back to SP4N-LAPOR!)."""

from django.dispatch import Signal

# The team's reply to the reporter was added (kwargs: complaint, message), inside the
# transaction that adds it, before any status change the reply causes.
complaint_reply_added = Signal()
