"""The verification queue: what it lists, its filters, search, sort and pages, and who gets in."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.calendar import add_working_days, working_days_overdue
from portal.constants import Role
from registration.constants import ApplicationStatus
from registration.models import Application
from tests.factories import ApplicationFactory, ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

QUEUE = "/verifikasi/"


def queued(*, status=ApplicationStatus.SUBMITTED, due_in_days: int | None = 5, **fields):
    """An application as the queue sees it (without files: the queue never reads them)."""
    today = timezone.localdate()
    fields.setdefault("submitted_at", timezone.now())
    if due_in_days is not None:
        fields.setdefault("due_date", today + timedelta(days=due_in_days))
    return ApplicationFactory(status=status, **fields)


def candidate_named(name: str, **profile):
    return ProfileFactory(user=UserFactory(first_name=name), name=name, **profile).user


def listed(client, query: str = "") -> list:
    response = client.get(f"{QUEUE}?{query}" if query else QUEUE)
    assert response.status_code == 200
    return list(response.context["page"].object_list)


@pytest.fixture
def verifier_client(client, verifier):
    client.force_login(verifier)
    return client


# --- What is listed ---------------------------------------------------------------------------


def test_queue_lists_applications_to_handle_and_hides_drafts_and_decided_ones(verifier_client):
    to_handle = [
        queued(status=ApplicationStatus.SUBMITTED),
        queued(status=ApplicationStatus.IN_REVIEW),
        queued(status=ApplicationStatus.RETURNED, due_in_days=None),
    ]
    queued(status=ApplicationStatus.DRAFT, submitted_at=None, due_in_days=None)
    queued(status=ApplicationStatus.VERIFIED, due_in_days=None)
    queued(status=ApplicationStatus.REJECTED, due_in_days=None)

    assert set(listed(verifier_client)) == set(to_handle)


@pytest.mark.parametrize(
    "status", [ApplicationStatus.VERIFIED, ApplicationStatus.REJECTED, ApplicationStatus.RETURNED]
)
def test_status_filter_shows_only_that_status_including_decided_ones(verifier_client, status):
    wanted = queued(status=status, due_in_days=None)
    queued(status=ApplicationStatus.SUBMITTED)

    assert listed(verifier_client, f"status={status}") == [wanted]


def test_status_filter_never_shows_drafts(verifier_client):
    queued(status=ApplicationStatus.DRAFT, submitted_at=None, due_in_days=None)

    assert listed(verifier_client, "status=semua") == []
    assert listed(verifier_client, "status=draft") == []


def test_to_check_filter_shows_submitted_and_in_review_but_not_returned(verifier_client):
    submitted = queued(status=ApplicationStatus.SUBMITTED)
    in_review = queued(status=ApplicationStatus.IN_REVIEW)
    queued(status=ApplicationStatus.RETURNED, due_in_days=None)

    assert set(listed(verifier_client, "status=periksa")) == {submitted, in_review}


def test_institution_filter_matches_part_of_the_institution_in_any_case(verifier_client):
    bandung = queued(
        candidate=candidate_named("Asep", institution="Dinas Perpustakaan Kota Bandung")
    )
    queued(candidate=candidate_named("Made", institution="Perpustakaan Universitas Udayana"))

    assert listed(verifier_client, "instansi=kota+BANDUNG") == [bandung]


def test_overdue_filter_shows_only_applications_past_their_due_date(verifier_client):
    late = queued(due_in_days=-10)
    queued(due_in_days=0)  # due today: not late yet
    queued(due_in_days=3)

    assert listed(verifier_client, "terlambat=1") == [late]


def test_overdue_row_says_how_many_working_days_late(verifier_client):
    today = timezone.localdate()
    late = queued(due_in_days=-15)
    days = working_days_overdue(late.due_date, today)

    page = verifier_client.get(QUEUE).content.decode()

    assert days > 0
    assert f"terlambat {days} hari kerja" in page


def test_mine_filter_shows_only_applications_assigned_to_me(verifier_client, verifier, make_user):
    colleague = make_user("verifikator2", Role.VERIFIER)
    mine = queued(status=ApplicationStatus.IN_REVIEW, verifier=verifier)
    queued(status=ApplicationStatus.IN_REVIEW, verifier=colleague)
    queued(status=ApplicationStatus.SUBMITTED)

    assert listed(verifier_client, "saya=1") == [mine]


def test_unassigned_filter_hides_applications_someone_holds(verifier_client, verifier):
    free = queued(status=ApplicationStatus.SUBMITTED)
    queued(status=ApplicationStatus.SUBMITTED, verifier=verifier)  # resubmitted to me

    assert listed(verifier_client, "status=submitted&belum_diambil=1") == [free]


def test_service_filter_takes_the_service_slug(verifier_client):
    application = queued()

    assert listed(verifier_client, f"layanan={application.service.slug}") == [application]


# --- Search -----------------------------------------------------------------------------------


def test_search_finds_an_application_by_nip_typed_with_spaces(verifier_client):
    wanted = queued(candidate=ProfileFactory(user=UserFactory(nip="198609262015052001")).user)
    queued(candidate=ProfileFactory(user=UserFactory(nip="198609262015051002")).user)

    assert listed(verifier_client, "cari=19860926+201505+2+001") == [wanted]


def test_search_by_the_start_of_a_nip_finds_every_match(verifier_client):
    first = queued(candidate=ProfileFactory(user=UserFactory(nip="199001152014031002")).user)
    second = queued(candidate=ProfileFactory(user=UserFactory(nip="199001152014032003")).user)
    queued(candidate=ProfileFactory(user=UserFactory(nip="198609262015052001")).user)

    assert set(listed(verifier_client, "cari=19900115")) == {first, second}


def test_search_finds_an_application_by_part_of_the_name(verifier_client):
    wanted = queued(candidate=candidate_named("Rina Wulandari"))
    queued(candidate=candidate_named("Budi Santoso"))

    assert listed(verifier_client, "cari=wulan") == [wanted]


# --- Order and pages --------------------------------------------------------------------------


def test_queue_is_sorted_by_due_date_oldest_first_and_without_due_date_last(verifier_client):
    no_due_date = queued(status=ApplicationStatus.RETURNED, due_in_days=None)
    later = queued(due_in_days=9)
    overdue = queued(due_in_days=-2)
    soon = queued(due_in_days=1)

    assert listed(verifier_client) == [overdue, soon, later, no_due_date]


def test_queue_can_be_sorted_by_submission_date(verifier_client):
    now = timezone.now()
    newest = queued(submitted_at=now, due_in_days=1)
    oldest = queued(submitted_at=now - timedelta(days=9), due_in_days=9)
    middle = queued(submitted_at=now - timedelta(days=3), due_in_days=5)

    assert listed(verifier_client, "urut=diajukan") == [oldest, middle, newest]
    assert listed(verifier_client, "urut=terbaru") == [newest, middle, oldest]


def test_pagination_shows_25_rows_and_keeps_the_filters_in_page_links(verifier_client):
    for _ in range(30):
        queued(candidate=candidate_named("Peserta Bogor", institution="Perpustakaan Kota Bogor"))
    queued(candidate=candidate_named("Peserta Depok", institution="Perpustakaan Kota Depok"))

    response = verifier_client.get(QUEUE, {"instansi": "Bogor", "urut": "diajukan"})
    page = response.context["page"]

    assert len(page.object_list) == 25
    assert page.paginator.count == 30
    html = response.content.decode()
    assert 'href="?instansi=Bogor&amp;urut=diajukan&amp;halaman=2"' in html
    second = verifier_client.get(QUEUE, {"instansi": "Bogor", "urut": "diajukan", "halaman": 2})
    assert len(second.context["page"].object_list) == 5
    assert 'href="?instansi=Bogor&amp;urut=diajukan&amp;halaman=1"' in second.content.decode()


def test_a_page_number_out_of_range_shows_the_last_page(verifier_client):
    queued()

    assert len(listed(verifier_client, "halaman=99")) == 1


# --- Query budget -----------------------------------------------------------------------------

# Session, user, roles, the panel's services (a list of ids the planner weighs), count, the
# page's ids, its rows (one join), closures for the overdue days, the service choices of the
# filter form, whether the reader decides account claims (the exam's provider): 10. The same
# budget holds for 5 rows and 25.
QUEUE_QUERY_BUDGET = 10


@pytest.mark.parametrize("rows", [5, 60])
def test_queue_query_count_does_not_grow_with_rows(
    verifier_client, verifier, django_assert_max_num_queries, rows
):
    for number in range(rows):
        queued(
            status=ApplicationStatus.IN_REVIEW if number % 3 else ApplicationStatus.SUBMITTED,
            verifier=verifier if number % 3 else None,
            due_in_days=number - rows // 2,  # half of them overdue
        )

    with django_assert_max_num_queries(QUEUE_QUERY_BUDGET):
        response = verifier_client.get(QUEUE)

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(rows, 25)


def test_overdue_days_use_the_working_day_calendar(verifier_client):
    today = timezone.localdate()
    due = add_working_days(today - timedelta(days=30), 1)
    application = queued(due_date=due)

    listed_application = listed(verifier_client)[0]

    assert listed_application == application
    assert listed_application.overdue_days == working_days_overdue(due, today)


# --- Who gets in ------------------------------------------------------------------------------


@pytest.fixture
def detail_url():
    return reverse("verification_detail", args=[queued().public_id])


def test_anonymous_visitor_is_sent_to_login_from_queue_and_detail(client, detail_url):
    for url in (QUEUE, detail_url):
        response = client.get(url)

        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_candidate_is_refused_on_queue_and_detail(client, outsider, detail_url):
    client.force_login(outsider)

    assert client.get(QUEUE).status_code == 403
    assert client.get(detail_url).status_code == 403


def test_staff_without_the_verifier_role_is_refused(client, make_user, detail_url):
    client.force_login(make_user("penjadwal", Role.SCHEDULER))

    assert client.get(QUEUE).status_code == 403
    assert client.get(detail_url).status_code == 403


def test_a_draft_is_not_found_by_the_panel(verifier_client):
    draft = queued(status=ApplicationStatus.DRAFT, submitted_at=None, due_in_days=None)

    response = verifier_client.get(reverse("verification_detail", args=[draft.public_id]))

    assert response.status_code == 404


@pytest.mark.parametrize("action", ["claim", "release", "decide"])
def test_actions_refuse_anonymous_visitors_and_candidates(client, outsider, action):
    application = ApplicationFactory(submitted=True)
    url = reverse(f"verification_{action}", args=[application.public_id])

    anonymous = client.post(url)
    client.force_login(outsider)
    candidate = client.post(url)

    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("account_login"))
    assert candidate.status_code == 403
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED
