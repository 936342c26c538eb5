"""The credentials' keys and status lists now belong to the kernel (portal 0039, same tables): the
certificates app lets go of them in the state only, and its certificates point at the kernel's
StatusList (the same table, so the foreign key in the database is unchanged)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0009_status_list_indexes_for_issued"),
        ("portal", "0039_credential_keys_and_status_lists_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="certificate",
                    name="status_list",
                    field=models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="portal.statuslist",
                    ),
                ),
                migrations.DeleteModel(name="CredentialKey"),
                migrations.DeleteModel(name="StatusList"),
            ],
        ),
    ]
