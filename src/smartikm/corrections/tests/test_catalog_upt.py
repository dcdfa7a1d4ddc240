"""UPT products are ordinary catalogue products: public when active, managed by the UPT's officers,
labelled with the unit (never a person), photos stripped of all metadata."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from PIL import Image

from smartikm.catalog import actions as catalog_actions
from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.models import Product
from smartikm.catalog.queries import public_products
from smartikm.catalog.tests.factories import upload
from smartikm.catalog.tests.test_images import assert_no_metadata, jpeg_with_metadata
from smartikm.corrections.tests.conftest import make_upt_product
from smartikm.producers.actions import producer_for
from smartikm.producers.models import Producer
from smartikm.producers.permissions import provenance

pytestmark = pytest.mark.django_db


def test_a_product_always_has_one_producer_that_is_an_ikm_or_a_upt_never_both(product_a, personas):
    from smartikm.catalog.tests.factories import make_ikm

    ikm = make_ikm()
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=product_a.pk).update(producer=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Producer.objects.filter(pk=product_a.producer_id).update(ikm=ikm)
    with pytest.raises(IntegrityError), transaction.atomic():
        Producer.objects.filter(pk=product_a.producer_id).update(organisation=None)


def test_active_products_of_active_upts_are_public(product_a, upt_a):
    assert product_a in public_products()
    upt_a.is_active = False
    upt_a.save()
    assert product_a not in public_products()


def test_draft_upt_products_are_not_public(upt_a):
    draft = make_upt_product(upt_a, status=ProductStatus.DRAFT)
    assert draft not in public_products()


def test_provenance_names_the_unit_and_never_a_person(product_a, artisans_a):
    label = provenance(product_a.producer).label
    assert label == "Karya warga binaan — Lapas Kelas I Semarang"
    assert not any(a.code in label for a in artisans_a)


def test_provenance_is_none_for_ikm_products(personas):
    from smartikm.catalog.tests.factories import make_ikm

    ikm = make_ikm()
    product = Product(producer=producer_for(ikm), name_id="x")
    assert provenance(product.producer) is None


def test_product_api_shows_the_unit_as_producer_with_its_story(product_a, client):
    body = client.get(f"/api/catalog/products/{product_a.pk}").json()
    assert body["ikm"] is None
    assert body["producer"]["kind"] == "upt" and body["producer"]["name"] == "Lapas Kelas I Semarang"
    assert body["producer"]["regency"]["code"] == "33.74"
    assert body["provenance"] == {
        "label": "Karya warga binaan — Lapas Kelas I Semarang",
        "story": "Bengkel kerja kayu dan konveksi sejak 2015.",
    }
    listed = client.get("/api/catalog/products", {"province": "33"}).json()
    assert product_a.pk in [p["id"] for p in listed["items"]]


def test_upt_officers_manage_their_own_units_products_only(upt_a, officer_a, officer_b, product_data_for_upt):
    product = catalog_actions.create_product(upt_a, product_data_for_upt, actor=officer_a)
    assert product.upt == upt_a and product.ikm is None
    catalog_actions.change_product_status(product, ProductStatus.ACTIVE, actor=officer_a)
    with pytest.raises(PermissionDenied):
        catalog_actions.update_product(product, {"price": 1}, actor=officer_b)
    with pytest.raises(PermissionDenied):
        catalog_actions.create_product(upt_a, product_data_for_upt, actor=officer_b)


def test_certifications_cannot_be_attached_to_a_upt_product(upt_a, officer_a, product_data_for_upt):
    with pytest.raises(ValidationError):
        catalog_actions.create_product(
            upt_a, {**product_data_for_upt, "certifications": [1]}, actor=officer_a
        )


def test_upt_product_photo_loses_gps_artist_and_xmp_metadata(product_a, officer_a, media_root):
    image = catalog_actions.add_product_image(product_a, upload(jpeg_with_metadata()), actor=officer_a)
    for field in (image.image, image.medium, image.thumbnail):
        data = field.read()
        field.close()
        assert_no_metadata(data)
        assert b"GPS" not in data
        assert "gps" not in {k.lower() for k in Image.open(io.BytesIO(data)).info}


@pytest.fixture
def product_data_for_upt(db):
    from smartikm.catalog.models import Category

    return {
        "name_id": "Kursi kayu jati",
        "description_id": "Kursi kayu jati buatan bengkel kerja.",
        "category": Category.objects.filter(parent__isnull=False, is_active=True).order_by("id").first().pk,
        "price": "Rp 850.000",
        "moq": 1,
        "unit": "pcs",
        "stock": 4,
    }


def test_product_page_shows_the_provenance_label_and_the_units_story(product_a, client):
    html = client.get(f"/produk/{product_a.pk}/").content.decode()
    assert "Karya warga binaan — Lapas Kelas I Semarang" in html
    assert "Bengkel kerja kayu dan konveksi sejak 2015." in html
