"""Seed 003's records in /admin/: BKPSDM's administrator edits the IP-ASN scoring tables (each
edit recorded with what changed), sees which entries are not confirmed against the regulation
(the banner with the count, the flag, the filter, the entry's note above the form), and sees the
reports read-only; another provider's administrator sees none of them."""

from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ipasn.models import IndexCategory, ScoreRule, ScoringDimension
from ipasn.services.scoring import scoring_entry_save
from portal.constants import Role
from portal.events import event_list

pytestmark = pytest.mark.django_db

BANNER = "Sebagian entri tabel nilai IP-ASN belum terkonfirmasi"


@pytest.fixture
def bkpsdm_admin(make_user, bkpsdm):
    return make_user("admin-bkpsdm", Role.ADMINISTRATOR, provider=bkpsdm, is_staff=True)


@pytest.fixture
def perpusnas_admin(make_user):
    return make_user("admin-perpus", Role.ADMINISTRATOR, is_staff=True)


def _dimension(service, code) -> ScoringDimension:
    return ScoringDimension.objects.get(service=service, code=code)


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_administrator_group_views_the_records_and_changes_the_scoring_tables():
    codenames = set(
        Group.objects.get(name="Administrator")
        .permissions.filter(content_type__app_label="ipasn")
        .values_list("codename", flat=True)
    )

    assert {
        "view_report",
        "view_recapentry",
        "view_routing",
        "view_pause",
        "view_agencysummary",
        "change_scoringdimension",
        "change_scorerule",
        "change_indexcategory",
    } <= codenames
    assert "change_report" not in codenames
    assert "delete_scorerule" not in codenames
    assert "add_scorerule" not in codenames


def test_an_edit_is_recorded_with_what_changed(bkpsdm_admin, ipasn_service):
    dimension = _dimension(ipasn_service, "kinerja")
    dimension.confirmed = True
    dimension.source = "PermenPANRB Nomor 38 Tahun 2018, Lampiran"

    changes = scoring_entry_save(entry=dimension, actor=bkpsdm_admin)

    assert any(change.startswith("sumber terkonfirmasi: tidak → ya") for change in changes)
    dimension.refresh_from_db()
    assert dimension.confirmed is True
    (event,) = event_list(subject=dimension)
    assert event.kind == "scoring"
    assert event.actor == bkpsdm_admin
    assert "sumber terkonfirmasi: tidak → ya" in event.note
    assert "PermenPANRB Nomor 38 Tahun 2018, Lampiran" in event.note


def test_saving_without_a_change_records_nothing(bkpsdm_admin, ipasn_service):
    dimension = _dimension(ipasn_service, "kinerja")

    assert scoring_entry_save(entry=dimension, actor=bkpsdm_admin) == []
    assert not event_list(subject=dimension).exists()


def test_another_providers_administrator_cannot_edit_bkpsdms_tables(perpusnas_admin, ipasn_service):
    category = IndexCategory.objects.filter(service=ipasn_service).first()
    upper = category.upper
    category.upper = Decimal("1")

    with pytest.raises(PermissionDenied):
        scoring_entry_save(entry=category, actor=perpusnas_admin)

    category.refresh_from_db()
    assert category.upper == upper
    assert not event_list(subject=category).exists()


def test_the_list_says_how_many_entries_are_unconfirmed_and_flags_each(
    client, bkpsdm_admin, ipasn_service
):
    dimensions = ScoringDimension.objects.filter(service=ipasn_service)
    unconfirmed = dimensions.filter(confirmed=False).count()
    assert 0 < unconfirmed < dimensions.count()  # the seed: kompetensi confirmed, three not
    client.force_login(bkpsdm_admin)

    html = _html(client.get(reverse("admin:ipasn_scoringdimension_changelist")))

    assert BANNER in html
    assert "Peraturan BKN Nomor 8 Tahun 2019 atau PermenPANRB Nomor 38 Tahun 2018" in html
    assert (
        f"Sumber belum terkonfirmasi: {unconfirmed} dari {dimensions.count()} entri pada tabel ini"
        in html
    )
    assert html.index(BANNER) < html.index('id="changelist"')
    # One flag per unconfirmed row, plus the column's header and the filter's choice.
    assert html.count('class="errornote-inline">Belum terkonfirmasi<') == unconfirmed


def test_the_filter_keeps_the_unconfirmed_entries(client, bkpsdm_admin, ipasn_service):
    client.force_login(bkpsdm_admin)
    url = reverse("admin:ipasn_scorerule_changelist")

    html = _html(client.get(url, {"konfirmasi": "belum"}))
    confirmed = _html(client.get(url, {"konfirmasi": "sudah"}))

    rules = ScoreRule.objects.filter(dimension__service=ipasn_service)
    shown = rules.filter(confirmed=False).count()
    assert html.count('class="errornote-inline">Belum terkonfirmasi<') == min(shown, 100)
    assert 'class="errornote-inline">Belum terkonfirmasi<' not in confirmed


def test_the_change_page_shows_the_entrys_note_above_its_fields(
    client, bkpsdm_admin, ipasn_service
):
    dimension = _dimension(ipasn_service, "disiplin")
    client.force_login(bkpsdm_admin)

    html = _html(client.get(reverse("admin:ipasn_scoringdimension_change", args=[dimension.pk])))

    assert BANNER in html
    note = html.index('id="ipasn-entry-note"')
    assert "Belum terkonfirmasi" in html[note : note + 400]
    assert "hanya dari bahan sekunder" in html[note:]
    assert note < html.index('name="weight"')


def test_no_banner_once_every_entry_is_confirmed(client, bkpsdm_admin, ipasn_service):
    for model, path in (
        (ScoringDimension, "service"),
        (ScoreRule, "dimension__service"),
        (IndexCategory, "service"),
    ):
        model.objects.filter(**{path: ipasn_service}).update(confirmed=True)
    client.force_login(bkpsdm_admin)

    html = _html(client.get(reverse("admin:ipasn_indexcategory_changelist")))

    assert BANNER not in html
    assert "Sumber belum terkonfirmasi" not in html


def test_bkpsdms_administrator_edits_a_weight_in_the_admin(client, bkpsdm_admin, ipasn_service):
    dimension = _dimension(ipasn_service, "disiplin")
    client.force_login(bkpsdm_admin)
    url = reverse("admin:ipasn_scoringdimension_change", args=[dimension.pk])

    response = client.post(
        url,
        {
            "order": dimension.order,
            "weight": "5.00",
            "source": "PermenPANRB Nomor 38 Tahun 2018, Lampiran huruf D",
            "confirmed": "on",
            "note": "Dicocokkan dengan salinan resmi.",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    dimension.refresh_from_db()
    assert dimension.confirmed is True
    assert dimension.code == "disiplin"  # read-only here
    (event,) = event_list(subject=dimension)
    assert "PermenPANRB Nomor 38 Tahun 2018, Lampiran huruf D" in event.note
    assert LogEntry.objects.filter(object_id=str(dimension.pk), user=bkpsdm_admin).exists()


def test_another_providers_administrator_sees_none_of_bkpsdms_records(
    client, perpusnas_admin, bkpsdm_admin, make_report, ipasn_service
):
    report = make_report(at=2)
    dimension = _dimension(ipasn_service, "kinerja")

    client.force_login(perpusnas_admin)
    listing = _html(client.get(reverse("admin:ipasn_report_changelist")))
    assert "Dinas Pendidikan Kota Singkawang" not in listing
    rules = _html(client.get(reverse("admin:ipasn_scorerule_changelist")))
    assert "S-3 (Doktor)" not in rules
    assert BANNER not in rules
    for url in (
        reverse("admin:ipasn_report_change", args=[report.pk]),
        reverse("admin:ipasn_scoringdimension_change", args=[dimension.pk]),
    ):
        assert client.get(url).status_code == 302  # not found: back to the index
    response = client.post(
        reverse("admin:ipasn_scoringdimension_change", args=[dimension.pk]),
        {"order": 1, "weight": "99", "source": "x", "note": ""},
    )
    assert response.status_code == 302
    dimension.refresh_from_db()
    assert dimension.weight == Decimal("30")

    client.force_login(bkpsdm_admin)
    assert "Dinas Pendidikan Kota Singkawang" in _html(
        client.get(reverse("admin:ipasn_report_changelist"))
    )
    page = _html(client.get(reverse("admin:ipasn_report_change", args=[report.pk])))
    assert 'name="state"' not in page  # read-only
    assert report.cover_letter.name not in page  # private files stay out of the admin
