"""The administrator keeps the list of revision reasons; reviews are records, read-only."""

import pytest
from django.urls import reverse

from registration.constants import Verdict
from tests.factories import DocumentFactory
from verification.models import DocumentReview, RevisionReason

pytestmark = pytest.mark.django_db


def test_administrator_edits_order_and_activity_of_reasons_in_the_list(client, administrator):
    client.force_login(administrator)

    page = client.get(reverse("admin:verification_revisionreason_changelist"))

    assert page.status_code == 200
    assert RevisionReason.objects.count() == 7  # seeded by the data migration
    assert 'name="form-0-order"' in page.content.decode()
    assert 'name="form-0-is_active"' in page.content.decode()


def test_document_reviews_are_shown_but_cannot_be_added_changed_or_deleted(
    client, administrator, verifier
):
    review = DocumentReview.objects.create(
        document=DocumentFactory(), verdict=Verdict.VALID, reviewer=verifier
    )
    client.force_login(administrator)

    assert client.get(reverse("admin:verification_documentreview_changelist")).status_code == 200
    change_url = reverse("admin:verification_documentreview_change", args=[review.pk])
    assert client.get(change_url).status_code == 200  # viewable
    assert client.post(change_url, {"note": "diubah"}).status_code == 403
    assert client.get(reverse("admin:verification_documentreview_add")).status_code == 403
    delete_url = reverse("admin:verification_documentreview_delete", args=[review.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert DocumentReview.objects.get().note == ""
