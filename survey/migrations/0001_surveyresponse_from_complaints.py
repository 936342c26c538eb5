"""The satisfaction survey's answers move from complaints to this app, in Django's state only: the
table keeps its name (complaints_surveyresponse), its rows, constraints and indexes. Complaints'
0002 removes the model from its own state after this one."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        # Where the table was created, and the models its foreign keys point to.
        ("complaints", "0001_complaints"),
        ("portal", "0010_service_standard"),
        ("registration", "0005_application_results_and_verified_at"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="SurveyResponse",
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
                        (
                            "source",
                            models.CharField(
                                choices=[
                                    ("application", "Layanan uji kompetensi"),
                                    ("complaint", "Penanganan pengaduan"),
                                    ("public", "Formulir publik"),
                                ],
                                max_length=16,
                                verbose_name="sumber",
                            ),
                        ),
                        ("u1", models.PositiveSmallIntegerField(verbose_name="persyaratan")),
                        (
                            "u2",
                            models.PositiveSmallIntegerField(
                                verbose_name="sistem, mekanisme, dan prosedur"
                            ),
                        ),
                        ("u3", models.PositiveSmallIntegerField(verbose_name="waktu penyelesaian")),
                        ("u4", models.PositiveSmallIntegerField(verbose_name="biaya/tarif")),
                        (
                            "u5",
                            models.PositiveSmallIntegerField(
                                verbose_name="produk spesifikasi jenis pelayanan"
                            ),
                        ),
                        (
                            "u6",
                            models.PositiveSmallIntegerField(verbose_name="kompetensi pelaksana"),
                        ),
                        ("u7", models.PositiveSmallIntegerField(verbose_name="perilaku pelaksana")),
                        (
                            "u8",
                            models.PositiveSmallIntegerField(
                                verbose_name="penanganan pengaduan, saran, dan masukan"
                            ),
                        ),
                        (
                            "u9",
                            models.PositiveSmallIntegerField(verbose_name="sarana dan prasarana"),
                        ),
                        (
                            "sex",
                            models.CharField(
                                blank=True,
                                choices=[("L", "Laki-laki"), ("P", "Perempuan")],
                                max_length=1,
                                verbose_name="jenis kelamin",
                            ),
                        ),
                        (
                            "age_band",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("<25", "Di bawah 25 tahun"),
                                    ("25-34", "25-34 tahun"),
                                    ("35-44", "35-44 tahun"),
                                    ("45-54", "45-54 tahun"),
                                    ("55+", "55 tahun ke atas"),
                                ],
                                max_length=8,
                                verbose_name="usia",
                            ),
                        ),
                        (
                            "education",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("sma", "SMA/sederajat atau di bawahnya"),
                                    ("d3", "Diploma (D1-D4)"),
                                    ("s1", "S1"),
                                    ("s2", "S2"),
                                    ("s3", "S3"),
                                ],
                                max_length=8,
                                verbose_name="pendidikan",
                            ),
                        ),
                        (
                            "occupation",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("pns", "PNS/ASN"),
                                    ("tni_polri", "TNI/Polri"),
                                    ("swasta", "Pegawai swasta"),
                                    ("wirausaha", "Wirausaha"),
                                    ("pelajar", "Pelajar/mahasiswa"),
                                    ("lainnya", "Lainnya"),
                                ],
                                max_length=16,
                                verbose_name="pekerjaan",
                            ),
                        ),
                        ("suggestion", models.TextField(blank=True, verbose_name="saran")),
                        (
                            "submitted_at",
                            models.DateTimeField(
                                auto_now_add=True, db_index=True, verbose_name="diisi"
                            ),
                        ),
                        (
                            "application",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="survey_response",
                                to="registration.application",
                            ),
                        ),
                        (
                            "complaint",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="survey_response",
                                to="complaints.complaint",
                            ),
                        ),
                        (
                            "service",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="survey_responses",
                                to="portal.service",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "jawaban survei kepuasan",
                        "verbose_name_plural": "jawaban survei kepuasan",
                        "db_table": "complaints_surveyresponse",
                        "ordering": ["-submitted_at"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("u1__gte", 1), ("u1__lte", 4)),
                                    models.Q(("u2__gte", 1), ("u2__lte", 4)),
                                    models.Q(("u3__gte", 1), ("u3__lte", 4)),
                                    models.Q(("u4__gte", 1), ("u4__lte", 4)),
                                    models.Q(("u5__gte", 1), ("u5__lte", 4)),
                                    models.Q(("u6__gte", 1), ("u6__lte", 4)),
                                    models.Q(("u7__gte", 1), ("u7__lte", 4)),
                                    models.Q(("u8__gte", 1), ("u8__lte", 4)),
                                    models.Q(("u9__gte", 1), ("u9__lte", 4)),
                                ),
                                name="survey_elements_1_to_4",
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
