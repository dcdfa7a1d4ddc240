"""Step 2 of 3: every shop connection points at the producer of its IKM or UPT (and back, when reversed).

Separate from the schema steps: PostgreSQL refuses to alter a table with pending deferred
foreign-key checks in the same transaction.
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def forwards(apps, schema_editor):
    ShopConnection = apps.get_model("channels", "ShopConnection")
    Producer = apps.get_model("producers", "Producer")
    ShopConnection.objects.filter(ikm__isnull=False).update(
        producer_id=Subquery(Producer.objects.filter(ikm_id=OuterRef("ikm_id")).values("pk")[:1])
    )
    ShopConnection.objects.filter(upt__isnull=False).update(
        producer_id=Subquery(Producer.objects.filter(organisation_id=OuterRef("upt_id")).values("pk")[:1])
    )


def backwards(apps, schema_editor):
    ShopConnection = apps.get_model("channels", "ShopConnection")
    Producer = apps.get_model("producers", "Producer")
    ShopConnection.objects.filter(producer__kind="ikm").update(
        ikm_id=Subquery(Producer.objects.filter(pk=OuterRef("producer_id")).values("ikm_id")[:1])
    )
    ShopConnection.objects.filter(producer__kind="upt").update(
        upt_id=Subquery(Producer.objects.filter(pk=OuterRef("producer_id")).values("organisation_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("channels", "0003_shopconnection_producer")]

    operations = [migrations.RunPython(forwards, backwards)]
