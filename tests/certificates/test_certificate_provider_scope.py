"""Certificate staff work only the certificates of the providers where they hold the role of the
stage: queues, counts, batches and pages leave out another provider's certificates (404, as if
they did not exist), the services refuse acting on them, and a person holding roles at two
providers works each stage at the providers where they hold its role."""

import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from certificates import workflow
from certificates.constants import CertificateStatus as C
from certificates.constants import FileState
from certificates.exceptions import CertificateError
from certificates.models import Certificate
from certificates.services import (
    certificate_data_update,
    certificate_deliver,
    certificate_dispose,
    certificate_open,
    certificate_revoke,
    certificate_ship,
    certificate_sign,
    certificate_validate,
)
from portal.constants import Role
from portal.models import StaffRole
from registration.constants import ApplicationStatus
from tests.certificates.test_certificate_staff_views import QUEUE_QUERY_BUDGET
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

QUEUE = "/sertifikat/staf/"
BATCH = "/sertifikat/staf/proses/"


@pytest.fixture
def theirs(other_provider_service):
    return other_provider_service


@pytest.fixture
def make_theirs(make_certificate, theirs):
    """A certificate of provider B at `status`."""

    def make(status=C.DATA_CHECK, **fields) -> Certificate:
        application = ApplicationFactory(status=ApplicationStatus.PASSED, service=theirs)
        return make_certificate(application=application, status=status, **fields)

    return make


@pytest.fixture
def every_role_here(make_user):
    """Staff of provider A (Perpusnas) holding every certificate role there."""
    return make_user(
        "semua-peran-a",
        Role.CERTIFICATE_OFFICER,
        Role.BKPSDM_OFFICER,
        Role.SIGNING_OFFICIAL,
        Role.ADMINISTRATOR,
    )


def with_pdf(certificate: Certificate) -> Certificate:
    certificate.pdf.save("sertifikat.pdf", ContentFile(b"%PDF-1.7"), save=False)
    certificate.pdf_state = FileState.READY
    certificate.save()
    return certificate


def snapshot(certificate: Certificate) -> tuple:
    certificate.refresh_from_db()
    return (certificate.status, certificate.name, certificate.number, certificate.revoked_at)


# --- Queues and counts ------------------------------------------------------------------------


def test_the_queue_and_its_tabs_hold_only_the_officers_providers(
    client, certificate_officer, make_certificate, make_theirs
):
    ours = make_certificate()
    make_theirs()
    make_theirs(status=C.SHIPPING)
    client.force_login(certificate_officer)

    response = client.get(QUEUE, {"tahap": C.DATA_CHECK})

    assert [c.pk for c in response.context["page"]] == [ours.pk]
    tabs = {stage: count for stage, _label, count in response.context["tabs"]}
    assert (tabs[C.DATA_CHECK], tabs[C.SHIPPING]) == (1, 0)
    assert "Uji Kompetensi Penyelenggara B" not in response.text


def test_an_officer_at_both_providers_sees_and_validates_both(
    client, make_user, perpusnas, theirs, make_certificate, make_theirs
):
    both = make_user("petugas-dua", Role.CERTIFICATE_OFFICER, provider=[perpusnas, theirs.provider])
    ours, other = make_certificate(candidate_confirmed_at=timezone.now()), make_theirs()
    client.force_login(both)

    listed = client.get(QUEUE, {"tahap": C.DATA_CHECK}).context["page"]
    client.post(BATCH, {"action": "validasi", "pilih": [str(ours.public_id), str(other.public_id)]})

    assert {c.pk for c in listed} == {ours.pk, other.pk}
    assert snapshot(ours)[0] == snapshot(other)[0] == C.ISSUANCE


def test_each_stage_counts_the_providers_where_its_role_is_held(
    client, make_user, perpusnas, theirs, make_certificate, make_theirs
):
    """An officer at A who signs at B: A's data checks, B's signatures, and nothing else."""
    person = make_user("petugas-a-penandatangan-b", Role.CERTIFICATE_OFFICER)
    StaffRole.objects.create(user=person, provider=theirs.provider, role=Role.SIGNING_OFFICIAL)
    make_certificate()  # A, data check
    make_theirs()  # B, data check: not this person's
    make_certificate(status=C.SIGNING)  # A, signing: not this person's
    theirs_to_sign = make_theirs(status=C.SIGNING)
    client.force_login(person)

    response = client.get(QUEUE, {"tahap": C.SIGNING})
    home = counters(client)

    assert [c.pk for c in response.context["page"]] == [theirs_to_sign.pk]
    tabs = {stage: count for stage, _label, count in response.context["tabs"]}
    assert (tabs[C.DATA_CHECK], tabs[C.SIGNING]) == (1, 1)
    assert (home[C.DATA_CHECK], home[C.SIGNING]) == (1, 1)


def counters(client) -> dict[str, int]:
    """The staff home's certificate counters: stage -> number shown."""
    text = client.get("/staf/").text
    section = text[text.index('id="sertifikat"') :]
    found = re.findall(
        r'href="[^"]*\?tahap=(\w+)">\s*<span class="counter__number">(\d+)</span>', section
    )
    return {stage: int(number) for stage, number in found}


def test_the_staff_home_counts_only_the_officers_providers(
    client, certificate_officer, make_certificate, make_theirs
):
    yesterday = timezone.localdate() - timedelta(days=1)
    make_certificate(due_date=yesterday)
    make_theirs(due_date=yesterday)
    make_theirs(status=C.SHIPPING)
    client.force_login(certificate_officer)

    shown = counters(client)

    assert (shown[C.DATA_CHECK], shown[C.SHIPPING]) == (1, 0)
    assert "1 lewat batas waktu" in client.get("/staf/").text


# --- One certificate --------------------------------------------------------------------------


def test_every_url_of_another_providers_certificate_is_not_found(
    client, every_role_here, make_theirs
):
    # Numbered, needing a disposition, its PDF ready: at A, each of the roles would open it.
    other = with_pdf(make_theirs(status=C.SHIPPING, needs_disposition=True))
    before = snapshot(other)
    client.force_login(every_role_here)
    public_id = other.public_id
    requests = [
        ("get", reverse("certificates_detail", args=[public_id]), {}),
        ("post", reverse("certificates_data_update", args=[public_id]), {"name": "Ganti"}),
        ("post", reverse("certificates_dispose", args=[public_id]), {"decision": "setujui"}),
        (
            "post",
            reverse("certificates_ship", args=[public_id]),
            {"courier": "Pos", "tracking_number": "1", "sent_on": "2026-01-02"},
        ),
        ("post", reverse("certificates_deliver", args=[public_id]), {}),
        ("get", reverse("certificates_download", args=[public_id, "asli"]), {}),
        ("post", reverse("certificates_act", args=[public_id, "legalisir"]), {}),
    ]

    for method, url, data in requests:
        assert getattr(client, method)(url, data).status_code == 404, url
    assert snapshot(other) == before


def test_a_batch_leaves_out_another_providers_certificates(
    client, certificate_officer, make_certificate, make_theirs
):
    ours = make_certificate(candidate_confirmed_at=timezone.now())
    other = make_theirs(candidate_confirmed_at=timezone.now())
    client.force_login(certificate_officer)

    alone = client.post(BATCH, {"action": "validasi", "pilih": [str(other.public_id)]})
    together = client.post(
        BATCH, {"action": "validasi", "pilih": [str(ours.public_id), str(other.public_id)]}
    )

    assert "Sertifikat yang dipilih tidak ditemukan." in [
        str(message) for message in alone.wsgi_request._messages
    ]
    assert together.status_code == 302
    assert snapshot(ours)[0] == C.ISSUANCE
    assert snapshot(other)[0] == C.DATA_CHECK


def test_the_services_refuse_staff_of_another_provider(every_role_here, make_theirs, make_user):
    checked = make_theirs(candidate_confirmed_at=timezone.now())
    disposition = make_theirs(status=C.DISPOSITION, needs_disposition=True)
    signing = make_theirs(status=C.SIGNING)
    shipping = with_pdf(make_theirs(status=C.SHIPPING))
    sent = make_theirs(status=C.SENT)
    before = [snapshot(c) for c in (checked, disposition, signing, shipping, sent)]
    actor = every_role_here

    assert workflow.kinds_of(checked, actor) == set()
    assert certificate_validate(certificates=[checked], actor=actor).refused
    assert certificate_sign(certificates=[signing], actor=actor).refused
    for attempt in (
        lambda: certificate_data_update(certificate=checked, actor=actor, data={"name": "X"}),
        lambda: certificate_dispose(certificate=disposition, actor=actor, approve=True),
        lambda: certificate_ship(
            certificate=shipping,
            actor=actor,
            courier="Pos",
            tracking_number="1",
            sent_on=timezone.localdate(),
        ),
        lambda: certificate_deliver(certificate=sent, actor=actor),
        lambda: certificate_revoke(certificate=sent, actor=actor, reason="Salah cetak."),
    ):
        with pytest.raises(CertificateError):
            attempt()
    assert [snapshot(c) for c in (checked, disposition, signing, shipping, sent)] == before


def test_only_staff_of_its_provider_open_a_passed_applications_certificate(
    make_user, theirs, assessor
):
    application = ApplicationFactory(status=ApplicationStatus.PASSED, service=theirs)

    with pytest.raises(CertificateError):
        certificate_open(application=application, actor=assessor)
    assert not Certificate.objects.filter(application=application).exists()

    their_officer = make_user("petugas-b", Role.CERTIFICATE_OFFICER, provider=theirs.provider)
    assert certificate_open(application=application, actor=their_officer).status == C.DATA_CHECK


@pytest.mark.parametrize("rows", [1, 25])
def test_the_queue_of_an_officer_at_both_providers_stays_within_its_budget(
    client,
    make_user,
    perpusnas,
    theirs,
    make_certificate,
    make_theirs,
    rows,
    django_assert_max_num_queries,
):
    for _ in range(rows):
        make_certificate()
        make_theirs()
    both = make_user("petugas-dua", Role.CERTIFICATE_OFFICER, provider=[perpusnas, theirs.provider])
    client.force_login(both)

    with django_assert_max_num_queries(QUEUE_QUERY_BUDGET):
        response = client.get(QUEUE)

    assert response.context["page"].paginator.count == 2 * rows
