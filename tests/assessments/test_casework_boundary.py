"""An institution of seed 004 is not a Perangkat Daerah of seed 002's engine: its operator gets
403 on the engine's proposal pages, while a Perangkat Daerah's operator keeps them."""

import pytest
from django.urls import reverse

from casework.models import Institution
from portal.models import Service

pytestmark = pytest.mark.django_db


def test_a_lan_institutions_operator_is_refused_the_proposal_pages(client, institution_operator):
    client.force_login(institution_operator)
    assert client.get(reverse("casework_proposals")).status_code == 403


def test_a_perangkat_daerahs_operator_keeps_them(client, make_user):
    bkpsdm = Service.objects.get(slug="sertifikasi-profesi-pns").provider
    institution = Institution.objects.create(provider=bkpsdm, name="Dinas Kesehatan")
    operator = make_user("operator-dinkes")
    institution.operators.add(operator)
    client.force_login(operator)
    assert client.get(reverse("casework_proposals")).status_code == 200
