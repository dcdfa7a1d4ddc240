"""`smartikm loadref`: load or refresh every reference dataset; safe to run any number of times."""

from django.core.management.base import BaseCommand

from smartikm.core.statistics import refresh_planner_statistics
from smartikm.reference.loaders import SOURCES, dataset_name, extra_loaders, load_all
from smartikm.reference.models import HsCode, Kbli, Region


class Command(BaseCommand):
    help = (
        "Muat data referensi (wilayah, KBLI 2020, BTKI 2022, negara, jenis sertifikasi, aturan skala, "
        "kategori)."
    )

    def add_arguments(self, parser):
        names = [s.name for s in SOURCES] + ["scale_rules"] + [dataset_name(f) for f in extra_loaders()]
        parser.add_argument("--only", nargs="*", choices=names, help="Hanya set data ini.")
        parser.add_argument("--force", action="store_true", help="Bandingkan ulang meskipun checksum sama.")

    def handle(self, *args, only=None, force=False, **options):
        results = list(load_all(only=only, force=force))
        if any(not r.skipped for r in results):
            refresh_planner_statistics()  # regions alone are ~90 k rows, written in bulk
        for r in results:
            if r.skipped:
                self.stdout.write(f"{r.name}: {r.total} rows, unchanged")
            else:
                self.stdout.write(
                    f"{r.name}: {r.total} rows, {r.created} created, {r.updated} updated, "
                    f"{r.disabled} disabled"
                )
        levels = {lvl: Region.objects.filter(level=lvl, is_active=True).count() for lvl in (1, 2, 3, 4)}
        self.stdout.write(
            "regions: {} provinces / {} regencies-cities / {} districts / {} villages".format(
                *levels.values()
            )
        )
        kelompok = Kbli.objects.filter(level="kelompok", is_active=True).count()
        lines = HsCode.objects.filter(level=8, is_active=True).count()
        self.stdout.write(f"kbli 2020: {kelompok} kelompok; btki 2022: {lines} eight-digit lines")
