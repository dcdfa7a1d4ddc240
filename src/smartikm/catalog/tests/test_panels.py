"""Catalog's panels on registry pages (`catalog_tags`): registry may not import catalog, so the
products on its IKM pages come from these tags. Each page shows the products its audience may see."""

import pytest
from django.urls import reverse

from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.tests.public_site import make_product
from smartikm.registry.choices import VerificationStatus
from smartikm.registry.models import Sentra, SentraMember
from smartikm.registry.tests.factories import make_ikm

pytestmark = pytest.mark.django_db


def test_the_owners_ikm_page_lists_its_products_of_every_status(client, personas):
    ikm = make_ikm(personas.ikm_owner, name="Rotan Lestari", status=VerificationStatus.DRAFT)
    make_product(ikm, name="Keranjang Aktif")
    make_product(ikm, name="Keranjang Draf", status=ProductStatus.DRAFT)
    client.force_login(personas.ikm_owner)
    body = client.get(reverse("registry:detail", args=[ikm.pk])).content.decode()
    assert "Keranjang Aktif" in body and "Keranjang Draf" in body


def test_the_officers_review_page_lists_the_products_of_the_ikm_under_review(client, personas):
    ikm = make_ikm(personas.ikm_owner, name="Rotan Lestari", status=VerificationStatus.SUBMITTED)
    make_product(ikm, name="Keranjang Draf", status=ProductStatus.DRAFT)
    client.force_login(personas.officer_jateng)
    assert "Keranjang Draf" in client.get(reverse("registry:review", args=[ikm.pk])).content.decode()


def test_the_public_ikm_page_pages_through_active_products_only(client, personas):
    ikm = make_ikm(personas.ikm_owner, name="Rotan Lestari")
    for n in range(13):
        make_product(ikm, name=f"Keranjang {n:02d}")
    make_product(ikm, name="Keranjang Draf", status=ProductStatus.DRAFT)
    first = client.get(reverse("web:ikm", args=[ikm.pk])).content.decode()
    second = client.get(reverse("web:ikm", args=[ikm.pk]), {"page": "2"}).content.decode()
    shown = [f"Keranjang {n:02d}" for n in range(13)]
    assert sum(name in first for name in shown) == 12 and sum(name in second for name in shown) == 1
    assert "Keranjang Draf" not in first + second


def test_the_sentra_page_counts_active_products_of_verified_members_only(client, personas):
    verified = make_ikm(name="Rotan Lestari")
    pending = make_ikm(name="Rotan Menunggu", status=VerificationStatus.SUBMITTED)
    make_product(verified, name="Keranjang A")
    make_product(verified, name="Keranjang B")
    make_product(verified, name="Keranjang Draf", status=ProductStatus.DRAFT)
    make_product(pending, name="Keranjang Menunggu")
    sentra = Sentra.objects.create(
        name="Sentra Rotan",
        village_id=verified.village_id,
        province_id="33",
        regency_id="33.20",
        commodity="Rotan",
        kbli_id="13134",
    )
    SentraMember.objects.create(sentra=sentra, ikm=verified)
    SentraMember.objects.create(sentra=sentra, ikm=pending)
    response = client.get(reverse("web:sentra", args=[sentra.pk]))
    assert response.status_code == 200
    assert "<dt>Produk aktif</dt><dd>2</dd>" in response.content.decode()
