"""Seed the channel rows (active marketplaces, the LKPP feed, link-only stores and the retired
channels with their effective dates) and, where the categories exist already, demo mappings."""

from django.db import migrations


def forwards(apps, schema_editor):
    from smartikm.channels.seed import seed_channels, seed_mappings

    Channel = apps.get_model("channels", "Channel")
    seed_channels(Channel)
    seed_mappings(
        Channel, apps.get_model("catalog", "Category"), apps.get_model("channels", "CategoryMapping")
    )


class Migration(migrations.Migration):
    dependencies = [("channels", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
