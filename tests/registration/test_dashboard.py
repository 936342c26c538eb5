"""The dashboard's "Langkah Anda" steps and next-step text follow the application to its end."""

import re

import pytest
from django.urls import reverse

from registration.constants import ApplicationStatus
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def steps(page: str) -> dict[str, str]:
    """Each step's title -> its state (done, current, problem, upcoming)."""
    timeline = page[page.index('id="langkah"') :]
    found = re.findall(
        r'timeline__item--(\w+)">\s*<span class="timeline__marker">.*?</span>\s*'
        r'<p class="timeline__title">([^<]+?)\s*<',
        timeline,
        flags=re.S,
    )
    return {title.strip(): state for state, title in found}


def dashboard(client, status) -> str:
    application = ApplicationFactory(status=status)
    client.force_login(application.candidate)
    return client.get(reverse("dashboard")).content.decode()


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (
            ApplicationStatus.VERIFIED,
            {"Verifikasi berkas": "done", "Jadwal ujian": "current", "Ujian dan hasil": "upcoming"},
        ),
        (
            ApplicationStatus.SCHEDULED,
            {
                "Jadwal ujian": "done",
                "Ujian dan hasil": "current",
                "Sertifikat dikirim": "upcoming",
            },
        ),
        (
            ApplicationStatus.PASSED,
            {"Jadwal ujian": "done", "Ujian dan hasil": "done", "Sertifikat dikirim": "current"},
        ),
        (
            ApplicationStatus.FAILED,
            {"Ujian dan hasil": "problem", "Sertifikat dikirim": "upcoming"},
        ),
    ],
    ids=["verified", "scheduled", "passed", "failed"],
)
def test_the_steps_follow_the_exam(client, status, expected):
    shown = steps(dashboard(client, status))

    assert shown["Pengajuan uji kompetensi"] == "done"
    for title, state in expected.items():
        assert shown[title] == state, title


def test_a_pass_names_the_next_stage(client):
    page = dashboard(client, ApplicationStatus.PASSED)

    assert "Lulus uji kompetensi" in page  # the status badge
    assert "Langkah berikutnya: periksa dan konfirmasi di dasbor" in page
    assert "Tahap berikutnya: validasi data sertifikat." in page


def test_a_failure_offers_a_new_application(client):
    page = dashboard(client, ApplicationStatus.FAILED)

    assert "Tidak lulus uji kompetensi" in page
    assert "Anda dapat mengajukan uji kompetensi kembali dengan membuat pengajuan baru." in page
    assert "Mulai pengajuan baru" in page


def test_a_rejection_stays_on_the_dashboard_with_its_reason_until_a_new_application(client):
    """A rejected application is closed, like a failed one: the dashboard keeps showing it, with
    the verifier's reason and what to do next, instead of "Belum dibuat"."""
    application = ApplicationFactory(
        status=ApplicationStatus.REJECTED, decision_note="Masa kerja belum memenuhi syarat."
    )
    client.force_login(application.candidate)

    page = client.get(reverse("dashboard")).content.decode()

    assert "Ditolak" in page
    assert "Masa kerja belum memenuhi syarat." in page
    assert "Anda dapat membuat pengajuan baru setelah persyaratan terpenuhi." in page
    assert "Mulai pengajuan baru" in page
    assert "Belum dibuat" not in page
