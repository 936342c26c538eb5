"""The complaint team's cluster page writes its member rows in Python (complaints.cluster_rows,
issue 19): they must be what the template loop it replaced wrote, byte for byte
(cluster_rows_reference.html, kept here as it was), for every way a reporter is shown
(anonymous with the seal closed or opened by the reader, a reporter name, only the account's
full name, only its username, no name at all), every status, an escaped subject, no rows, and
in both languages."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.template import engines
from django.utils import translation

from complaints import services, staff_selectors
from complaints.cluster_rows import ClusterRows
from complaints.constants import AboutKind, ComplaintStatus, SealPurpose
from complaints.models import Complaint
from portal.models import Requirement, Service
from tests.factories import SERVICE_SLUG

pytestmark = pytest.mark.django_db

REFERENCE = (Path(__file__).parent / "cluster_rows_reference.html").read_text()


@pytest.fixture
def cluster(make_complaint, make_user, handler):
    """A cluster with a member for each way its reporter is shown, then one in each status."""
    service = Service.objects.get(slug=SERVICE_SLUG)
    requirement = Requirement.objects.filter(service=service).order_by("order").first()
    about = {"about_kind": AboutKind.REQUIREMENT, "about_key": str(requirement.pk)}
    full_name = make_user("pelapor-nama", first_name="Rina", last_name="<Wati> & co")
    username = make_user("pelapor-<akun>")
    get_user_model().objects.filter(pk=username.pk).update(first_name="", last_name="")
    sealed = make_complaint(service=service, anonymous=True, subject="Rahasia", **about)
    opened = make_complaint(service=service, anonymous=True, subject="Dibuka", **about)
    services.complaint_seal_open(
        complaint=opened,
        actor=handler,
        purpose=SealPurpose.CALL_BACK,
        reason="Perlu konfirmasi kepada pelapor.",
    )
    make_complaint(service=service, reporter_name='Sri "Dewi" <b>', subject="A & <B>", **about)
    for user in (full_name, username, None):
        made = make_complaint(service=service, reporter=user, subject="Akun", **about)
        Complaint.objects.filter(pk=made.pk).update(reporter_name="")
    for status in ComplaintStatus.values:
        made = make_complaint(service=service, subject=f"Status {status}", **about)
        Complaint.objects.filter(pk=made.pk).update(status=status)
    return sealed.cluster


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_row_is_what_the_template_wrote(cluster, handler, language):
    template = engines["django"].from_string(REFERENCE)
    members = list(staff_selectors.cluster_member_rows(cluster=cluster, handler=handler))
    assert len(members) == 6 + len(ComplaintStatus.values)
    with translation.override(language):
        expected = template.render({"members": members})
        for shown in ("Rina &lt;Wati&gt; &amp; co", "pelapor-&lt;akun&gt;", "A &amp; &lt;B&gt;"):
            assert shown in expected
        assert ClusterRows().html(members) + "\n" == expected
        # One row alone, and none.
        assert ClusterRows().html(members[:1]) + "\n" == template.render({"members": members[:1]})
        assert ClusterRows().html([]) + "\n" == template.render({"members": []})


def test_the_reporter_cases_are_all_there(cluster, handler):
    """The fixture covers what it says: a sealed and an opened anonymous reporter, every way a
    name is found and none (the test above cannot pass on a fixture that lost one)."""
    html = ClusterRows().html(staff_selectors.cluster_member_rows(cluster=cluster, handler=handler))
    assert html.count("Identitas disegel") == 1
    assert html.count("Anonim") == 2
    assert html.count("Tanpa nama") == 1
    assert "Sri &quot;Dewi&quot; &lt;b&gt;" in html
    for status in ComplaintStatus.values:
        assert f"Status {status}" in html
