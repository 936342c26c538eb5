"""A complaint that names a member of staff (as assessor, verifier, handler) is never shown to
them — queue, search, counts, detail, attachments, admin, digest — and cannot be assigned to
them: the assign form shows them disabled with the reason and the service refuses."""

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints import services
from complaints.constants import NamedAs
from complaints.exceptions import ComplaintError
from complaints.models import Complaint, ComplaintNamedStaff
from complaints.staff_selectors import team_counts
from portal.constants import Role
from portal.events import event_list
from portal.models import Service
from tests.factories import SERVICE_SLUG

pytestmark = pytest.mark.django_db

QUEUE = "/pengaduan/staf/"


@pytest.fixture
def colleague(make_user):
    return make_user("pengaduan2", Role.COMPLAINT_HANDLER, first_name="Agus Salim")


@pytest.fixture
def complaint(make_complaint):
    return make_complaint(
        service=Service.objects.get(slug=SERVICE_SLUG),
        subject="Asesor bersikap tidak sopan",
        description="Asesor Agus Salim membentak saya saat ujian.",
    )


@pytest.fixture
def named(complaint, colleague, handler):
    return services.complaint_staff_name(
        complaint=complaint, user=colleague, named_as=NamedAs.ASSESSOR, actor=handler
    )


def test_the_named_person_does_not_see_it_anywhere(client, colleague, named, make_complaint):
    other = make_complaint(subject="Jadwal belum diumumkan")
    client.force_login(colleague)
    queue = client.get(QUEUE).content.decode()
    assert "Asesor bersikap tidak sopan" not in queue
    assert "Jadwal belum diumumkan" in queue
    search = client.get(QUEUE, {"q": named.tracking_code}).content.decode()
    assert "Asesor bersikap tidak sopan" not in search
    assert client.get(reverse("complaints_detail", args=[named.public_id])).status_code == 404
    counts = team_counts(handler=colleague, today=timezone.localdate())
    assert counts["to_verify"] == 1  # the other one only
    assert other.pk != named.pk


def test_the_rest_of_the_team_still_sees_it_with_who_is_named(client, handler, named):
    client.force_login(handler)
    page = client.get(reverse("complaints_detail", args=[named.public_id])).content.decode()
    assert "Agus Salim — asesor" in page
    # Offered disabled, with the reason, where the complaint is assigned.
    assert "Agus Salim — tidak dapat dipilih: disebut dalam pengaduan sebagai asesor" in page


def test_the_service_refuses_to_assign_the_named_person(handler, colleague, named):
    with pytest.raises(ComplaintError, match="disebut dalam pengaduan sebagai asesor"):
        services.complaint_assign(complaint=named, handler=colleague, actor=handler)
    assert Complaint.objects.get(pk=named.pk).assigned_to is None


def test_a_post_of_the_disabled_option_is_refused(client, handler, colleague, named):
    client.force_login(handler)
    response = client.post(
        reverse("complaints_assign", args=[named.public_id]), {"handler": colleague.pk}, follow=True
    )
    assert "tidak dapat ditugaskan: disebut dalam pengaduan sebagai asesor" in (
        response.content.decode()
    )
    assert Complaint.objects.get(pk=named.pk).assigned_to is None


def test_naming_the_assigned_handler_takes_it_back(complaint, handler, colleague):
    services.complaint_assign(complaint=complaint, handler=colleague, actor=handler)
    services.complaint_staff_name(
        complaint=complaint, user=colleague, named_as=NamedAs.HANDLER, actor=handler
    )
    complaint.refresh_from_db()
    assert complaint.assigned_to is None
    kinds = [event.kind for event in event_list(subject=complaint)]
    assert kinds[-2:] == ["staff_named", "assigned"]


def test_the_named_person_cannot_act_on_it_through_the_services(named, colleague):
    with pytest.raises(ComplaintError, match="Konflik kepentingan"):
        services.complaint_priority_set(complaint=named, priority="high", actor=colleague)
    with pytest.raises(ComplaintError, match="Konflik kepentingan"):
        services.complaint_staff_name(
            complaint=named, user=colleague, named_as=NamedAs.OFFICER, actor=colleague
        )


def test_naming_through_the_page_and_twice_keeps_one_row(client, handler, colleague, complaint):
    client.force_login(handler)
    url = reverse("complaints_name_staff", args=[complaint.public_id])
    for named_as in (NamedAs.VERIFIER, NamedAs.ASSESSOR):
        assert client.post(url, {"user": colleague.pk, "named_as": named_as}).status_code == 302
    (row,) = ComplaintNamedStaff.objects.all()
    assert (row.user, row.named_as, row.added_by) == (colleague, NamedAs.ASSESSOR, handler)


def test_only_staff_can_be_named(handler, complaint, outsider):
    with pytest.raises(ComplaintError, match="hanya petugas"):
        services.complaint_staff_name(
            complaint=complaint, user=outsider, named_as=NamedAs.OFFICER, actor=handler
        )


def test_the_admin_hides_it_from_the_named_administrator(client, make_user, complaint, handler):
    admin = make_user(
        "admin-disebut",
        Role.ADMINISTRATOR,
        Role.COMPLAINT_HANDLER,
        is_staff=True,
        is_superuser=True,
    )
    services.complaint_staff_name(
        complaint=complaint, user=admin, named_as=NamedAs.OFFICER, actor=handler
    )
    client.force_login(admin)
    listing = client.get(reverse("admin:complaints_complaint_changelist")).content.decode()
    assert "Asesor bersikap tidak sopan" not in listing
    change = client.get(reverse("admin:complaints_complaint_change", args=[complaint.pk]))
    assert change.status_code == 302  # as for a complaint that does not exist
