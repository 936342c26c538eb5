"""The staff home counts what waits at each certificate stage of the user's roles, and what is
overdue, linking to the queue."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from certificates.constants import CertificateStatus

pytestmark = pytest.mark.django_db


def counters(client) -> dict[str, tuple[int, bool, str]]:
    """stage -> (number shown, highlighted as overdue, the line under it)."""
    text = client.get("/staf/").text
    section = text[text.index('id="sertifikat"') :]
    found = re.findall(
        r'<a class="counter( counter--alert)?" href="[^"]*\?tahap=(\w+)">\s*'
        r'<span class="counter__number">(\d+)</span>.*?<span class="small muted">([^<]*)</span>',
        section,
        re.S,
    )
    return {stage: (int(n), bool(alert), note.strip()) for alert, stage, n, note in found}


def test_the_officer_sees_each_of_their_stages_with_what_is_overdue(
    client, certificate_officer, make_certificate
):
    yesterday = timezone.localdate() - timedelta(days=1)
    make_certificate(status=CertificateStatus.DATA_CHECK, due_date=yesterday)
    make_certificate(status=CertificateStatus.DATA_CHECK)
    make_certificate(status=CertificateStatus.SHIPPING)
    make_certificate(status=CertificateStatus.SIGNING)  # the official's, not the officer's
    client.force_login(certificate_officer)

    shown = counters(client)

    assert list(shown) == ["data_check", "issuance", "legalisation", "shipping", "sent"]
    assert shown["data_check"] == (2, True, "1 lewat batas waktu")
    assert shown["shipping"] == (1, False, "menunggu")
    assert shown["issuance"] == (0, False, "menunggu")


def test_the_signing_official_sees_only_signing(client, signing_official, make_certificate):
    make_certificate(status=CertificateStatus.SIGNING)
    client.force_login(signing_official)

    assert counters(client) == {"signing": (1, False, "menunggu")}
