"""The credentials' keys and status lists, made by certificates (its 0008), become the kernel's
so that every signed product can use them: the state moves, the tables stay where they are (the
models keep their db_table), so no row is copied and nothing is locked."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0038_complaint_supervisor_role"),
        # The tables exist before this app takes them over.
        ("certificates", "0009_status_list_indexes_for_issued"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="CredentialKey",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("kid", models.CharField(max_length=64, unique=True, verbose_name="kid")),
                        ("public_jwk", models.JSONField(verbose_name="kunci publik (JWK)")),
                        ("private_key_pem", models.TextField(editable=False)),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="dibuat"),
                        ),
                        (
                            "retired_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="dipensiunkan"
                            ),
                        ),
                        (
                            "provider",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="portal.provider",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "kunci kredensial",
                        "verbose_name_plural": "kunci kredensial",
                        "db_table": "certificates_credentialkey",
                        "ordering": ["created_at"],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("retired_at__isnull", True)),
                                fields=("provider",),
                                name="credential_key_one_active",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="StatusList",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("ordinal", models.PositiveIntegerField(verbose_name="urutan daftar")),
                        (
                            "allocated",
                            models.PositiveIntegerField(default=0, verbose_name="indeks terpakai"),
                        ),
                        ("revision", models.PositiveIntegerField(default=0, editable=False)),
                        (
                            "provider",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="portal.provider",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "daftar status kredensial",
                        "verbose_name_plural": "daftar status kredensial",
                        "db_table": "certificates_statuslist",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("provider", "ordinal"), name="status_list_unique"
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
