"""Certificate numbers: gapless per service and year, in the service's format, and unique when
many officers issue at the same moment (proved on PostgreSQL, as in CI); likewise their indexes
in the provider's revocation list, shared by all its services."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.utils import timezone

from certificates.constants import CertificateStatus
from certificates.models import Certificate, NumberSequence
from certificates.services import certificate_issue
from portal.models import Service, StatusList
from tests.factories import SERVICE_SLUG, ServiceFactory

ISSUERS = 20


def issue(certificates, actor) -> None:
    result = certificate_issue(certificates=certificates, actor=actor)
    assert result.refused == []


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_issuances_number_one_to_twenty(
    reference_data, make_certificate, certificate_officer
):
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL (as in CI): SQLite serialises every write, so there is no race "
            "to prove. Run with DATABASE_URL=postgres://..."
        )
    certificates = [make_certificate(status=CertificateStatus.ISSUANCE) for _ in range(ISSUERS)]
    barrier = threading.Barrier(ISSUERS, timeout=30)

    def take(certificate):
        try:
            barrier.wait()
            return certificate_issue(certificates=[certificate], actor=certificate_officer)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=ISSUERS) as pool:
        results = list(pool.map(take, certificates))

    assert [refused for result in results for refused in result.refused] == []
    year = timezone.localdate().year
    issued = Certificate.objects.filter(number_year=year)
    assert sorted(issued.values_list("number_sequence", flat=True)) == list(range(1, ISSUERS + 1))
    assert sorted(issued.values_list("number", flat=True)) == [
        f"UKP/{year}/{seq:06d}" for seq in range(1, ISSUERS + 1)
    ]
    assert NumberSequence.objects.get(year=year).last == ISSUERS


@pytest.mark.django_db(transaction=True)
def test_simultaneous_issuances_of_two_services_take_distinct_status_list_indexes(
    reference_data, make_certificate, certificate_officer
):
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL (as in CI): SQLite serialises every write.")
    ours = Service.objects.get(slug=SERVICE_SLUG)
    # A second service of the same provider: its own number sequence (no shared number lock),
    # but the same revocation list.
    other = ServiceFactory(
        provider=ours.provider, name="Uji Kompetensi Arsiparis", slug="uji-arsiparis-2"
    )
    other.certificate_number_format = "UKA/{year}/{seq:04d}"
    other.save(update_fields=["certificate_number_format"])
    for stage in ("data_validation", "issuance", "legalisation"):
        other.time_limits.create(stage=stage, working_days=1)
    certificates = [make_certificate(status=CertificateStatus.ISSUANCE) for _ in range(ISSUERS)]
    for certificate in certificates[::2]:
        certificate.application.service = other
        certificate.application.save(update_fields=["service"])
    barrier = threading.Barrier(ISSUERS, timeout=30)

    def take(certificate):
        try:
            barrier.wait()
            return certificate_issue(certificates=[certificate], actor=certificate_officer)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=ISSUERS) as pool:
        results = list(pool.map(take, certificates))

    assert [refused for result in results for refused in result.refused] == []
    taken = Certificate.objects.values_list("status_list__provider", "status_list_index")
    assert sorted(index for _provider, index in taken) == list(range(ISSUERS))
    assert {provider for provider, _index in taken} == {ours.provider_id}
    assert StatusList.objects.get(provider=ours.provider).allocated == ISSUERS


@pytest.mark.django_db
def test_numbers_follow_the_service_format(make_certificate, certificate_officer):
    Service.objects.filter(slug=SERVICE_SLUG).update(
        certificate_number_format="{seq:04d}/SERT-UKOM/PERPUSNAS/{year}"
    )
    first, second = (make_certificate(status=CertificateStatus.ISSUANCE) for _ in range(2))

    issue([first, second], certificate_officer)

    year = timezone.localdate().year
    assert list(
        Certificate.objects.order_by("number_sequence").values_list("number", flat=True)
    ) == [f"0001/SERT-UKOM/PERPUSNAS/{year}", f"0002/SERT-UKOM/PERPUSNAS/{year}"]


@pytest.mark.django_db
def test_a_broken_format_is_refused_without_using_a_number(make_certificate, certificate_officer):
    Service.objects.filter(slug=SERVICE_SLUG).update(certificate_number_format="UKP/{tahun}")
    certificate = make_certificate(status=CertificateStatus.ISSUANCE)

    result = certificate_issue(certificates=[certificate], actor=certificate_officer)

    ((_certificate, message),) = result.refused
    assert message == "Format nomor sertifikat layanan ini tidak valid; hubungi administrator."
    certificate.refresh_from_db()
    assert (certificate.number, certificate.status) == ("", CertificateStatus.ISSUANCE)
    assert not NumberSequence.objects.filter(last__gt=0).exists()


@pytest.mark.django_db
def test_a_new_year_starts_again_at_one_counted_in_jakarta_time(
    make_certificate, certificate_officer, monkeypatch
):
    december = make_certificate(status=CertificateStatus.ISSUANCE)
    january = make_certificate(status=CertificateStatus.ISSUANCE)
    # 31 December 2026, 18.00 UTC is already 1 January 2027, 01.00 WIB.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 31, 16, 0, tzinfo=UTC))
    issue([december], certificate_officer)
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 31, 18, 0, tzinfo=UTC))

    issue([january], certificate_officer)

    december.refresh_from_db()
    january.refresh_from_db()
    assert (december.number, december.number_year) == ("UKP/2026/000001", 2026)
    assert (january.number, january.number_year) == ("UKP/2027/000001", 2027)
    assert dict(NumberSequence.objects.values_list("year", "last")) == {2026: 1, 2027: 1}


@pytest.mark.django_db
def test_each_service_has_its_own_sequence(make_certificate, certificate_officer):
    other = ServiceFactory(
        provider=Service.objects.get(slug=SERVICE_SLUG).provider,  # the officer's provider
        name="Uji Kompetensi Arsiparis",
        slug="uji-arsiparis",
        certificate_number_format="UKA/{seq}",
    )
    for stage in ("data_validation", "issuance", "legalisation"):
        other.time_limits.create(stage=stage, working_days=1)
    ours = make_certificate(status=CertificateStatus.ISSUANCE)
    theirs = make_certificate(status=CertificateStatus.ISSUANCE)
    theirs.application.service = other
    theirs.application.save(update_fields=["service"])

    issue([ours, theirs], certificate_officer)

    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert ours.number == f"UKP/{timezone.localdate().year}/000001"
    assert theirs.number == "UKA/1"


@pytest.mark.django_db
def test_a_format_that_repeats_a_number_is_refused(make_certificate, certificate_officer):
    Service.objects.filter(slug=SERVICE_SLUG).update(certificate_number_format="UKP/{seq}")
    make_certificate(status=CertificateStatus.SIGNING, number="UKP/1")
    certificate = make_certificate(status=CertificateStatus.ISSUANCE)

    result = certificate_issue(certificates=[certificate], actor=certificate_officer)

    ((_certificate, message),) = result.refused
    assert message.startswith("Nomor UKP/1 sudah dipakai sertifikat lain")
    certificate.refresh_from_db()
    assert certificate.number == ""
