"""The content type of the moved model follows it: complaints.surveyresponse becomes
survey.surveyresponse, keeping its id, so the events, admin log entries and permissions
that point to it stay attached to the answers (post_migrate would otherwise add a second
row for survey and leave the old one pointing at nothing).

Should both rows exist already (a `migrate survey 0001` run on its own lets post_migrate add
the new one), the old row is kept, whatever points to the new one is moved onto it and the new
one is removed. Migrating back does the same the other way round."""

from django.db import migrations

MODEL = "surveyresponse"


def _merge(apps, *, duplicate, kept) -> None:
    """Move every reference from the content type `duplicate` to `kept`, then delete it."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(content_type=duplicate):
        same = Permission.objects.filter(content_type=kept, codename=permission.codename).first()
        if same is None:
            permission.content_type = kept
            permission.save(update_fields=["content_type"])
            continue
        # Groups and users holding the duplicate permission keep it through its twin.
        for relation in Permission._meta.related_objects:
            if relation.many_to_many:
                accessor = relation.get_accessor_name()
                getattr(same, accessor).add(*getattr(permission, accessor).all())
        permission.delete()
    # Events, admin log entries and anything else with a foreign key to the content type.
    for relation in ContentType._meta.related_objects:
        if relation.one_to_many and relation.related_model is not Permission:
            name = relation.field.name
            relation.related_model._base_manager.filter(**{name: duplicate}).update(**{name: kept})
    duplicate.delete()


def _follow(apps, *, from_label: str, to_label: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    moving = ContentType.objects.filter(app_label=from_label, model=MODEL).first()
    if moving is None:
        return  # a new database: post_migrate creates the row under its new app
    duplicate = ContentType.objects.filter(app_label=to_label, model=MODEL).first()
    if duplicate is not None:
        _merge(apps, duplicate=duplicate, kept=moving)
    moving.app_label = to_label
    moving.save(update_fields=["app_label"])


def forwards(apps, schema_editor):
    _follow(apps, from_label="complaints", to_label="survey")


def backwards(apps, schema_editor):
    _follow(apps, from_label="survey", to_label="complaints")


class Migration(migrations.Migration):
    dependencies = [
        ("survey", "0001_surveyresponse_from_complaints"),
        ("complaints", "0002_surveyresponse_moves_to_survey"),
        # The models that point to content types: permissions, admin log entries, events.
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("portal", "0002_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
