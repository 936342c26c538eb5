"""Where the portal's shared pages send the people of seed 003: a Perangkat Daerah operator's
dashboard links "Laporan IP-ASN" with the state of their latest report, BKPSDM's officials'
staff home shows what waits on their roles (waiting, late) linking to their queue, and the
catalogue says the service is run online here; nobody else is offered any of it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ipasn.models import Report
from portal.constants import Role

pytestmark = pytest.mark.django_db

HOME = "/laporan-ip-asn/"
QUEUE = "/laporan-ip-asn/petugas/"
SLUG = "indeks-profesionalitas-asn"


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_an_operator_without_a_report_is_invited_to_make_one(client, pd_operator):
    client.force_login(pd_operator)

    html = _html(client.get(reverse("dashboard")))

    assert f'href="{HOME}"' in html
    assert "Laporan IP-ASN" in html
    assert "belum ada laporan" in html


def test_an_operators_dashboard_shows_the_state_of_the_latest_report(
    client, pd_operator, make_report
):
    report = make_report(at=2)
    client.force_login(pd_operator)

    html = _html(client.get(reverse("dashboard")))

    assert f'href="{HOME}"' in html
    assert f"laporan terakhir (tahun {report.year}): Dalam proses" in html


def test_an_operator_of_another_provider_is_not_offered_the_report(client, make_user):
    from casework.models import Institution
    from portal.models import Provider

    other = Provider.objects.get(slug="balai-pemetaan-kompetensi-lan")
    operator = make_user("operator-lain")
    Institution.objects.create(provider=other, name="Pemkab Lain").operators.add(operator)
    client.force_login(operator)

    response = client.get(reverse("dashboard"), follow=True)

    assert HOME not in response.content.decode()


def test_the_staff_home_counts_what_waits_on_my_role(client, officials, make_report):
    make_report(at=2)
    late = make_report(at=2, year=2020)
    Report.objects.filter(pk=late.pk).update(submitted_at=timezone.now() - timedelta(days=10))
    client.force_login(officials[Role.ADMIN_CLERK])

    html = _html(client.get(reverse("staff_home")))

    card = html[html.index('id="laporan-ip-asn"') :]
    card = card[: card.index("</section>")]
    assert "2 laporan menunggu" in card
    assert "1 terlambat" in card
    assert f'href="{QUEUE}"' in card


def test_an_official_of_a_later_step_sees_nothing_waiting_yet(client, officials, make_report):
    make_report(at=2)
    client.force_login(officials[Role.PERSONNEL_ANALYST])

    html = _html(client.get(reverse("staff_home")))

    assert "0 laporan menunggu" in html
    assert f'href="{QUEUE}"' in html


def test_other_staff_get_no_ipasn_card(client, make_user, other_provider_officials):
    for user in (make_user("verifikator", Role.VERIFIER), other_provider_officials):
        client.force_login(user)
        html = _html(client.get(reverse("staff_home")))
        assert 'id="laporan-ip-asn"' not in html
        assert QUEUE not in html


def test_the_catalogue_says_online_here_and_links_the_operator_page(client):
    html = _html(client.get(reverse("home")))

    link = reverse("service_standard", args=[SLUG])
    start = html.rindex('<li class="service-entry">', 0, html.index(f'href="{link}"'))
    entry = html[start : html.index("</dl>", start)]
    assert "Daring di portal ini" in entry
    assert f'href="{HOME}"' in entry
    assert 'href="#daftar-online"' not in entry
