"""Seed 004's records in /admin/: LAN's administrator edits its report limits (an edit marks
the row "ditetapkan penyelenggara" with who and when) and sees its engagements read-only;
another provider's administrator sees none of them."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from assessments.models import ReportLimit
from assessments.services.report_limits import report_limit_save
from portal.constants import Role, TextOrigin

pytestmark = pytest.mark.django_db


@pytest.fixture
def lan_admin(make_user, lan):
    user = make_user("admin-lan", Role.ADMINISTRATOR, provider=lan, is_staff=True)
    return user


@pytest.fixture
def perpusnas_admin(make_user):
    return make_user("admin-perpus", Role.ADMINISTRATOR, is_staff=True)


def _summary_limit(service) -> ReportLimit:
    return ReportLimit.objects.get(service=service, purpose="selection", kind="summary")


def test_the_administrator_group_holds_view_on_the_records_and_change_on_report_limits():
    codenames = set(
        Group.objects.get(name="Administrator")
        .permissions.filter(content_type__app_label="assessments")
        .values_list("codename", flat=True)
    )

    assert {"view_engagement", "view_report", "view_participant", "change_reportlimit"} <= (
        codenames
    )
    assert "change_engagement" not in codenames
    assert "delete_reportlimit" not in codenames


def test_an_edit_marks_the_report_limit_as_the_providers(lan_admin, assessment_service):
    row = _summary_limit(assessment_service)
    assert row.origin == TextOrigin.SOURCE
    row.limit_amount = 12

    assert report_limit_save(row=row, actor=lan_admin) is True

    row.refresh_from_db()
    assert row.origin == TextOrigin.PROVIDER
    assert row.set_by == lan_admin
    assert row.set_at is not None
    assert row.source_reference == ""
    assert row.time_limit().describe().startswith("12 (dua belas) hari kerja")


def test_saving_without_a_change_keeps_the_sources_mark(lan_admin, assessment_service):
    row = _summary_limit(assessment_service)

    assert report_limit_save(row=row, actor=lan_admin) is False

    row.refresh_from_db()
    assert row.origin == TextOrigin.SOURCE


def test_another_providers_administrator_cannot_edit_lans_limits(
    perpusnas_admin, assessment_service
):
    row = _summary_limit(assessment_service)
    row.limit_amount = 1

    with pytest.raises(PermissionDenied):
        report_limit_save(row=row, actor=perpusnas_admin)

    row.refresh_from_db()
    assert row.limit_amount == 10


def test_lans_administrator_edits_a_limit_in_the_admin(client, lan_admin, assessment_service):
    row = _summary_limit(assessment_service)
    client.force_login(lan_admin)
    url = reverse("admin:assessments_reportlimit_change", args=[row.pk])
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "counts_from": "intake",
            "limit_unit": "working_days",
            "limit_amount": "9",
            "limit_maximum": "",
            "limit_anchor": "since",
            "limit_event": "pengambilan data",
            "order": "1",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    row.refresh_from_db()
    assert row.limit_amount == 9
    assert row.origin == TextOrigin.PROVIDER
    assert row.set_by == lan_admin


def test_another_providers_administrator_sees_none_of_lans_engagements(
    client, perpusnas_admin, lan_admin, make_engagement, assessment_service
):
    engagement = make_engagement()
    list_url = reverse("admin:assessments_engagement_changelist")
    change_url = reverse("admin:assessments_engagement_change", args=[engagement.pk])
    limit_url = reverse(
        "admin:assessments_reportlimit_change", args=[_summary_limit(assessment_service).pk]
    )

    client.force_login(perpusnas_admin)
    listing = client.get(list_url)
    assert listing.status_code == 200
    assert "Pemerintah Kota Singkawang" not in listing.content.decode()
    assert client.get(change_url).status_code == 302  # not found: back to the index
    assert client.get(limit_url).status_code == 302

    client.force_login(lan_admin)
    listing = client.get(list_url)
    assert "Pemerintah Kota Singkawang" in listing.content.decode()
    page = client.get(change_url)
    assert page.status_code == 200
    assert 'name="state"' not in page.content.decode()  # read-only


def test_lans_engagement_admin_shows_no_private_file(client, lan_admin, make_engagement):
    engagement = make_engagement()
    client.force_login(lan_admin)

    html = client.get(
        reverse("admin:assessments_engagement_change", args=[engagement.pk])
    ).content.decode()

    assert engagement.cover_letter.name not in html
