"""Corrections test data: two UPT (Lapas A = the persona's Lapas Kelas I Semarang, Lapas B in
Jawa Timur) with an officer each, an active UPT product, artisans and API clients."""

import datetime

import pytest
from django.test import Client

from smartikm.accounts.choices import OrganisationKind, Role
from smartikm.accounts.models import ApiToken, Membership, Organisation, User
from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.models import Category, Product
from smartikm.corrections import actions
from smartikm.producers.actions import producer_for
from smartikm.reference.models import Region

# Distinctive markers that must never appear in public output (the leak scan looks for them).
SECRET_NAME = "Sutarno Wibisono Rahasiaputra"
SECRET_NIK = "3374011203800007"
LAST_MONTH = datetime.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def upt_a(personas):
    actions.save_upt_profile(
        personas.upt,
        unit_type="lapas",
        unit_class="I",
        regency="33.74",
        story="Bengkel kerja kayu dan konveksi sejak 2015.",
        actor=personas.upt_officer,
    )
    return personas.upt


@pytest.fixture
def officer_a(personas):
    return personas.upt_officer


@pytest.fixture
def upt_b(db):
    return Organisation.objects.create(
        name="Lapas Kelas IIA Sidoarjo",
        kind=OrganisationKind.UPT,
        province=Region.objects.get(code="35"),
        region=Region.objects.get(code="35.15"),
    )


@pytest.fixture
def officer_b(upt_b):
    user = User.objects.create_user(username="petugas.lapas.b", password="x-uji-123")
    Membership.objects.create(user=user, organisation=upt_b, role=Role.OFFICER)
    return user


def make_upt_product(upt, *, name="Keset sabut kelapa", status=ProductStatus.ACTIVE) -> Product:
    return Product.objects.create(
        producer=producer_for(upt),
        name_id=name,
        description_id="Keset dari sabut kelapa, 40 x 60 cm.",
        category=Category.objects.filter(parent__isnull=False, is_active=True).order_by("id")[0],
        price=75_000,
        status=status,
    )


@pytest.fixture
def product_a(upt_a):
    return make_upt_product(upt_a)


@pytest.fixture
def product_b(upt_b):
    return make_upt_product(upt_b, name="Sarung tangan kain")


@pytest.fixture
def artisans_a(upt_a, officer_a):
    return [actions.register_artisan(upt_a, skills=["coconut"], actor=officer_a) for _ in range(3)]


@pytest.fixture
def artisan_b(upt_b, officer_b):
    return actions.register_artisan(upt_b, skills=["sewing"], actor=officer_b)


def bearer(user) -> Client:
    _token, raw = ApiToken.issue(user, "uji", scope="write")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
