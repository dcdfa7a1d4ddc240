"""Public-site test data, made with the ORM: a verified IKM in Jepara with active products and
photos, a sentra, and IKM in every other state. Private values are planted so tests can look for
them in public output."""

import datetime
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from smartikm.catalog.actions import add_product_image
from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.models import Category, Product
from smartikm.catalog.tests.factories import image_bytes
from smartikm.producers.actions import producer_for
from smartikm.registry.choices import VerificationStatus
from smartikm.registry.models import Certification, Ikm, Sentra, SentraMember

MULYOHARJO = "33.20.06.2012"  # Mulyoharjo, Kab. Jepara, Jawa Tengah
WIDORO = "35.01.01.2001"  # Widoro, Kab. Pacitan, Jawa Timur
OWNER_NIK = "3320065203850001"
OWNER_PHONE = "+6281325001122"
OWNER_BIRTH = datetime.date(1985, 3, 12)
NPWP = "013121660091000"
NEEDS_MARKER = "butuh-modal-rahasia"
REJECTION_MARKER = "foto-ktp-buram-rahasia"
PRIVATE_MARKERS = (
    OWNER_NIK,
    OWNER_NIK[4:12],
    OWNER_PHONE,
    "81325001122",
    NPWP,
    "01.312.166.0-091.000",
    NEEDS_MARKER,
    REJECTION_MARKER,
    "1985-03-12",
    "12-03-1985",
)


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """`make test` compiles the catalogues; a bare `pytest` in a fresh clone gets them here."""
    from django.conf import settings
    from django.utils.translation import trans_real

    stale = False
    for po_file in (Path(settings.BASE_DIR) / "locale").glob("*/LC_MESSAGES/django.po"):
        mo_file = po_file.with_suffix(".mo")
        if (not mo_file.exists() or mo_file.stat().st_mtime < po_file.stat().st_mtime) and shutil.which(
            "msgfmt"
        ):
            subprocess.run(["msgfmt", "-o", str(mo_file), str(po_file)], check=True)  # noqa: S603, S607
            stale = True
    if stale:  # catalogues already loaded by earlier tests would not see the new files
        trans_real._translations = {}
        trans_real._default = None


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def make_ikm(owner=None, *, name, village=MULYOHARJO, status=VerificationStatus.VERIFIED, **fields) -> Ikm:
    values = {
        "name": name,
        "owner": owner,
        "kbli_id": "13134",
        "workers": 8,
        "investment": 150_000_000,
        "scale": "kecil",
        "village_id": village,
        "province_id": village[:2],
        "regency_id": village[:5],
        "address": "Jl. Sultan Hadlirin No. 12",
        "postal_code": "59431",
        "owner_name": "Siti Aminah",
        "owner_nik": OWNER_NIK,
        "owner_phone": OWNER_PHONE,
        "owner_birth_date": OWNER_BIRTH,
        "npwp": NPWP,
        "needs": {"problems": [NEEDS_MARKER]},
        "phone": "+62291591234",
        "store_links": {"instagram": "@batikkartini", "website": "https://batik.contoh.id"},
        "status": status,
    }
    if status == VerificationStatus.VERIFIED:
        values["verified_at"] = timezone.now()
    if status == VerificationStatus.REJECTED:
        values["rejection_reason"] = REJECTION_MARKER
    if status in (VerificationStatus.SUBMITTED, VerificationStatus.RESUBMITTED):
        values["submitted_at"] = timezone.now()
    values.update(fields)
    return Ikm.objects.create(**values)


def make_product(ikm, *, name="Kain Batik Tulis Parang", status=ProductStatus.ACTIVE, **fields) -> Product:
    values = {
        "producer": producer_for(ikm),
        "name_id": name,
        "name_en": f"{name} (EN)",
        "description_id": "Batik tulis pewarna alam, 2 x 1,15 m.",
        "description_en": "Hand-drawn batik, natural dyes.",
        "category": Category.objects.get(slug="batik"),
        "kbli_id": "13134",
        "price": 450_000,
        "stock": 5,
        "status": status,
    }
    values.update(fields)
    return Product.objects.create(**values)


@dataclass
class PublicData:
    ikm: Ikm
    product: Product
    draft_product: Product
    draft_ikm: Ikm
    pending_ikm: Ikm
    rejected_ikm: Ikm
    hidden_product: Product  # active, but its IKM is not verified
    sentra: Sentra


@pytest.fixture
def public_data(personas) -> PublicData:
    ikm = make_ikm(personas.ikm_owner, name="Batik Tulis Kartini")
    cert = Certification.objects.create(
        ikm=ikm, kind_id="HALAL", number="ID33110000123", issuer="BPJPH", valid_from=datetime.date(2024, 1, 1)
    )
    product = make_product(ikm)
    product.certifications.add(cert)
    add_product_image(
        product,
        SimpleUploadedFile("a.jpg", image_bytes(), content_type="image/jpeg"),
        actor=personas.ikm_owner,
        alt_text="Kain batik motif parang di atas meja",
    )
    draft_product = make_product(ikm, name="Selendang Draf Tersembunyi", status=ProductStatus.DRAFT)
    draft_ikm = make_ikm(name="Ukir Draf Tersembunyi", status=VerificationStatus.DRAFT)
    pending_ikm = make_ikm(name="Tenun Menunggu Tersembunyi", status=VerificationStatus.SUBMITTED)
    rejected_ikm = make_ikm(name="Rotan Ditolak Tersembunyi", status=VerificationStatus.REJECTED)
    hidden_product = make_product(pending_ikm, name="Produk IKM Belum Terverifikasi")
    sentra = Sentra.objects.create(
        name="Sentra Batik Mulyoharjo",
        village_id=MULYOHARJO,
        province_id="33",
        regency_id="33.20",
        commodity="Batik tulis",
        kbli_id="13134",
        supervising_agency="Disperindag Kabupaten Jepara",
    )
    SentraMember.objects.create(sentra=sentra, ikm=ikm)
    SentraMember.objects.create(sentra=sentra, ikm=pending_ikm)
    return PublicData(
        ikm, product, draft_product, draft_ikm, pending_ikm, rejected_ikm, hidden_product, sentra
    )
