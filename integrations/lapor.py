"""The SP4N-LAPOR! connector: a complaint that came from LAPOR! (channel "lapor", with its
LAPOR! number in external_reference) gets its status changes and the team's answers sent back,
through the same durable, retried, ordered deliveries as the webhooks (integrations.delivery).

The endpoint and its token are settings (PORTAL_LAPOR_URL, PORTAL_LAPOR_TOKEN or
PORTAL_LAPOR_TOKEN_FILE): the portal holds one LAPOR! account. Empty URL: nothing is sent.

The contract the endpoint keeps: POST of a JSON object, with `Authorization: Bearer <token>`
and `Idempotency-Key: <id>` (the same on every retry of one message);
  {"id": "<uuid>", "type": "status", "occurred_at": "<ISO 8601>", "lapor_id": "<nomor>",
   "from_state": "...", "to_state": "...", "note": "<kata tim untuk pelapor>"}
  {"id": "<uuid>", "type": "answer", "occurred_at": "...", "lapor_id": "...",
   "message": "<jawaban tim>"}
Any 2xx means accepted; anything else (or no answer) is tried again later, with backoff, and
the next message of that complaint waits for it.
"""

from typing import Protocol

from django.conf import settings

from integrations.http import PostResult, post_json


class LaporConnector(Protocol):
    def send_status(self, *, message_id: str, body: bytes) -> PostResult: ...

    def send_answer(self, *, message_id: str, body: bytes) -> PostResult: ...


class HttpLaporConnector:
    """LAPOR!'s HTTP endpoint, one URL for both kinds of message (the body's `type` says)."""

    def __init__(self, *, url: str, token: str):
        self.url = url
        self.token = token

    def _post(self, *, message_id: str, body: bytes) -> PostResult:
        return post_json(
            url=self.url,
            body=body,
            headers={"Authorization": f"Bearer {self.token}", "Idempotency-Key": message_id},
        )

    def send_status(self, *, message_id: str, body: bytes) -> PostResult:
        return self._post(message_id=message_id, body=body)

    def send_answer(self, *, message_id: str, body: bytes) -> PostResult:
        return self._post(message_id=message_id, body=body)


def lapor_enabled() -> bool:
    return bool(settings.PORTAL_LAPOR_URL)


def lapor_connector() -> LaporConnector:
    return HttpLaporConnector(url=settings.PORTAL_LAPOR_URL, token=settings.PORTAL_LAPOR_TOKEN)
