"""`smartikm reindex`: rebuild the catalogue search index (after bulk imports or a change of the
stemming rules in catalog/search/data)."""

from django.core.management.base import BaseCommand

from smartikm.catalog.search import reindex_all
from smartikm.core.statistics import refresh_planner_statistics


class Command(BaseCommand):
    help = "Bangun ulang indeks pencarian katalog dari semua produk publik."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Jangan cetak kemajuan.")

    def handle(self, *args, quiet, **options):
        progress = None if quiet else self.stdout.write
        total = reindex_all(progress=progress)
        refresh_planner_statistics()  # reindex runs after bulk imports: the planner must see them
        if not quiet:
            self.stdout.write(self.style.SUCCESS(f"Selesai: {total:,} produk publik diindeks."))
