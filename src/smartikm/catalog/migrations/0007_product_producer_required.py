import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Step 3 of 3: the old ikm/upt pair goes; `producer` is required."""

    dependencies = [("catalog", "0006_fill_product_producer")]

    operations = [
        migrations.RemoveField(model_name="product", name="ikm"),
        migrations.RemoveField(model_name="product", name="upt"),
        migrations.AlterField(
            model_name="product",
            name="producer",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="products",
                to="producers.producer",
                verbose_name="produsen",
            ),
        ),
    ]
