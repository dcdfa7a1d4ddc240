"""The national default split, kept as data with its source (docs/architecture.md, rule 4)."""

import datetime

from django.db import migrations

SOURCE = "Kepmenkeh M.01-PP.02.01/1990"


def add_default(apps, schema_editor):
    SplitRule = apps.get_model("corrections", "SplitRule")
    SplitRule.objects.get_or_create(
        upt=None,
        source=SOURCE,
        defaults={
            "premi_bp": 5000,
            "pnbp_bp": 1500,
            "capital_bp": 3500,
            "valid_from": datetime.date(1990, 1, 1),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("corrections", "0001_initial")]

    operations = [migrations.RunPython(add_default, migrations.RunPython.noop)]
