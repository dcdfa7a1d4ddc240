"""Product endpoints: visibility, filters, details with images and certifications, pinned query
counts, and writes through the catalog actions (which validate with the catalog forms)."""

import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.models import Category, Product, ProductImage
from smartikm.core.tests.conftest import PRIVATE_MARKERS
from smartikm.registry.choices import VerificationStatus
from smartikm.registry.models import Certification

pytestmark = pytest.mark.django_db


def post_json(api, url, payload, headers=None, method="post"):
    return getattr(api, method)(
        url, json.dumps(payload), content_type="application/json", headers=headers or {}
    )


def png_upload(name="foto.png", size=(64, 48)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# --------------------------------------------------------------------------- reads


def test_public_sees_active_products_of_verified_ikm_only(api, make_ikm, make_product):
    verified = make_ikm()
    pending = make_ikm(status=VerificationStatus.SUBMITTED)
    shown = make_product(verified)
    make_product(verified, status=ProductStatus.DRAFT)
    make_product(verified, status=ProductStatus.ARCHIVED)
    hidden = make_product(pending)
    response = api.get("/api/catalog/products")
    assert [p["id"] for p in response.json()["items"]] == [shown.pk]
    for marker in PRIVATE_MARKERS:
        assert marker not in response.content.decode()
    assert api.get(f"/api/catalog/products/{hidden.pk}").status_code == 404


def test_owner_sees_own_drafts_and_filters_by_status(api, personas, bearer, make_ikm, make_product):
    ikm = make_ikm(owner=personas.ikm_owner, status=VerificationStatus.DRAFT)
    draft = make_product(ikm, status=ProductStatus.DRAFT)
    make_product(make_ikm(), status=ProductStatus.DRAFT)
    body = api.get("/api/catalog/products?status=draft", headers=bearer(personas.ikm_owner)).json()
    assert [p["id"] for p in body["items"]] == [draft.pk]


def test_product_filters_category_including_children_province_and_ikm(
    api, make_ikm, make_product, village_jatim
):
    parent = Category.objects.get(slug="fesyen")
    child = parent.children.order_by("id").first()
    other = Category.objects.filter(parent__isnull=False).exclude(parent=parent).order_by("id").first()
    jateng = make_ikm()
    jatim = make_ikm(village=village_jatim, has_export_experience=True)
    a = make_product(jateng, category=child)
    b = make_product(jatim, category=other)

    def ids(query):
        return sorted(p["id"] for p in api.get("/api/catalog/products", query).json()["items"])

    assert ids({"category": "fesyen"}) == [a.pk]
    assert ids({"category": child.slug}) == [a.pk]
    assert ids({"province": "35"}) == [b.pk]
    assert ids({"ikm": jateng.pk}) == [a.pk]
    assert ids({"has_export_experience": True}) == [b.pk]
    assert ids({"q": a.name_id[-3:]}) == [a.pk]


def test_product_detail_has_image_urls_and_certifications(api, make_ikm, make_product):
    ikm = make_ikm()
    product = make_product(ikm, hs_code_id="44201100")
    ProductImage.objects.create(
        product=product, token="t1", image="products/t1.webp", thumbnail="products/t1-thumb.webp", position=1
    )
    ProductImage.objects.create(product=product, token="t0", image="products/t0.webp", position=0)
    cert = Certification.objects.create(
        ikm=ikm,
        kind_id="HALAL",
        number="ID3311000012345",
        issuer="BPJPH",
        valid_from=datetime.date(2024, 1, 1),
    )
    product.certifications.add(cert)
    body = api.get(f"/api/catalog/products/{product.pk}").json()
    assert [i["url"] for i in body["images"]] == [
        "http://testserver/media/products/t0.webp",
        "http://testserver/media/products/t1.webp",
    ]
    assert body["images"][1]["thumbnail_url"] == "http://testserver/media/products/t1-thumb.webp"
    assert body["images"][0]["thumbnail_url"] is None
    assert body["thumbnail_url"] == "http://testserver/media/products/t0.webp"
    assert body["certifications"] == [
        {
            "id": cert.pk,
            "kind": "HALAL",
            "kind_name": cert.kind.name,
            "number": "ID3311000012345",
            "issuer": "BPJPH",
            "valid_from": "2024-01-01",
            "valid_until": None,
        }
    ]
    assert body["hs_code"]["dotted"] == "4420.11.00" and body["ikm"]["id"] == ikm.pk


@pytest.mark.parametrize("page_size", [2, 10])
def test_public_product_list_query_count_does_not_grow_with_page_size(
    api, make_ikm, make_product, django_assert_num_queries, page_size
):
    ikm = make_ikm()
    for n in range(12):
        product = make_product(ikm)
        ProductImage.objects.create(product=product, token=f"q{n}", image=f"products/q{n}.webp")
    with django_assert_num_queries(3):  # COUNT + page with category/IKM/regions joined + images
        body = api.get(f"/api/catalog/products?page_size={page_size}").json()
    assert len(body["items"]) == page_size and all(p["thumbnail_url"] for p in body["items"])


@pytest.mark.parametrize("page_size", [2, 10])
def test_owner_product_list_query_count_does_not_grow_with_page_size(
    api, personas, bearer, make_ikm, make_product, django_assert_num_queries, page_size
):
    ikm = make_ikm(owner=personas.ikm_owner)
    for _ in range(12):
        make_product(ikm, status=ProductStatus.DRAFT)
    headers = bearer(personas.ikm_owner, fresh=True)
    with django_assert_num_queries(5):  # token + memberships + COUNT + page + images
        body = api.get(f"/api/catalog/products?page_size={page_size}", headers=headers).json()
    assert len(body["items"]) == page_size


def test_product_detail_takes_a_fixed_number_of_queries(
    api, make_ikm, make_product, django_assert_num_queries
):
    product = make_product(make_ikm())
    with django_assert_num_queries(3):  # product with joins + images + certifications
        assert api.get(f"/api/catalog/products/{product.pk}").status_code == 200


def test_categories_are_listed(api):
    body = api.get("/api/catalog/categories").json()
    assert {"fesyen", "makanan"} <= {c["slug"] for c in body}


# --------------------------------------------------------------------------- writes


@pytest.fixture
def product_payload(leaf_category):
    return {
        "name_id": "Kain Batik Tulis Sogan",
        "description_id": "Batik tulis pewarna alam dari Lasem.",
        "category": leaf_category.pk,
        "kbli": "13134",
        "hs_code": "5208.52.10",
        "price": 450_000,
        "stock": 12,
    }


def test_owner_creates_a_draft_product(api, personas, bearer, make_ikm, product_payload):
    ikm = make_ikm(owner=personas.ikm_owner)
    response = post_json(
        api, "/api/catalog/products", {**product_payload, "ikm": ikm.pk}, bearer(personas.ikm_owner)
    )
    assert response.status_code == 201, response.content
    product = Product.objects.get(pk=response.json()["id"])
    assert product.ikm == ikm and product.status == ProductStatus.DRAFT and product.price == 450_000
    assert product.hs_code_id == "52085210"


def test_other_users_cannot_add_products_to_an_ikm(api, personas, bearer, make_ikm, product_payload):
    ikm = make_ikm(owner=personas.ikm_owner)
    before = Product.objects.count()
    for user in (personas.outsider, personas.officer_jatim):
        response = post_json(api, "/api/catalog/products", {**product_payload, "ikm": ikm.pk}, bearer(user))
        assert response.status_code == 403
    assert Product.objects.count() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kbli", "99999"),
        ("hs_code", "9999.99.99"),
        ("category", 999_999),
        ("price", -1),
        ("price", "mahal"),
        ("name_id", "x" * 201),
        ("stock", 1.5),
        ("unit", "ton"),
    ],
)
def test_bad_product_fields_are_422_naming_the_field(
    api, personas, bearer, make_ikm, product_payload, field, value
):
    ikm = make_ikm(owner=personas.ikm_owner)
    before = Product.objects.count()
    payload = {**product_payload, "ikm": ikm.pk, field: value}
    response = post_json(api, "/api/catalog/products", payload, bearer(personas.ikm_owner))
    assert response.status_code == 422, response.content
    assert field in {e["field"] for e in response.json()["errors"]}
    assert Product.objects.count() == before


def test_parent_category_is_refused_for_products(api, personas, bearer, make_ikm, product_payload):
    ikm = make_ikm(owner=personas.ikm_owner)
    parent = Category.objects.get(slug="fesyen")
    payload = {**product_payload, "ikm": ikm.pk, "category": parent.pk}
    response = post_json(api, "/api/catalog/products", payload, bearer(personas.ikm_owner))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "category"


def test_owner_updates_a_product_partially_and_activates_it(api, personas, bearer, make_ikm, make_product):
    ikm = make_ikm(owner=personas.ikm_owner)
    product = make_product(ikm, status=ProductStatus.DRAFT)
    headers = bearer(personas.ikm_owner)
    response = post_json(api, f"/api/catalog/products/{product.pk}", {"price": 500_000}, headers, "patch")
    assert response.status_code == 200, response.content
    product.refresh_from_db()
    assert product.price == 500_000 and product.name_id.startswith("Kain Batik")
    response = post_json(api, f"/api/catalog/products/{product.pk}/status", {"status": "active"}, headers)
    assert response.status_code == 200 and response.json()["status"] == "active"


def test_owner_uploads_a_product_image(api, personas, bearer, make_ikm, make_product, media):
    product = make_product(make_ikm(owner=personas.ikm_owner))
    response = api.post(
        f"/api/catalog/products/{product.pk}/images",
        {"image": png_upload(), "alt_text": "Kain batik dilipat"},
        headers=bearer(personas.ikm_owner),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (
        body["url"].endswith(".webp") and body["thumbnail_url"] and body["alt_text"] == "Kain batik dilipat"
    )
    assert product.images.count() == 1


def test_a_file_that_is_not_an_image_is_422(api, personas, bearer, make_ikm, make_product, media):
    product = make_product(make_ikm(owner=personas.ikm_owner))
    fake = SimpleUploadedFile("foto.png", b"<?php echo 1; ?>", content_type="image/png")
    response = api.post(
        f"/api/catalog/products/{product.pk}/images", {"image": fake}, headers=bearer(personas.ikm_owner)
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "image"
    assert product.images.count() == 0


def test_missing_image_file_is_422(api, personas, bearer, make_ikm, make_product, media):
    product = make_product(make_ikm(owner=personas.ikm_owner))
    response = api.post(
        f"/api/catalog/products/{product.pk}/images", {"alt_text": "x"}, headers=bearer(personas.ikm_owner)
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "image"


def test_stranger_cannot_upload_images(api, personas, bearer, make_ikm, make_product, media):
    product = make_product(make_ikm(owner=personas.ikm_owner))
    response = api.post(
        f"/api/catalog/products/{product.pk}/images",
        {"image": png_upload()},
        headers=bearer(personas.outsider),
    )
    assert response.status_code == 403 and product.images.count() == 0
