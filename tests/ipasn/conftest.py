"""Fixtures for the IP-ASN report (seed 003): BKPSDM Kota Singkawang's service as its migration
entered it, its officials by role, a Perangkat Daerah with its operator, and reports made the way
the pages make them, walked to any step of the route."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casework.constants import InstitutionKind
from casework.models import Institution
from ipasn.models import RecapEntry, Report
from ipasn.services import reports as report_services
from portal.constants import Role, StepKind
from portal.models import Provider, Service
from tests.factories import pdf_bytes

SEED_003 = "indeks-profesionalitas-asn"
BKPSDM = "bkpsdm-kota-singkawang"
PDF = pdf_bytes()
ROLES = [
    Role.ADMIN_CLERK,
    Role.GENERAL_AFFAIRS_HEAD,
    Role.AGENCY_SECRETARY,
    Role.AGENCY_HEAD,
    Role.DIVISION_HEAD,
    Role.PERSONNEL_ANALYST,
]


def pdf_upload(name="surat.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def ipasn_service():
    return Service.objects.get(slug=SEED_003)


@pytest.fixture
def bkpsdm():
    return Provider.objects.get(slug=BKPSDM)


@pytest.fixture
def officials(make_user, bkpsdm):
    """One account per official of seed 003's route at BKPSDM (the Kabid with TOTP)."""
    return {role: make_user(f"bkpsdm-{role.name.lower()}", role, provider=bkpsdm) for role in ROLES}


@pytest.fixture
def other_provider_officials(make_user):
    """Officials of another provider holding every role of the route, none of them here."""
    other = Provider.objects.create(slug="bkpsdm-lain", name="BKPSDM Kabupaten Lain")
    return make_user("bkpsdm-lain", *ROLES, provider=other)


@pytest.fixture
def make_pd(bkpsdm, make_user):
    """A Perangkat Daerah of Kota Singkawang, entered by BKPSDM (verified), with its operator."""

    def make(name="Dinas Pendidikan Kota Singkawang", operator="operator-disdik"):
        institution = Institution.objects.create(
            provider=bkpsdm,
            name=name,
            kind=InstitutionKind.REGIONAL_GOVERNMENT,
            verified_at=timezone.now(),
        )
        institution.operators.add(make_user(operator))
        return institution

    return make


@pytest.fixture
def pd(make_pd):
    return make_pd()


@pytest.fixture
def pd_operator(pd):
    return pd.operators.get()


def entries_add(report: Report, count: int = 3) -> None:
    """Accepted recap entries written directly (the recap's reading is tested on its own), and
    a recap file, as report_recap_attach leaves them."""
    RecapEntry.objects.bulk_create(
        RecapEntry(
            report=report,
            row=2 + i,
            nip=f"19860926201505{1 + i % 2}{i:03d}",
            name=f"Pegawai {i}",
            education="s1",
            position_kind="pelaksana",
            performance="baik",
            discipline="tidak_pernah",
        )
        for i in range(count)
    )
    report.recap_file.save("rekapitulasi.xlsx", ContentFile(b"PK\x03\x04"), save=False)
    report.recap_uploaded_at = timezone.now()
    report.save(update_fields=["recap_file", "recap_uploaded_at"])


@pytest.fixture
def make_report(ipasn_service, pd, pd_operator, officials):
    """A report of `pd` walked to the step numbered `at` (1: a draft with letter and recap;
    2: just submitted; 7: at the processing unit; …). Every move goes through the services."""

    def make(at: int = 1, *, year: int | None = None, entries: int = 3) -> Report:
        report = report_services.report_create(
            service=ipasn_service,
            institution=pd,
            operator=pd_operator,
            year=year or timezone.localdate().year,
        )
        report_services.report_letter_attach(report=report, actor=pd_operator, file=pdf_upload())
        entries_add(report, entries)
        if at >= 2:
            report = report_services.report_submit(report=report, actor=pd_operator)
        while at >= 2 and report.step.order < at:
            report = step_done(report, officials)
        return report

    return make


def step_act(report: Report, actor) -> Report:
    """`actor` does what the report's current step asks, with defaults."""
    step = report.step
    if step.kind == StepKind.PROCESSING:
        return report_services.report_process(report=report, actor=actor)
    if step.kind == StepKind.EXTERNAL_UPLOAD:
        return report_services.report_upload_record(
            report=report,
            actor=actor,
            uploaded_on=timezone.localdate(),
            proof=pdf_upload("bukti.pdf"),
        )
    if step.kind == StepKind.REPORT:
        return report_services.report_laporan_make(report=report, actor=actor)
    return report_services.report_forward(report=report, actor=actor, note="Diteruskan")


def step_done(report: Report, officials) -> Report:
    """The official of the report's current step does what that step asks."""
    report.refresh_from_db()
    return step_act(report, officials[Role(report.step.actor)])
