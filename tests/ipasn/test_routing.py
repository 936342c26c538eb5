"""The route of seed 003: each step acted on by the role the standard names, in order, with
its time stamp; the return to the Perangkat Daerah and the resubmission to the processing unit;
who may act where (another provider's officials, another Perangkat Daerah's operator)."""

import pytest
from django.utils import timezone

from casework.exceptions import CaseError, CaseForbidden
from ipasn.constants import ReportState
from ipasn.models import Report
from ipasn.services import reports as services
from portal.constants import Role, StepKind
from tests.ipasn.conftest import pdf_upload, step_act, step_done

pytestmark = pytest.mark.django_db


def test_the_service_routes_as_the_standard_writes(ipasn_service):
    steps = list(ipasn_service.steps.order_by("order"))
    assert [step.actor for step in steps] == [
        "institution",
        Role.ADMIN_CLERK,
        Role.GENERAL_AFFAIRS_HEAD,
        Role.AGENCY_SECRETARY,
        Role.AGENCY_HEAD,
        Role.DIVISION_HEAD,
        Role.PERSONNEL_ANALYST,
        Role.PERSONNEL_ANALYST,
        Role.PERSONNEL_ANALYST,
        Role.DIVISION_HEAD,
    ]
    assert steps[6].kind == StepKind.PROCESSING
    assert steps[7].kind == StepKind.EXTERNAL_UPLOAD
    assert all(step.source_reference.startswith("Standar Pelayanan") for step in steps)


def test_a_submitted_report_is_numbered_and_reaches_the_clerk(make_report, pd_operator):
    report = make_report(2)
    assert report.state == ReportState.ROUTING
    assert report.reference == f"IPASN/{timezone.localdate().year}/0001"
    assert report.step.actor == Role.ADMIN_CLERK
    first = report.routings.order_by("pk").first()
    assert first.actor == pd_operator and first.finished_at == report.submitted_at
    second = make_report(2, year=timezone.localdate().year - 1)
    assert second.reference.endswith("/0002")


def test_a_draft_without_letter_or_recap_is_not_sent(ipasn_service, pd, pd_operator):
    report = services.report_create(
        service=ipasn_service, institution=pd, operator=pd_operator, year=2025
    )
    with pytest.raises(CaseError, match="surat pengantar"):
        services.report_submit(report=report, actor=pd_operator)
    services.report_letter_attach(report=report, actor=pd_operator, file=pdf_upload())
    with pytest.raises(CaseError, match="rekapitulasi"):
        services.report_submit(report=report, actor=pd_operator)
    assert Report.objects.get(pk=report.pk).state == ReportState.DRAFT


def test_one_open_report_per_year(make_report, ipasn_service, pd, pd_operator):
    report = make_report(1)
    with pytest.raises(CaseError, match="sudah ada"):
        services.report_create(
            service=ipasn_service, institution=pd, operator=pd_operator, year=report.year
        )


def test_each_step_by_its_role_in_order(make_report, officials):
    report = make_report(2)
    done = []
    while report.step.order < 10:
        role = Role(report.step.actor)
        if report.step.kind == StepKind.REPORT:
            break  # the laporan's making and signing: tests/ipasn/test_laporan.py
        # Nobody else among the officials may act on this step.
        for other_role, other in officials.items():
            if other_role != role:
                with pytest.raises(CaseForbidden):
                    step_act(report, other)
        done.append(role)
        report = step_done(report, officials)
    assert done[:6] == [
        Role.ADMIN_CLERK,
        Role.GENERAL_AFFAIRS_HEAD,
        Role.AGENCY_SECRETARY,
        Role.AGENCY_HEAD,
        Role.DIVISION_HEAD,
        Role.PERSONNEL_ANALYST,
    ]
    stamped = list(report.routings.filter(finished_at__isnull=False).order_by("pk"))
    assert [r.actor for r in stamped[1:7]] == [officials[role] for role in done[:6]]
    assert all(r.finished_at >= r.started_at for r in stamped)


def test_a_kasubbag_cannot_dispose(make_report, officials):
    report = make_report(5)
    assert report.step.actor == Role.AGENCY_HEAD
    with pytest.raises(CaseForbidden, match="Kepala Badan"):
        services.report_forward(
            report=report, actor=officials[Role.GENERAL_AFFAIRS_HEAD], note="Disposisi"
        )
    services.report_forward(report=report, actor=officials[Role.AGENCY_HEAD], note="Proses")
    report.refresh_from_db()
    assert report.step.actor == Role.DIVISION_HEAD


def test_a_double_click_moves_one_step(make_report, officials):
    report = make_report(2)
    clerk = officials[Role.ADMIN_CLERK]
    services.report_forward(report=report, actor=clerk)
    with pytest.raises(CaseForbidden):
        services.report_forward(report=report, actor=clerk)  # the stale page's second POST
    report.refresh_from_db()
    assert report.step.order == 3
    assert report.routings.count() == 3


def test_another_providers_officials_act_nowhere(make_report, other_provider_officials):
    report = make_report(2)
    with pytest.raises(CaseForbidden):
        services.report_forward(report=report, actor=other_provider_officials)


def test_the_processing_unit_returns_and_the_pd_resubmits(make_report, officials, pd_operator):
    analyst = officials[Role.PERSONNEL_ANALYST]
    report = make_report(7)
    with pytest.raises(CaseError, match="alasan"):
        services.report_return(report=report, actor=analyst, reasons="")
    with pytest.raises(CaseForbidden):
        services.report_return(
            report=report, actor=officials[Role.DIVISION_HEAD], reasons="Rekap tidak lengkap."
        )
    services.report_return(report=report, actor=analyst, reasons="NIP baris 4 tidak sesuai SK.")
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    pause = report.pauses.get()
    assert pause.ended_at is None and pause.returned_by == analyst
    # Back with the Perangkat Daerah: the officials cannot act; the operator may change files.
    with pytest.raises(CaseError):
        services.report_process(report=report, actor=analyst)
    services.report_letter_attach(report=report, actor=pd_operator, file=pdf_upload("baru.pdf"))
    services.report_submit(report=report, actor=pd_operator)
    report.refresh_from_db()
    assert report.state == ReportState.ROUTING
    assert report.step.kind == StepKind.PROCESSING  # straight back to the processing unit
    assert report.pauses.get().ended_at is not None
    services.report_process(report=report, actor=analyst)


def test_an_operator_of_another_pd_cannot_touch_the_report(make_report, make_pd):
    report = make_report(1)
    stranger = make_pd(name="Dinas Kesehatan", operator="operator-dinkes").operators.get()
    with pytest.raises(CaseForbidden):
        services.report_submit(report=report, actor=stranger)
    with pytest.raises(CaseForbidden):
        services.report_letter_attach(report=report, actor=stranger, file=pdf_upload())


def test_the_upload_to_bkn_needs_a_date_not_in_the_future(make_report, officials):
    analyst = officials[Role.PERSONNEL_ANALYST]
    report = make_report(8)
    assert report.step.kind == StepKind.EXTERNAL_UPLOAD
    with pytest.raises(CaseError, match="setelah hari ini"):
        services.report_upload_record(
            report=report,
            actor=analyst,
            uploaded_on=timezone.localdate() + timezone.timedelta(days=1),
            proof=pdf_upload(),
        )
    services.report_upload_record(
        report=report, actor=analyst, uploaded_on=timezone.localdate(), proof=pdf_upload()
    )
    report.refresh_from_db()
    assert report.bkn_uploaded_on == timezone.localdate() and report.bkn_proof
    assert report.step.kind == StepKind.REPORT
