"""An operator proposes only for the institutions they operate and their provider's
institution services: refused otherwise, no proposal made. Apart from tests/casework/
test_intake_access.py, whose module data holds a sent proposal."""

import pytest
from django.urls import reverse

from casework.models import Proposal

pytestmark = pytest.mark.django_db


def test_a_proposal_only_for_the_institutions_providers_institution_services(
    client, operator, institution
):
    from portal.models import Service

    librarian_exam = Service.objects.get(slug="uji-kompetensi-pustakawan")
    client.force_login(operator)
    response = client.post(
        reverse("casework_proposal_create"),
        {"institution": institution.pk, "service": librarian_exam.pk},
        follow=True,
    )
    assert "tidak dapat mengusulkan pegawai untuk layanan ini" in response.text
    assert not Proposal.objects.exists()


def test_an_operator_may_not_propose_for_an_institution_they_do_not_operate(
    client, other_operator, institution, certification
):
    client.force_login(other_operator)
    client.post(
        reverse("casework_proposal_create"),
        {"institution": institution.pk, "service": certification.pk},
    )
    assert not Proposal.objects.exists()
