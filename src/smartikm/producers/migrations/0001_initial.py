import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("reference", "0001_initial"),
        ("registry", "0002_sentra_publicly_known_unknown"),
    ]

    operations = [
        migrations.CreateModel(
            name="Producer",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="dibuat")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="diubah")),
                (
                    "kind",
                    models.CharField(
                        choices=[("ikm", "IKM"), ("upt", "UPT Pemasyarakatan (warga binaan)")],
                        max_length=3,
                        verbose_name="jenis",
                    ),
                ),
                ("public_name", models.CharField(max_length=200, verbose_name="nama publik")),
                (
                    "ikm",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="producer",
                        to="registry.ikm",
                        verbose_name="IKM",
                    ),
                ),
                (
                    "organisation",
                    models.OneToOneField(
                        blank=True,
                        limit_choices_to={"kind": "upt"},
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="producer",
                        to="accounts.organisation",
                        verbose_name="UPT Pemasyarakatan",
                    ),
                ),
                (
                    "province",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="reference.region",
                        verbose_name="provinsi",
                    ),
                ),
            ],
            options={
                "verbose_name": "produsen",
                "verbose_name_plural": "produsen",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("ikm__isnull", False), ("kind", "ikm"), ("organisation__isnull", True)),
                            models.Q(("ikm__isnull", True), ("kind", "upt"), ("organisation__isnull", False)),
                            _connector="OR",
                        ),
                        name="producer_links_exactly_its_kind",
                    )
                ],
            },
        ),
    ]
