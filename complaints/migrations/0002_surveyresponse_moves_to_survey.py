"""The satisfaction survey's answers now belong to the survey app (its 0001 takes the model into
its state): complaints forgets the model without touching the table, which survey keeps using
under its old name."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_complaints"),
        ("survey", "0001_surveyresponse_from_complaints"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="SurveyResponse")],
        ),
    ]
