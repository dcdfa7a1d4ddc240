import shutil
from pathlib import Path

from django.conf import settings
from django.db import migrations, models

import smartikm.core.files


def move_scans_out_of_public_media(apps, schema_editor):
    """Certificate scans uploaded before this migration sit under MEDIA_ROOT, which is public: move
    them to PRIVATE_ROOT under the same name."""
    Certification = apps.get_model("registry", "Certification")
    media, private = Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_ROOT)
    for name in Certification.objects.exclude(file="").values_list("file", flat=True).iterator():
        source, target = media / name, private / name
        if source.is_file() and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(source, target)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_sentra_publicly_known_unknown"),
    ]

    operations = [
        migrations.AlterField(
            model_name="certification",
            name="file",
            field=models.FileField(
                blank=True,
                storage=smartikm.core.files.private_storage,
                upload_to="certifications/%Y/%m/",
                verbose_name="berkas",
            ),
        ),
        migrations.RunPython(move_scans_out_of_public_media, migrations.RunPython.noop, elidable=True),
    ]
