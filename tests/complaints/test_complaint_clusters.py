"""Complaints about the same exam session, certificate, assessor or document requirement join
one cluster of their provider, handled once: one answer reaches each reporter's own tracking
page and mail, each keeping their code and privacy choice; a closed cluster takes no new report,
and a complaint can be taken out of its cluster."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from complaints import services
from complaints.constants import AboutKind, ClusterStatus, ComplaintStatus, MessageKind, NamedAs
from complaints.exceptions import ComplaintError
from complaints.models import ComplaintCluster
from complaints.selectors import complaint_public_messages
from portal.constants import Role
from portal.events import event_list
from portal.models import Requirement, Service
from registration.constants import ApplicationStatus
from tests.factories import SERVICE_SLUG, ApplicationFactory, CertificateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return Service.objects.get(slug=SERVICE_SLUG)


@pytest.fixture
def requirement(service):
    return Requirement.objects.filter(service=service).order_by("order").first()


@pytest.fixture
def about(requirement):
    return {"about_kind": AboutKind.REQUIREMENT, "about_key": str(requirement.pk)}


@pytest.fixture
def clustered(make_complaint, service, about):
    """Three reports about one requirement: one signed by e-mail, one anonymous with an
    address, one with no address at all."""
    return [
        make_complaint(service=service, **about),
        make_complaint(
            service=service, anonymous=True, reporter_email="anon@example.test", **about
        ),
        make_complaint(service=service, reporter_name="", reporter_email="", **about),
    ]


def test_complaints_about_the_same_requirement_join_one_open_cluster(clustered, requirement):
    (cluster,) = ComplaintCluster.objects.all()
    assert {complaint.cluster_id for complaint in clustered} == {cluster.pk}
    assert cluster.status == ClusterStatus.OPEN
    assert (cluster.about_kind, cluster.about_key) == (AboutKind.REQUIREMENT, str(requirement.pk))
    assert requirement.name in cluster.label
    assert len({complaint.tracking_code for complaint in clustered}) == 3


def test_a_complaint_about_nothing_joins_no_cluster(make_complaint):
    complaint = make_complaint()
    assert (complaint.cluster_id, complaint.about_kind) == (None, "")
    assert not ComplaintCluster.objects.exists()


def test_a_requirement_of_another_provider_is_refused_in_indonesian(make_complaint, service):
    other = Requirement.objects.exclude(service__provider=service.provider).first()
    assert other is not None
    with pytest.raises(ComplaintError) as refused:
        make_complaint(
            service=Service.objects.get(slug=SERVICE_SLUG),
            about_kind=AboutKind.REQUIREMENT,
            about_key=str(other.pk),
        )
    assert refused.value.field == "about_key"
    assert "bukan persyaratan layanan penyelenggara" in str(refused.value)
    assert not ComplaintCluster.objects.exists()


def test_a_certificate_is_resolved_by_its_number_at_the_complaints_provider_only(
    make_complaint, service, other_provider_service
):
    own = CertificateFactory(number="UKP/2026/000101")
    foreign = CertificateFactory(
        number="B/2026/000007",
        application=ApplicationFactory(
            service=other_provider_service, status=ApplicationStatus.PASSED
        ),
    )
    complaint = make_complaint(
        service=service, about_kind=AboutKind.CERTIFICATE, about_key=" ukp/2026/000101 "
    )
    assert complaint.about_label == own.number
    with pytest.raises(ComplaintError) as refused:
        make_complaint(service=service, about_kind=AboutKind.CERTIFICATE, about_key=foreign.number)
    assert "tidak ditemukan pada penyelenggara" in str(refused.value)


def test_two_open_clusters_of_one_subject_cannot_exist(clustered):
    cluster = clustered[0].cluster
    with pytest.raises(IntegrityError), transaction.atomic():
        ComplaintCluster.objects.create(
            provider_id=cluster.provider_id,
            about_kind=cluster.about_kind,
            about_key=cluster.about_key,
            label="kedua",
        )


def test_one_answer_reaches_every_members_tracking_page_and_own_mail(
    clustered, handler, django_capture_on_commit_callbacks
):
    cluster = clustered[0].cluster
    services.cluster_transition(cluster=cluster, to=ComplaintStatus.VERIFIED, actor=handler)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.cluster_answer(
            cluster=cluster, body="Jadwal unggah diperpanjang.", actor=handler
        )

    assert (outcome.done, outcome.skipped) == (3, 0)
    for complaint in clustered:
        complaint.refresh_from_db()
        assert complaint.status == ComplaintStatus.ANSWERED
        (reply,) = complaint_public_messages(complaint)
        assert (reply.kind, reply.body) == (MessageKind.REPLY, "Jadwal unggah diperpanjang.")
    # Each at their own address, with their own code; nobody without an address.
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {"budi@example.test", "anon@example.test"}
    assert clustered[1].tracking_code in sent["anon@example.test"].body
    assert clustered[0].tracking_code not in sent["anon@example.test"].body


def test_the_same_answer_sent_twice_is_sent_once(clustered, handler):
    cluster = clustered[0].cluster
    services.cluster_answer(cluster=cluster, body="Sedang kami periksa.", actor=handler)
    again = services.cluster_answer(cluster=cluster, body="Sedang kami periksa.", actor=handler)

    assert again.done == 0
    for complaint in clustered:
        assert complaint_public_messages(complaint).count() == 1


def test_a_closed_cluster_takes_no_new_report(clustered, handler, make_complaint, service, about):
    cluster = clustered[0].cluster
    services.cluster_transition(cluster=cluster, to=ComplaintStatus.VERIFIED, actor=handler)
    services.cluster_answer(cluster=cluster, body="Sudah diperbaiki.", actor=handler)
    services.cluster_transition(cluster=cluster, to=ComplaintStatus.CLOSED, actor=handler)
    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.CLOSED

    later = make_complaint(service=service, **about)
    assert later.cluster_id not in (None, cluster.pk)
    assert ComplaintCluster.objects.get(pk=later.cluster_id).status == ClusterStatus.OPEN


def test_a_moved_status_twice_changes_nothing_the_second_time(clustered, handler):
    cluster = clustered[0].cluster
    first = services.cluster_transition(cluster=cluster, to=ComplaintStatus.VERIFIED, actor=handler)
    second = services.cluster_transition(
        cluster=cluster, to=ComplaintStatus.VERIFIED, actor=handler
    )
    assert (first.done, second.done, second.skipped) == (3, 0, 3)


def test_a_member_naming_the_handler_is_left_to_another_team_member(clustered, handler, make_user):
    colleague = make_user("pengaduan2", Role.COMPLAINT_HANDLER)
    services.complaint_staff_name(
        complaint=clustered[0], user=handler, named_as=NamedAs.HANDLER, actor=colleague
    )
    outcome = services.cluster_answer(
        cluster=clustered[0].cluster, body="Sedang kami periksa.", actor=handler
    )
    assert (outcome.done, outcome.skipped) == (2, 1)
    assert not complaint_public_messages(clustered[0]).exists()


def test_the_team_detaches_a_complaint_with_an_event(clustered, handler):
    services.complaint_cluster_detach(complaint=clustered[0], actor=handler)
    clustered[0].refresh_from_db()
    assert clustered[0].cluster_id is None
    assert clustered[0].about_kind == AboutKind.REQUIREMENT  # still about it, handled alone
    assert event_list(subject=clustered[0]).filter(kind="cluster").count() == 2
    assert clustered[1].cluster.complaints.count() == 2


def test_the_team_sets_what_a_complaint_is_about_and_it_joins_the_cluster(
    clustered, make_complaint, service, handler, requirement
):
    complaint = make_complaint(service=service)
    services.complaint_about_set(
        complaint=complaint,
        about_kind=AboutKind.REQUIREMENT,
        about_key=str(requirement.pk),
        actor=handler,
    )
    assert complaint.cluster_id == clustered[0].cluster_id


def test_an_outsider_cannot_set_what_a_complaint_is_about(clustered, outsider, requirement):
    with pytest.raises(ComplaintError):
        services.complaint_about_set(
            complaint=clustered[0], about_kind="", about_key="", actor=outsider
        )
    with pytest.raises(ComplaintError):
        services.cluster_answer(cluster=clustered[0].cluster, body="x", actor=outsider)
