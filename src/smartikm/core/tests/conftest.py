"""Fixtures for the REST API tests: IKM and products made with the ORM, and bearer tokens."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from smartikm.accounts.models import ApiToken
from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.models import Category, Product
from smartikm.producers.actions import producer_for
from smartikm.reference.models import Region
from smartikm.registry.choices import VerificationStatus
from smartikm.registry.models import Ikm

# Personal data planted in every test IKM, searched for in public output.
OWNER_NAME = "Siti Aminah Rahayu"
OWNER_NIK = "3320014501900001"
OWNER_NIK_MASKED = "3320********0001"
OWNER_PHONE = "+6281234509876"
OWNER_BIRTH_DATE = datetime.date(1990, 1, 5)
NPWP = "0123456789012345"
NEEDS_MARKER = "butuh-modal-kerja-rahasia"
REJECTION_MARKER = "foto-ktp-buram-rahasia"
PRIVATE_MARKERS = (OWNER_NAME, OWNER_NIK, OWNER_NIK[4:12], OWNER_PHONE, "1990-01-05", NPWP, NEEDS_MARKER)


@pytest.fixture
def village_jateng(db) -> Region:
    return Region.objects.filter(level=4, code__startswith="33.20.", is_active=True).order_by("code")[0]


@pytest.fixture
def village_jatim(db) -> Region:
    return Region.objects.filter(level=4, code__startswith="35.", is_active=True).order_by("code")[0]


@pytest.fixture
def leaf_category(db) -> Category:
    return Category.objects.filter(parent__isnull=False, is_active=True).order_by("id")[0]


@pytest.fixture
def make_ikm(db, village_jateng):
    counter = iter(range(1, 10_000))

    def make(*, village: Region | None = None, status=VerificationStatus.VERIFIED, **fields) -> Ikm:
        village = village or village_jateng
        n = next(counter)
        values = {
            "name": f"Batik Uji {n:03d}",
            "kbli_id": "13134",
            "workers": 5,
            "investment": 150_000_000,
            "scale": "kecil",
            "village": village,
            "province_id": village.code[:2],
            "regency_id": village.code[:5],
            "address": f"Jl. Uji No. {n}",
            "owner_name": OWNER_NAME,
            "owner_nik": OWNER_NIK,
            "owner_phone": OWNER_PHONE,
            "owner_birth_date": OWNER_BIRTH_DATE,
            "npwp": NPWP,
            "needs": {"problems": NEEDS_MARKER},
            "status": status,
        }
        if status == VerificationStatus.REJECTED:
            values["rejection_reason"] = REJECTION_MARKER
        if status == VerificationStatus.VERIFIED:
            values["verified_at"] = timezone.now()
        values.update(fields)
        return Ikm.objects.create(**values)

    return make


@pytest.fixture
def make_product(db, leaf_category):
    counter = iter(range(1, 10_000))

    def make(ikm: Ikm, *, status=ProductStatus.ACTIVE, category: Category | None = None, **fields) -> Product:
        n = next(counter)
        values = {
            "producer": producer_for(ikm),
            "name_id": f"Kain Batik Tulis {n:03d}",
            "name_en": f"Hand-drawn batik cloth {n:03d}",
            "description_id": "Batik tulis pewarna alam.",
            "category": category or leaf_category,
            "kbli_id": "13134",
            "price": 350_000,
            "status": status,
        }
        values.update(fields)
        return Product.objects.create(**values)

    return make


@pytest.fixture
def bearer(db):
    """bearer(user) -> headers for the Django test client carrying a fresh token of `user`."""

    def make(user, *, fresh: bool = False) -> dict[str, str]:
        token, raw = ApiToken.issue(user, "uji", scope="write")
        if fresh:  # already "used just now": no last_used_at write, for query-count tests
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return {"Authorization": f"Bearer {raw}"}

    return make


@pytest.fixture
def api(db) -> Client:
    return Client()
