"""Nobody validates, signs or otherwise moves the certificate of a candidate they conflict with
(registration.conflicts): not in their queue, 403 with the reason by URL, refused with the
reason in a batch and in the services; the candidate's own steps stay theirs."""

import pytest
from django.urls import reverse

from certificates import services
from certificates.constants import CertificateStatus as C
from certificates.models import Certificate
from registration import services as registration
from registration.constants import Relationship

pytestmark = pytest.mark.django_db

QUEUE = "/sertifikat/staf/"
BATCH = "/sertifikat/staf/proses/"


def declare_relative(staff, candidate):
    registration.staff_declaration_save(
        user=staff,
        actor=staff,
        nip="",
        work_unit="",
        institution="",
        relatives=[
            registration.RelativeInput(nip=candidate.nip, relationship=Relationship.SIBLING)
        ],
    )
    return type(staff).objects.get(pk=staff.pk)


@pytest.fixture
def pair(make_certificate, certificate_officer):
    relative, other = make_certificate(), make_certificate()
    declare_relative(certificate_officer, relative.application.candidate)
    return relative, other


def test_the_queue_leaves_out_a_relatives_certificate(client, certificate_officer, pair):
    _relative, other = pair
    client.force_login(certificate_officer)
    response = client.get(QUEUE, {"tahap": C.DATA_CHECK})
    assert [c.pk for c in response.context["page"]] == [other.pk]


def test_the_tab_counts_agree_with_the_list(client, certificate_officer, pair):
    _relative, _other = pair
    client.force_login(certificate_officer)
    response = client.get(QUEUE, {"tahap": C.DATA_CHECK})
    tabs = {stage: count for stage, _label, count in response.context["tabs"]}
    assert tabs[C.DATA_CHECK] == len(response.context["page"].object_list) == 1


def test_the_staff_home_counts_leave_it_out_too(client, certificate_officer, pair):
    client.force_login(certificate_officer)
    response = client.get(reverse("staff_home"))
    stages = {
        stage: waiting for stage, _label, waiting, _o in response.context["certificate_stages"]
    }
    assert stages[C.DATA_CHECK] == 1


def test_the_detail_by_url_refuses_with_the_reason(client, certificate_officer, pair):
    relative, _other = pair
    client.force_login(certificate_officer)
    response = client.get(reverse("certificates_detail", args=[relative.public_id]))
    assert response.status_code == 403
    assert "kerabat yang dinyatakan (saudara kandung)" in response.content.decode()


def test_a_batch_refuses_the_relatives_and_validates_the_rest(client, certificate_officer, pair):
    relative, other = pair
    client.force_login(certificate_officer)
    response = client.post(
        BATCH,
        {"action": "validasi", "pilih": [relative.public_id, other.public_id]},
        follow=True,
    )
    statuses = dict(Certificate.objects.values_list("pk", "status"))
    assert statuses == {relative.pk: C.DATA_CHECK, other.pk: C.ISSUANCE}
    notes = [str(m) for m in response.context["messages"]]
    assert any("Konflik kepentingan: kerabat yang dinyatakan" in note for note in notes)


def test_the_services_refuse_validation_and_data_edits(certificate_officer, pair):
    relative, _other = pair
    officer = type(certificate_officer).objects.get(pk=certificate_officer.pk)
    result = services.certificate_validate(certificates=[relative], actor=officer)
    assert not result.done
    ((_certificate, message),) = result.refused
    assert "Konflik kepentingan: kerabat yang dinyatakan" in message
    with pytest.raises(Exception, match="Konflik kepentingan"):
        services.certificate_data_update(
            certificate=relative, actor=officer, data={"name": "Nama Lain"}
        )


def test_the_signing_official_does_not_sign_a_relatives_certificate(
    make_certificate, signing_official
):
    certificate = make_certificate(status=C.SIGNING)
    official = declare_relative(signing_official, certificate.application.candidate)
    result = services.certificate_sign(certificates=[certificate], actor=official)
    ((_certificate, message),) = result.refused
    assert "Konflik kepentingan" in message
    certificate.refresh_from_db()
    assert certificate.status == C.SIGNING
