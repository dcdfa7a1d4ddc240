import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Step 1 of 3: products get a nullable `producer`; the one-of-ikm/upt rule is dropped."""

    dependencies = [
        ("catalog", "0004_searchentry_combo"),
        ("producers", "0002_producers_for_existing_makers"),
    ]

    operations = [
        migrations.AddField(
            model_name="product",
            name="producer",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="products",
                to="producers.producer",
                verbose_name="produsen",
            ),
        ),
        migrations.RemoveConstraint(model_name="product", name="product_has_exactly_one_producer"),
    ]
