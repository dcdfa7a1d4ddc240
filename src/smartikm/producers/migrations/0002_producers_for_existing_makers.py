"""One Producer for every IKM and every UPT organisation that exists before this app did."""

from django.db import migrations

BATCH = 5000


def create(apps, schema_editor):
    Ikm = apps.get_model("registry", "Ikm")
    Organisation = apps.get_model("accounts", "Organisation")
    Producer = apps.get_model("producers", "Producer")
    rows = []
    for pk, name, province_id in Ikm.objects.order_by("pk").values_list("pk", "name", "province_id").iterator(
        chunk_size=BATCH
    ):
        rows.append(Producer(kind="ikm", ikm_id=pk, province_id=province_id, public_name=name[:200]))
        if len(rows) >= BATCH:
            Producer.objects.bulk_create(rows)
            rows = []
    for org in Organisation.objects.filter(kind="upt").order_by("pk"):
        province = org.province_id or (org.region_id[:2] if org.region_id else None)
        rows.append(Producer(kind="upt", organisation_id=org.pk, province_id=province, public_name=org.name[:200]))
    Producer.objects.bulk_create(rows)


def remove(apps, schema_editor):
    apps.get_model("producers", "Producer").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("producers", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
