"""`smartikm demo`: fill the database with deterministic demo data (IKM, products, sentra, personas).

Demo logins (password `smartikm.accounts.personas.PASSWORD`): admin.kemenperin, petugas.jateng,
petugas.jatim, petugas.lapas, kurator, pemilik.ikm (owns the first generated IKM), pembeli, orang.luar.
"""

from django.core.management.base import BaseCommand, CommandError

from smartikm.catalog.search import reindex_all
from smartikm.core.statistics import refresh_planner_statistics
from smartikm.demo.generator import DEFAULT_CHUNK, DemoDataError, generate
from smartikm.registry.models import Ikm


class Command(BaseCommand):
    help = (
        "Isi basis data dengan data contoh yang deterministik: IKM di desa/kelurahan nyata, produk, "
        "sertifikasi, sentra, UPT pemasyarakatan, dan akun persona demo. Benih yang sama menghasilkan "
        "data yang sama. Jalankan `smartikm loadref` lebih dahulu."
    )

    def add_arguments(self, parser):
        parser.add_argument("--ikm", type=int, default=2000, help="Jumlah IKM yang dibuat (bawaan 2000).")
        parser.add_argument(
            "--seed", type=int, default=1, help="Benih acak; benih sama = data sama (bawaan 1)."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Tidak melakukan apa pun bila sudah ada IKM di basis data.",
        )
        parser.add_argument(
            "--chunk",
            type=int,
            default=DEFAULT_CHUNK,
            help=f"IKM per transaksi; membatasi pemakaian memori (bawaan {DEFAULT_CHUNK}).",
        )
        parser.add_argument("--quiet", action="store_true", help="Jangan cetak kemajuan.")

    def handle(self, *args, ikm, seed, if_empty, chunk, quiet, **options):
        if ikm < 0 or chunk < 1:
            raise CommandError("--ikm harus >= 0 dan --chunk >= 1.")
        if if_empty and Ikm.objects.exists():
            if not quiet:
                self.stdout.write("Sudah ada IKM di basis data; data contoh tidak dibuat (--if-empty).")
            return
        progress = None if quiet else self.stdout.write
        try:
            summary = generate(ikm, seed, chunk=chunk, progress=progress)
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        reindex_all()  # generated rows bypass the actions, so nothing indexed them one by one
        refresh_planner_statistics()  # the planner still believes the tables are as small as before
        if not quiet:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Selesai dalam {summary.seconds:.1f} dtk: {summary.ikm:,} IKM, "
                    f"{summary.products:,} produk, "
                    f"{summary.certifications:,} sertifikat, {summary.sentra:,} sentra "
                    f"({summary.sentra_members:,} anggota), {summary.organisations} UPT baru."
                )
            )
            self.stdout.write(
                "Akun demo (kata sandi di smartikm/accounts/personas.py): admin.kemenperin, petugas.jateng, "
                "petugas.jatim, petugas.lapas, kurator, pemilik.ikm, pembeli, orang.luar"
            )
