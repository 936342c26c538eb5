"""The librarian exam's workflow as ServiceStep rows (portal migration 0030), and the maps from
its application statuses (registration.steps) and certificate stages (certificates.steps) to
those steps: every status maps, every mapped step exists and is of the kind the map says."""

import importlib

import pytest
from django.apps import apps

from certificates import steps as certificate_steps
from certificates.constants import CertificateStatus
from portal.constants import Role, StepActor, StepKind, TextOrigin, TimeUnit
from portal.models import Service, ServiceStep, ServiceTimeLimit
from registration import steps as application_steps
from registration.constants import ApplicationStatus
from tests.factories import SERVICE_SLUG

pytestmark = pytest.mark.django_db

migration = importlib.import_module("portal.migrations.0030_librarian_exam_steps")


@pytest.fixture
def service():
    return Service.objects.get(slug=SERVICE_SLUG)


def rows(service) -> list[ServiceStep]:
    return list(service.steps.order_by("order"))


def test_the_librarian_exam_runs_eleven_steps_from_submission_to_shipping(service):
    assert [(step.order, step.kind, step.actor) for step in rows(service)] == [
        (1, StepKind.SUBMISSION, StepActor.APPLICANT),
        (2, StepKind.VERIFICATION, Role.VERIFIER),
        (3, StepKind.SCHEDULING, Role.SCHEDULER),
        (4, StepKind.EXAM, Role.ASSESSOR),
        (5, StepKind.ASSESSMENT, Role.ASSESSOR),
        (6, StepKind.VERIFICATION, Role.CERTIFICATE_OFFICER),
        (7, StepKind.ISSUANCE, Role.CERTIFICATE_OFFICER),
        (8, StepKind.APPROVAL, Role.BKPSDM_OFFICER),
        (9, StepKind.APPROVAL, Role.SIGNING_OFFICIAL),
        (10, StepKind.ISSUANCE, Role.CERTIFICATE_OFFICER),
        (11, StepKind.HANDOVER, Role.CERTIFICATE_OFFICER),
    ]


def test_the_steps_carry_the_limits_of_the_services_time_limit_rows(service):
    limits = {step.order: (step.limit_unit, step.limit_amount) for step in rows(service)}
    days = dict(service.time_limits.values_list("stage", "working_days"))

    assert limits[2] == (TimeUnit.WORKING_DAYS, days["verification"])
    assert limits[6] == (TimeUnit.WORKING_DAYS, days["data_validation"])
    assert limits[7] == (TimeUnit.WORKING_DAYS, days["issuance"])
    assert limits[10] == (TimeUnit.WORKING_DAYS, days["legalisation"])
    # As seed 000's table writes them: 2, 1 and 1 working days.
    assert (limits[6][1], limits[7][1], limits[10][1]) == (2, 1, 1)


def test_the_steps_seed_000_calls_tentative_have_no_limit(service):
    tentative = [step for step in rows(service) if step.order in (8, 9, 11)]

    assert [step.time_limit() for step in tentative] == [None, None, None]
    assert "Ahli Madya" in tentative[0].name


def test_every_step_cites_the_part_of_seed_000_that_states_it(service):
    for step in rows(service):
        assert step.origin == TextOrigin.SOURCE
        assert step.source_reference.startswith("Laman Layanan Uji Kompetensi Pustakawan")
    certificate_rows = [step.source_reference for step in rows(service)[5:]]
    assert [reference.rsplit(" ", 1)[1] for reference in certificate_rows] == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
    ]


def test_the_step_limit_follows_a_time_limit_row_the_provider_changed(service):
    ServiceStep.objects.filter(service=service).delete()
    ServiceTimeLimit.objects.filter(service=service, stage="verification").update(working_days=7)
    ServiceTimeLimit.objects.filter(service=service, stage="issuance").delete()

    migration.enter(apps, None)

    limits = {step.order: step.time_limit() for step in rows(service)}
    assert (limits[2].unit, limits[2].amount) == ("working_days", 7)
    assert limits[7] is None  # no row, no limit


def test_the_migration_leaves_steps_a_provider_entered(service):
    ServiceStep.objects.filter(service=service).delete()
    ServiceStep.objects.create(
        service=service, order=1, kind=StepKind.SUBMISSION, name="Pengajuan", actor="applicant"
    )

    migration.enter(apps, None)

    assert [step.name for step in rows(service)] == ["Pengajuan"]


def test_every_application_status_maps_to_a_step():
    assert set(application_steps.STATUS_STEPS) == set(ApplicationStatus.values)


def test_every_certificate_stage_maps_to_a_step():
    assert set(certificate_steps.STAGE_STEPS) == set(CertificateStatus.values)


def test_every_mapped_step_exists_and_is_of_the_kind_the_map_says(service):
    kinds = {step.order: step.kind for step in rows(service)}
    maps = [
        (application_steps.STATUS_STEPS, application_steps.STEP_KINDS),
        (certificate_steps.STAGE_STEPS, certificate_steps.STEP_KINDS),
    ]
    for status_map, kind_map in maps:
        for status, order in status_map.items():
            assert order in kinds, status
            assert kinds[order] == kind_map[order], status


def test_the_certificates_steps_follow_the_applications():
    last_application_step = max(application_steps.STATUS_STEPS.values())

    assert min(certificate_steps.STAGE_STEPS.values()) == last_application_step + 1


def test_the_step_of_a_status_is_read_from_the_services_rows(service):
    step = application_steps.application_step(service=service, status=ApplicationStatus.SUBMITTED)
    stage = certificate_steps.certificate_step(service=service, status=CertificateStatus.SENT)

    assert (step.kind, step.actor) == (StepKind.VERIFICATION, Role.VERIFIER)
    assert (stage.kind, stage.order) == (StepKind.HANDOVER, 11)


def test_a_step_the_provider_removed_is_none(service):
    service.steps.filter(order=certificate_steps.DISPOSITION).delete()

    assert (
        certificate_steps.certificate_step(service=service, status=CertificateStatus.DISPOSITION)
        is None
    )
