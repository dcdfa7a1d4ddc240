"""`smartikm restore FILE`: put back a `smartikm backup` archive (database and uploads), then check it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from smartikm.core.backup import BackupError, check_restorable, read_manifest, restore_backup


class Command(BaseCommand):
    help = (
        "Pulihkan basis data dan berkas unggahan dari arsip `smartikm backup`; isi sekarang DIGANTI. "
        "Hentikan server dan pekerja lebih dahulu. Setelahnya jumlah baris dan kolom terenkripsi diperiksa."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Berkas arsip dari `smartikm backup`.")
        parser.add_argument("--noinput", "--no-input", action="store_true", help="Jangan minta konfirmasi.")
        parser.add_argument(
            "--ignore-keys",
            action="store_true",
            help="Pulihkan walau sidik kunci enkripsi kolom berbeda (kolom terenkripsi lalu tak terbaca).",
        )

    def handle(self, *args, archive, noinput, ignore_keys, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"{archive}: berkas tidak ada.")
        try:
            manifest = read_manifest(path)
            check_restorable(manifest, ignore_keys=ignore_keys)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Arsip {path.name}: dibuat {manifest['created_at']}, {manifest['engine']}, "
            f"{sum(manifest['rows'].values()):,} baris, {manifest['media']['files']} berkas media."
        )
        if not noinput:
            answer = input("Basis data dan berkas unggahan sekarang akan DIGANTI. Ketik 'ya' untuk lanjut: ")
            if answer.strip().lower() != "ya":
                raise CommandError("Dibatalkan; tidak ada yang diubah.")
        try:
            report = restore_backup(path, ignore_keys=ignore_keys)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Dipulihkan: {report.rows_checked} tabel dengan jumlah baris sama seperti di manifest; "
                f"{report.encrypted_checked} nilai terenkripsi terbaca. Jalankan `smartikm migrate` bila "
                "versi aplikasi lebih baru daripada cadangan."
            )
        )
