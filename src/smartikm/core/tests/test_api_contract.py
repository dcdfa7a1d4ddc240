"""The REST API's contract beyond single endpoints: JSON errors for every /api/ answer, the OpenAPI
document (optional auth on public reads, every error answer declared), Idempotency-Key on POSTs,
input ranges, and lists that do not read encrypted columns."""

import datetime
import io
import threading

import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.test import Client
from django.utils import timezone
from PIL import Image

from smartikm.catalog.models import Product, ProductImage
from smartikm.core.api_middleware import IDEMPOTENCY_HEADER, REPLAYED_HEADER
from smartikm.core.models import IdempotencyKey
from smartikm.core.testing import restore_database_after  # noqa: F401 (fixture)
from smartikm.core.tests.test_api_plumbing import assert_error_shape
from smartikm.registry.models import Ikm

pytestmark = pytest.mark.django_db


def _key_header(key: str) -> dict[str, str]:
    return {IDEMPOTENCY_HEADER: key}


# --------------------------------------------------------------------------- JSON 404 / 405


@pytest.mark.parametrize(
    "path",
    ["/api/tidak-ada", "/api/registry/ikm/abc", "/api/catalog/products/12x", "/api/registry/ikm/1/lain"],
)
def test_unknown_api_paths_answer_404_in_the_json_error_shape(api, path):
    body = assert_error_shape(api.get(path), 404)
    assert "tidak ditemukan" in body["detail"]


def test_a_method_the_path_does_not_allow_answers_405_in_the_json_error_shape_with_allow(api):
    response = api.delete("/api/registry/ikm")
    body = assert_error_shape(response, 405)
    assert "Metode" in body["detail"]
    assert "GET" in response["Allow"] and "POST" in response["Allow"]


def test_pages_outside_the_api_keep_their_html_404(api):
    response = api.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


# --------------------------------------------------------------------------- OpenAPI


@pytest.fixture
def openapi(api) -> dict:
    return api.get("/api/openapi.json").json()


def test_public_reads_declare_the_token_optional(openapi):
    security = openapi["paths"]["/api/registry/ikm"]["get"]["security"]
    assert {} in security and {"TokenAuth": []} in security
    assert "OptionalTokenAuth" not in openapi["components"]["securitySchemes"]
    assert openapi["paths"]["/api/registry/ikm"]["post"]["security"] == [{"TokenAuth": []}]


def test_every_operation_documents_its_error_answers_with_the_error_schema(openapi):
    error_ref = {"$ref": "#/components/schemas/ErrorOut"}
    create = openapi["paths"]["/api/catalog/products"]["post"]["responses"]
    for code in ("400", "401", "403", "409", "422", "429"):
        assert create[code]["content"]["application/json"]["schema"] == error_ref, code
    detail = openapi["paths"]["/api/catalog/products/{product_id}"]["get"]["responses"]
    for code in ("401", "404", "422", "429"):
        assert code in detail, code
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            if operation.get("security"):
                assert {"401", "429"} <= set(operation["responses"]), (method, path)


def test_creating_posts_accept_an_idempotency_key_header(openapi):
    for path in ("/api/catalog/products", "/api/registry/ikm", "/api/corrections/sales"):
        names = [p["name"] for p in openapi["paths"][path]["post"]["parameters"]]
        assert IDEMPOTENCY_HEADER in names, path


# --------------------------------------------------------------------------- Idempotency-Key


@pytest.fixture
def owner_ikm(personas, make_ikm) -> Ikm:
    return make_ikm(owner=personas.ikm_owner)


def _product_body(ikm: Ikm, leaf_category, **extra) -> dict:
    return {
        "ikm": ikm.pk,
        "name_id": "Tas anyaman pandan",
        "description_id": "Tas anyaman daun pandan, 30 x 20 cm.",
        "category": leaf_category.pk,
        "price": 125_000,
        **extra,
    }


def test_the_same_key_and_body_answer_the_first_answer_again_and_create_one_product(
    api, personas, bearer, owner_ikm, leaf_category
):
    headers = {**bearer(personas.ikm_owner), **_key_header("buat-tas-1")}
    body = _product_body(owner_ikm, leaf_category)
    first = api.post("/api/catalog/products", body, content_type="application/json", headers=headers)
    again = api.post("/api/catalog/products", body, content_type="application/json", headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again[REPLAYED_HEADER] == "true"
    assert Product.objects.filter(name_id="Tas anyaman pandan").count() == 1
    assert IdempotencyKey.objects.get(key="buat-tas-1").user == personas.ikm_owner


def test_the_same_key_with_another_body_answers_409_and_creates_nothing(
    api, personas, bearer, owner_ikm, leaf_category
):
    headers = {**bearer(personas.ikm_owner), **_key_header("buat-tas-2")}
    api.post(
        "/api/catalog/products",
        _product_body(owner_ikm, leaf_category),
        content_type="application/json",
        headers=headers,
    )
    other = api.post(
        "/api/catalog/products",
        _product_body(owner_ikm, leaf_category, price=99_000),
        content_type="application/json",
        headers=headers,
    )
    body = assert_error_shape(other, 409)
    assert body["errors"][0]["field"] == IDEMPOTENCY_HEADER
    assert Product.objects.filter(name_id="Tas anyaman pandan").count() == 1


def test_keys_are_scoped_per_user(api, personas, bearer, owner_ikm, leaf_category):
    body = _product_body(owner_ikm, leaf_category)
    for user in (personas.ikm_owner, personas.ministry_admin):
        response = api.post(
            "/api/catalog/products",
            body,
            content_type="application/json",
            headers={**bearer(user), **_key_header("kunci-sama")},
        )
        assert response.status_code == 201, response.content
    assert Product.objects.filter(name_id="Tas anyaman pandan").count() == 2


def test_an_error_answer_is_not_kept_so_the_client_may_fix_the_body_and_retry_with_the_key(
    api, personas, bearer, owner_ikm, leaf_category
):
    headers = {**bearer(personas.ikm_owner), **_key_header("coba-lagi")}
    wrong = _product_body(owner_ikm, leaf_category, price=-1)
    assert (
        api.post("/api/catalog/products", wrong, content_type="application/json", headers=headers).status_code
        == 422
    )
    assert not IdempotencyKey.objects.filter(key="coba-lagi").exists()
    fixed = _product_body(owner_ikm, leaf_category)
    response = api.post("/api/catalog/products", fixed, content_type="application/json", headers=headers)
    assert response.status_code == 201


def test_an_expired_key_runs_the_request_again(api, personas, bearer, owner_ikm, leaf_category):
    headers = {**bearer(personas.ikm_owner), **_key_header("kemarin")}
    body = _product_body(owner_ikm, leaf_category)
    api.post("/api/catalog/products", body, content_type="application/json", headers=headers)
    IdempotencyKey.objects.filter(key="kemarin").update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = api.post("/api/catalog/products", body, content_type="application/json", headers=headers)
    assert response.status_code == 201 and REPLAYED_HEADER not in response
    assert Product.objects.filter(name_id="Tas anyaman pandan").count() == 2
    assert IdempotencyKey.objects.filter(key="kemarin").count() == 1


def test_a_malformed_key_is_refused_with_422_naming_the_header(
    api, personas, bearer, owner_ikm, leaf_category
):
    response = api.post(
        "/api/catalog/products",
        _product_body(owner_ikm, leaf_category),
        content_type="application/json",
        headers={**bearer(personas.ikm_owner), **_key_header("ada spasi")},
    )
    assert assert_error_shape(response, 422)["errors"][0]["field"] == IDEMPOTENCY_HEADER
    assert not Product.objects.filter(name_id="Tas anyaman pandan").exists()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_eight_parallel_identical_posts_with_one_key_create_one_product_and_answer_alike(
    restore_database_after,  # noqa: F811
    personas,
    bearer,
    make_ikm,
    leaf_category,
):
    ikm = make_ikm(owner=personas.ikm_owner)
    headers = {**bearer(personas.ikm_owner), **_key_header("paralel-1")}
    body = _product_body(ikm, leaf_category, name_id="Tas paralel")
    start = threading.Barrier(8)
    answers: list[tuple[int, bytes]] = []

    def post():
        try:
            start.wait()
            r = Client().post("/api/catalog/products", body, content_type="application/json", headers=headers)
            answers.append((r.status_code, r.content))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [status for status, _ in answers] == [201] * 8
    assert len({content for _, content in answers}) == 1
    assert Product.objects.filter(name_id="Tas paralel").count() == 1
    assert IdempotencyKey.objects.filter(key="paralel-1").count() == 1


# --------------------------------------------------------------------------- ranges


@pytest.mark.parametrize(
    "path",
    [
        "/api/corrections/ledger?month=0000-01",
        "/api/corrections/ledger?month=9999-12",
        "/api/corrections/ledger?month=2026-13",
        "/api/corrections/work-records?period=0000-01",
    ],
)
def test_months_outside_1900_to_2099_are_refused_with_422(api, personas, bearer, path):
    response = api.get(path, headers=bearer(personas.upt_officer))
    body = assert_error_shape(response, 422)
    assert body["errors"][0]["field"] in ("month", "period")


def test_a_posted_period_outside_the_range_is_refused_with_422(api, personas, bearer):
    response = api.post(
        "/api/corrections/work-records",
        {"artisan": 1, "product": 1, "period": "0000-01", "pieces": 1},
        content_type="application/json",
        headers=bearer(personas.upt_officer),
    )
    assert assert_error_shape(response, 422)["errors"][0]["field"] == "period"


def test_a_date_far_in_the_future_is_refused_before_any_date_arithmetic(api, personas, bearer):
    response = api.post(
        "/api/corrections/artisans/1/release",
        {"released_on": "9999-12-31"},
        content_type="application/json",
        headers=bearer(personas.upt_officer),
    )
    assert assert_error_shape(response, 422)["errors"][0]["field"] == "released_on"


def _ikm_body(**extra) -> dict:
    return {
        "name": "Anyaman Pandan Sejahtera",
        "kbli": "13134",
        "workers": 4,
        "investment": 50_000_000,
        "village": "33.20.06.2012",
        "address": "Jl. Pandan No. 3",
        "owner_name": "Ibu Uji",
        **extra,
    }


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>", "ftp://toko.id/a"]
)
def test_store_links_with_a_scheme_other_than_http_or_https_are_refused(api, personas, bearer, link):
    response = api.post(
        "/api/registry/ikm",
        _ikm_body(store_links={"website": link}),
        content_type="application/json",
        headers=bearer(personas.ikm_owner),
    )
    body = assert_error_shape(response, 422)
    assert body["errors"][0]["field"] == "store_links"
    assert "http" in body["errors"][0]["message"]
    assert not Ikm.objects.filter(name="Anyaman Pandan Sejahtera").exists()


def test_store_links_may_be_https_addresses_or_handles(api, personas, bearer):
    links = {
        "website": "https://pandan.contoh.id",
        "instagram": "@pandansejahtera",
        "whatsapp": "081234567890",
    }
    response = api.post(
        "/api/registry/ikm",
        _ikm_body(store_links=links),
        content_type="application/json",
        headers=bearer(personas.ikm_owner),
    )
    assert response.status_code == 201, response.content
    assert response.json()["store_links"] == links


# --------------------------------------------------------------------------- images


def _png_bytes() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((120, 90), 60).convert("RGB").save(out, "PNG")
    return out.getvalue()


def test_a_truncated_png_is_refused_and_nothing_is_stored(
    api, personas, bearer, owner_ikm, make_product, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    product = make_product(owner_ikm)
    data = _png_bytes()
    upload = io.BytesIO(data[:-12])  # the IEND chunk is missing: every pixel decodes, the file is cut
    upload.name = "foto.png"
    response = api.post(
        f"/api/catalog/products/{product.pk}/images", {"image": upload}, headers=bearer(personas.ikm_owner)
    )
    body = assert_error_shape(response, 422)
    assert body["errors"][0]["field"] == "image"
    assert "tidak utuh" in body["errors"][0]["message"]
    assert not ProductImage.objects.filter(product=product).exists()
    whole = io.BytesIO(data)
    whole.name = "foto.png"
    ok = api.post(
        f"/api/catalog/products/{product.pk}/images", {"image": whole}, headers=bearer(personas.ikm_owner)
    )
    assert ok.status_code == 201, ok.content


# --------------------------------------------------------------------------- key rotation


def test_a_process_without_the_old_field_key_still_lists_ikm_and_products(
    api, settings, owner_ikm, make_product
):
    product = make_product(owner_ikm)
    # Only a new key: the owner NIK stored under the old one cannot be decrypted by this process.
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    ikm_list = api.get("/api/registry/ikm")
    assert ikm_list.status_code == 200, ikm_list.content
    assert owner_ikm.pk in [item["id"] for item in ikm_list.json()["items"]]
    assert api.get(f"/api/registry/ikm/{owner_ikm.pk}").status_code == 200
    products = api.get("/api/catalog/products")
    assert products.status_code == 200, products.content
    assert product.pk in [item["id"] for item in products.json()["items"]]
    assert api.get(f"/api/catalog/products/{product.pk}").status_code == 200
    assert api.get(f"/api/catalog/products?ikm={owner_ikm.pk}").status_code == 200
    assert api.get("/api/curation/results").status_code == 200
