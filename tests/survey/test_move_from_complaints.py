"""The survey's answers left complaints for their own app without moving a row: the table keeps
its name, and the content type follows the model, so the events, admin log entries and
permissions that pointed to complaints.surveyresponse now point to survey.surveyresponse."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from portal.models import Event, Service
from survey.models import SurveyResponse
from tests.factories import SERVICE_SLUG

pytestmark = pytest.mark.django_db(transaction=True)

# Before the move: complaints had the model, survey did not exist.
BEFORE = [("complaints", "0001_complaints"), ("survey", None)]


@pytest.fixture
def before_the_move(reference_data):
    """The database as the release before the move left it; put forward again afterwards."""
    ContentType.objects.clear_cache()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    ContentType.objects.clear_cache()
    try:
        yield executor.loader.project_state([("complaints", "0001_complaints")]).apps
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        ContentType.objects.clear_cache()  # ids cached here are gone once the test ends


def forward() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def old_answer(old_apps) -> int:
    """An answer saved through the model as it was in complaints."""
    old = old_apps.get_model("complaints", "SurveyResponse")
    service = Service.objects.get(slug=SERVICE_SLUG)
    answer = old.objects.create(
        service_id=service.pk, source="public", **{f"u{n}": 3 for n in range(1, 10)}
    )
    return answer.pk


def test_answers_events_log_entries_and_permissions_follow_the_model(before_the_move, make_user):
    # Migrating back gave the content type back to complaints, as the old release had it.
    old_type = ContentType.objects.get(model="surveyresponse")  # the only one
    assert old_type.app_label == "complaints"
    answer = old_answer(before_the_move)
    event = Event.objects.create(content_type=old_type, object_id=answer, kind="answered")
    admin = make_user("admin-survei", is_staff=True)
    entry = LogEntry.objects.create(
        user=admin,
        content_type=old_type,
        object_id=str(answer),
        object_repr="jawaban",
        action_flag=CHANGE,
    )
    team = Group.objects.create(name="Tim survei")
    team.permissions.add(
        Permission.objects.get(content_type=old_type, codename="view_surveyresponse")
    )
    admin.groups.add(team)

    forward()

    moved = ContentType.objects.get_for_model(SurveyResponse)
    assert (moved.pk, moved.app_label) == (old_type.pk, "survey")
    assert not ContentType.objects.filter(app_label="complaints", model="surveyresponse").exists()
    kept = SurveyResponse.objects.get(pk=answer)
    assert Event.objects.get(pk=event.pk).subject == kept
    assert LogEntry.objects.get(pk=entry.pk).get_edited_object() == kept
    admin = type(admin).objects.get(pk=admin.pk)  # no cached permissions
    assert admin.has_perm("survey.view_surveyresponse")


def test_a_content_type_already_made_for_survey_is_folded_into_the_old_one(
    before_the_move, make_user
):
    old_type = ContentType.objects.get(app_label="complaints", model="surveyresponse")
    answer = old_answer(before_the_move)
    old_event = Event.objects.create(content_type=old_type, object_id=answer, kind="answered")
    # As post_migrate would have made it after `migrate survey 0001` on its own, with its own
    # permissions, one of them already given to a group, and an event recorded against it.
    new_type = ContentType.objects.create(app_label="survey", model="surveyresponse")
    twin = Permission.objects.create(
        content_type=new_type, codename="view_surveyresponse", name="Can view"
    )
    only_new = Permission.objects.create(
        content_type=new_type, codename="export_surveyresponse", name="Can export"
    )
    team = Group.objects.create(name="Tim survei")
    team.permissions.add(twin, only_new)
    new_event = Event.objects.create(content_type=new_type, object_id=answer, kind="exported")
    member = make_user("anggota-tim-survei")
    member.groups.add(team)

    forward()

    (survey_type,) = ContentType.objects.filter(model="surveyresponse")
    assert (survey_type.pk, survey_type.app_label) == (old_type.pk, "survey")
    kept = SurveyResponse.objects.get(pk=answer)
    assert [Event.objects.get(pk=pk).subject for pk in (old_event.pk, new_event.pk)] == [kept] * 2
    codenames = Permission.objects.filter(content_type=survey_type).values_list(
        "codename", flat=True
    )
    assert sorted(codenames) == sorted(
        [
            "add_surveyresponse",
            "change_surveyresponse",
            "delete_surveyresponse",
            "export_surveyresponse",
            "view_surveyresponse",
        ]
    )
    member = type(member).objects.get(pk=member.pk)
    assert member.has_perm("survey.view_surveyresponse")
    assert member.has_perm("survey.export_surveyresponse")
