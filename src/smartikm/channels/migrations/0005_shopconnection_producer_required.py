import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Step 3 of 3: the old ikm/upt pair goes; `producer` is required."""

    dependencies = [("channels", "0004_fill_shopconnection_producer")]

    operations = [
        migrations.RemoveField(model_name="shopconnection", name="ikm"),
        migrations.RemoveField(model_name="shopconnection", name="upt"),
        migrations.AlterField(
            model_name="shopconnection",
            name="producer",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="shop_connections",
                to="producers.producer",
                verbose_name="produsen",
            ),
        ),
    ]
