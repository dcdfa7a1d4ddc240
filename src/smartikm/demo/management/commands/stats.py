"""`smartikm stats`: row counts of the main tables, as a table or one JSON object (`--json`)."""

import json

from django.core.management.base import BaseCommand
from django.db.models import Count

from smartikm.accounts.models import Organisation, User
from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.models import Product, ProductImage
from smartikm.core.models import AuditEntry
from smartikm.reference.models import HsCode, Kbli, Region
from smartikm.registry.choices import VerificationStatus
from smartikm.registry.models import Certification, Ikm, Sentra, SentraMember


def collect() -> dict:
    """Counts keyed by a stable name; nested dicts for breakdowns."""
    by_status = dict(Ikm.objects.order_by().values_list("status").annotate(n=Count("id")))
    by_level = dict(Region.objects.order_by().values_list("level").annotate(n=Count("code")))
    return {
        "ikm": Ikm.objects.count(),
        "ikm_by_status": {s.value: by_status.get(s.value, 0) for s in VerificationStatus},
        "sentra": Sentra.objects.count(),
        "sentra_members": SentraMember.objects.count(),
        "products": Product.objects.count(),
        "products_active": Product.objects.filter(status=ProductStatus.ACTIVE).count(),
        "product_images": ProductImage.objects.count(),
        "certifications": Certification.objects.count(),
        "organisations": Organisation.objects.count(),
        "users": User.objects.count(),
        "regions_by_level": {str(level): by_level.get(level, 0) for level in (1, 2, 3, 4)},
        "kbli_kelompok": Kbli.objects.filter(level="kelompok").count(),
        "btki_lines": HsCode.objects.filter(level=8).count(),
        "audit_entries": AuditEntry.objects.count(),
    }


LABELS = {
    "ikm": "IKM",
    "ikm_by_status": "IKM per status",
    "sentra": "Sentra",
    "sentra_members": "Anggota sentra",
    "products": "Produk",
    "products_active": "Produk aktif",
    "product_images": "Gambar produk",
    "certifications": "Sertifikasi",
    "organisations": "Organisasi",
    "users": "Pengguna",
    "regions_by_level": "Wilayah per tingkat",
    "kbli_kelompok": "KBLI kelompok (5 digit)",
    "btki_lines": "BTKI pos tarif 8 digit",
    "audit_entries": "Jejak audit",
}


class Command(BaseCommand):
    help = (
        "Tampilkan jumlah baris tabel utama (IKM, sentra, produk, sertifikasi, pengguna, referensi, audit)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Cetak satu objek JSON.")

    def handle(self, *args, **options):
        data = collect()
        if options["json"]:
            self.stdout.write(json.dumps(data, sort_keys=False))
            return
        width = max(len(v) for v in LABELS.values()) + 2
        for key, value in data.items():
            if isinstance(value, dict):
                self.stdout.write(LABELS[key])
                for sub, n in value.items():
                    self.stdout.write(f"  {sub:<{width - 2}}{n:>12,}")
            else:
                self.stdout.write(f"{LABELS[key]:<{width}}{value:>12,}")
