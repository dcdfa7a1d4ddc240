"""`smartikm seed_channels`: the channel rows and demo category mappings (idempotent). Migration
0002 seeds the channels; mappings need the categories that `loadref` loads, hence this command."""

from django.core.management.base import BaseCommand

from smartikm.catalog.models import Category
from smartikm.channels.models import CategoryMapping, Channel
from smartikm.channels.seed import seed_channels, seed_mappings


class Command(BaseCommand):
    help = "Seed marketplace channels and demo category mappings (idempotent)."

    def handle(self, *args, **opts):
        channels = seed_channels(Channel)
        mappings = seed_mappings(Channel, Category, CategoryMapping)
        self.stdout.write(f"channels +{channels}, mappings +{mappings}")
