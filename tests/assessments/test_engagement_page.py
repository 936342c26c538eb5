"""The engagement page: its operators and LAN's staff on the service see it, everyone else gets
404 (another institution's operator, an asesi, staff of another unit); every event kind reads in
its declared words, and the institution reads only the entries declared for it."""

import pytest
from django.urls import reverse

from assessments.constants import EngagementState
from assessments.events import EVENT_KINDS
from assessments.models import Engagement, Participant
from portal.constants import Role
from portal.events import event_record

pytestmark = pytest.mark.django_db


def _page(client, user, engagement):
    client.force_login(user)
    return client.get(reverse("assessments_engagement", args=[engagement.public_id]))


def test_the_operator_and_lan_staff_see_it(
    client, make_engagement, institution_operator, lan_staff
):
    engagement = make_engagement(EngagementState.REQUESTED)
    assert _page(client, institution_operator, engagement).status_code == 200
    for role in (Role.VERIFIER, Role.SIGNING_OFFICIAL, Role.SCHEDULER, Role.TREASURER):
        assert _page(client, lan_staff[role], engagement).status_code == 200, role


def test_anyone_else_gets_404(
    client, make_engagement, make_institution, lan_staff, other_unit_staff, make_user
):
    engagement = make_engagement(EngagementState.REQUESTED)
    other = make_institution(name="Kabupaten Sambas", operator="operator-sambas")
    asesi = make_user("199001152014031002", nip="199001152014031002")
    Participant.objects.create(
        engagement=engagement,
        nip=asesi.nip,
        name="Asesi",
        position="Analis",
        work_unit="BKPSDM",
        email="asesi@example.test",
        account=asesi,
    )
    # An assessor sees only the engagements of the sessions they sit on.
    refused = [other.operators.get(), other_unit_staff, asesi, lan_staff[Role.ASSESSOR]]
    for user in refused:
        assert _page(client, user, engagement).status_code == 404, user


def test_anonymous_goes_to_login(client, make_engagement):
    engagement = make_engagement(EngagementState.REQUESTED)
    response = client.get(reverse("assessments_engagement", args=[engagement.public_id]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_every_kind_reads_in_its_words_and_the_institution_reads_its_own(
    client, make_engagement, institution_operator, lan_staff
):
    engagement = make_engagement(EngagementState.REQUESTED)
    kinds = [kind for kind in EVENT_KINDS if kind.subject is Engagement]
    for kind in kinds:
        event_record(
            subject=engagement,
            kind=kind.kind,
            actor=institution_operator,
            from_state=EngagementState.REQUESTED,
            to_state=EngagementState.AGREEMENT,
        )
    staff_page = _page(client, lan_staff[Role.SIGNING_OFFICIAL], engagement).content.decode()
    operator_page = _page(client, institution_operator, engagement).content.decode()
    for kind in kinds:
        event = engagement_event(engagement, kind.kind)
        title = kind.title_of(event)
        assert title in staff_page, kind.kind
        assert (title in operator_page) == kind.candidate_sees, kind.kind
    assert ">state<" not in staff_page


def engagement_event(engagement, kind):
    from portal.events import event_list

    return event_list(subject=engagement).get(kind=kind)
