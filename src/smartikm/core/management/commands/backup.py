"""`smartikm backup [--output FILE]`: the database and the uploads in one archive (see core.backup)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from smartikm.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Cadangkan basis data (SQLite: backup daring; PostgreSQL: pg_dump) beserta berkas unggahan ke "
        "satu arsip .tar.gz dengan manifest (versi, jumlah baris, jumlah berkas). Kunci tidak ikut."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            help="Berkas arsip (bawaan var/backups/smartikm-TANGGAL-JAM.tar.gz).",
        )

    def handle(self, *args, output, **options):
        if not output:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            output = Path(settings.VAR_DIR) / "backups" / f"smartikm-{stamp}.tar.gz"
        try:
            manifest = create_backup(Path(output))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Cadangan tersimpan: {output} ({manifest['engine']}, {len(manifest['rows'])} tabel, "
                f"{rows:,} baris, {manifest['media']['files']} berkas media, "
                f"{manifest['private']['files']} berkas privat)."
            )
        )
        self.stdout.write(
            "Kunci enkripsi kolom tidak ikut dicadangkan: simpan SMARTIKM_FIELD_KEYS (atau var/field_keys) "
            "di tempat lain; pemulihan memerlukannya."
        )
