import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Step 1 of 3: shop connections get a nullable `producer`; the one-of-ikm/upt rule is dropped."""

    dependencies = [
        ("channels", "0002_seed_channels"),
        ("producers", "0002_producers_for_existing_makers"),
    ]

    operations = [
        migrations.AddField(
            model_name="shopconnection",
            name="producer",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="shop_connections",
                to="producers.producer",
                verbose_name="produsen",
            ),
        ),
        migrations.RemoveConstraint(model_name="shopconnection", name="shop_connection_one_owner"),
    ]
