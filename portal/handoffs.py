"""Stage hand-offs: how a later stage refuses what an earlier stage's domain signal asks of it.

A stage that must start something in a later stage sends a domain signal inside its transaction
(scheduling.signals.result_published: certificates opens the certificate; pretix's order_paid,
Signalen's update_status) and never imports the later app, which connects its receivers in its
AppConfig.ready(). Signals are sent with Signal.send, so a receiver's exception reaches the
sender: a receiver that cannot do its part raises HandOffRefused with the reason in the user's
words, the sender refuses its own action with that reason, and the whole transaction rolls back.
"""


class HandOffRefused(Exception):
    """A later stage refused what a domain signal asked of it; `message` says why (Indonesian)."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))
