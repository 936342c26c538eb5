"""Certificates in the admin: a read-only list, and revocation by an administrator with a reason,
which the public verification page shows from then on."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates.constants import CertificateStatus
from portal.constants import Role
from portal.models import Event

pytestmark = pytest.mark.django_db

REASON = "Ijazah yang dilampirkan terbukti palsu."


@pytest.fixture
def issued(make_certificate):
    return make_certificate(status=CertificateStatus.SENT, number="UKP/2026/000007")


def revoke_url(certificate) -> str:
    return reverse("admin:certificates_certificate_revoke", args=[certificate.pk])


def test_administrator_revokes_with_a_reason_and_the_public_page_says_revoked(
    client, administrator, issued
):
    client.force_login(administrator)
    assert "Alasan pencabutan" in client.get(revoke_url(issued)).text

    response = client.post(revoke_url(issued), {"reason": REASON}, follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "admin:certificates_certificate_change", args=[issued.pk]
    )
    assert "Sertifikat UKP/2026/000007 dicabut." in response.text
    issued.refresh_from_db()
    assert issued.revoked_at is not None
    assert issued.revoked_by == administrator
    assert issued.revocation_reason == REASON
    assert Event.objects.filter(kind="certificate_revoked", actor=administrator).exists()

    client.logout()
    public = client.get(reverse("certificate_verify", args=["UKP/2026/000007"])).text
    assert "Sertifikat ini sudah dicabut" in public
    assert REASON in public


def test_a_revocation_needs_a_reason(client, administrator, issued):
    client.force_login(administrator)

    response = client.post(revoke_url(issued), {"reason": "  "})

    assert response.status_code == 200
    assert "errorlist" in response.text
    issued.refresh_from_db()
    assert issued.revoked_at is None


def test_an_unnumbered_certificate_cannot_be_revoked(client, administrator, make_certificate):
    certificate = make_certificate(status=CertificateStatus.DATA_CHECK)
    client.force_login(administrator)

    response = client.post(revoke_url(certificate), {"reason": REASON})

    assert response.status_code == 200
    assert "Sertifikat yang belum bernomor tidak dapat dicabut." in response.text
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_a_certificate_is_revoked_only_once(client, administrator, issued):
    client.force_login(administrator)
    client.post(revoke_url(issued), {"reason": REASON})

    response = client.post(revoke_url(issued), {"reason": "Alasan lain"})

    assert "Sertifikat ini sudah dicabut." in response.text
    issued.refresh_from_db()
    assert issued.revocation_reason == REASON


def test_the_list_action_opens_the_revoke_page_of_one_certificate(client, administrator, issued):
    client.force_login(administrator)
    changelist = reverse("admin:certificates_certificate_changelist")

    response = client.post(
        changelist, {"action": "revoke_selected", "_selected_action": [issued.pk]}
    )

    assert response.status_code == 302
    assert response["Location"] == revoke_url(issued)


def test_the_list_shows_number_name_status_and_revocation_without_growing_queries(
    client, administrator, make_certificate
):
    client.force_login(administrator)
    changelist = reverse("admin:certificates_certificate_changelist")

    def queries_for(count: int) -> tuple[str, int]:
        for _ in range(count):
            make_certificate(status=CertificateStatus.SIGNING)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(changelist)
        assert response.status_code == 200
        return response.text, len(queries)

    _, few = queries_for(2)
    text, many = queries_for(6)

    assert many == few
    assert "UKP/2026/" in text
    assert "Rina Wulandari, S.I.Pust." in text
    assert '<td class="field-status">Tanda tangan pejabat</td>' in text
    assert "Cabut sertifikat" in text


def test_a_certificate_page_is_read_only_with_a_revoke_link(client, administrator, issued):
    client.force_login(administrator)
    change = reverse("admin:certificates_certificate_change", args=[issued.pk])

    page = client.get(change).text
    assert f'href="{revoke_url(issued)}"' in page
    assert 'name="name"' not in page

    client.post(change, {"name": "Nama Lain", "number": "X/1"})

    issued.refresh_from_db()
    assert issued.name == "Rina Wulandari, S.I.Pust."
    assert issued.number == "UKP/2026/000007"


@pytest.mark.parametrize(
    "url_name", ["admin:certificates_certificate_changelist", "certificate_revoke"]
)
def test_someone_without_admin_access_is_sent_to_the_admin_login(
    client, make_user, issued, url_name
):
    officer = make_user("petugas-sertifikat", Role.CERTIFICATE_OFFICER)
    client.force_login(officer)
    url = revoke_url(issued) if url_name == "certificate_revoke" else reverse(url_name)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_staff_user_who_is_not_an_administrator_may_not_revoke(client, make_user, issued):
    staff = make_user("staf-admin", Role.CERTIFICATE_OFFICER, is_staff=True, is_superuser=True)
    client.force_login(staff)

    assert client.get(revoke_url(issued)).status_code == 403
    assert client.post(revoke_url(issued), {"reason": REASON}).status_code == 403
    issued.refresh_from_db()
    assert issued.revoked_at is None


def test_a_providers_administrator_finds_no_certificate_of_another_provider(
    client, make_user, issued
):
    """The revocation page reads the certificate before the service refuses: another
    provider's administrator must not even find it there (as if it did not exist)."""
    from tests.factories import ProviderFactory

    lan_admin = make_user(
        "admin-lan", Role.ADMINISTRATOR, provider=ProviderFactory(), is_staff=True
    )
    client.force_login(lan_admin)

    page = client.get(revoke_url(issued))
    refused = client.post(revoke_url(issued), {"reason": REASON})

    assert page.status_code == 302 and "UKP/2026/000007" not in page.text
    assert refused.status_code == 302
    issued.refresh_from_db()
    assert issued.revoked_at is None
