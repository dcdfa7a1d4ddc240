"""The API's shared plumbing: OpenAPI, bearer tokens, the error shape, pagination, no 500s."""

import datetime

import pytest
from django.utils import timezone

from smartikm.accounts.models import ApiToken
from smartikm.core.api_support import MAX_PAGE_SIZE
from smartikm.registry.models import Ikm

pytestmark = pytest.mark.django_db


def assert_error_shape(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["errors"], list)
    return body


def test_openapi_schema_renders_with_every_router(api):
    response = api.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/reference/regions",
        "/api/reference/kbli/{code}",
        "/api/reference/hs-codes",
        "/api/registry/ikm",
        "/api/registry/ikm/{ikm_id}/verify",
        "/api/registry/sentra",
        "/api/catalog/products",
        "/api/catalog/products/{product_id}/images",
    ):
        assert path in paths


def test_docs_page_renders(api):
    assert api.get("/api/docs").status_code == 200


def test_full_profile_without_token_is_401_in_the_error_shape(api, make_ikm):
    ikm = make_ikm()
    body = assert_error_shape(api.get(f"/api/registry/ikm/{ikm.pk}/full"), 401)
    assert "Authorization" in body["detail"]


def test_unknown_token_is_refused_even_on_public_endpoints(api):
    response = api.get("/api/registry/ikm", headers={"Authorization": "Bearer sik_tidak-ada"})
    assert_error_shape(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_revoked_token_is_refused_with_401(api, personas, bearer, make_ikm):
    ikm = make_ikm(owner=personas.ikm_owner)
    headers = bearer(personas.ikm_owner)
    assert api.get(f"/api/registry/ikm/{ikm.pk}/full", headers=headers).status_code == 200
    ApiToken.objects.filter(user=personas.ikm_owner).update(revoked_at=timezone.now())
    assert_error_shape(api.get(f"/api/registry/ikm/{ikm.pk}/full", headers=headers), 401)
    assert_error_shape(api.post(f"/api/registry/ikm/{ikm.pk}/submit", headers=headers), 401)


def test_token_of_deactivated_user_is_refused(api, personas, bearer, make_ikm):
    ikm = make_ikm(owner=personas.ikm_owner)
    headers = bearer(personas.ikm_owner)
    personas.ikm_owner.is_active = False
    personas.ikm_owner.save()
    assert_error_shape(api.get(f"/api/registry/ikm/{ikm.pk}/full", headers=headers), 401)


def test_token_use_is_recorded_at_most_once_per_interval(api, personas, bearer):
    headers = bearer(personas.buyer)
    token = ApiToken.objects.get(user=personas.buyer)
    assert token.last_used_at is None
    api.get("/api/registry/ikm", headers=headers)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    api.get("/api/registry/ikm", headers=headers)
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(hours=1))
    api.get("/api/registry/ikm", headers=headers)
    token.refresh_from_db()
    assert token.last_used_at > first - datetime.timedelta(minutes=1)


def test_not_found_is_404_in_the_error_shape(api):
    assert_error_shape(api.get("/api/registry/ikm/987654"), 404)
    assert_error_shape(api.get("/api/reference/regions/99.99"), 404)


def test_page_size_above_maximum_is_422_naming_the_parameter(api):
    body = assert_error_shape(api.get(f"/api/reference/regions?page_size={MAX_PAGE_SIZE + 1}"), 422)
    assert body["errors"][0]["field"] == "page_size"
    assert str(MAX_PAGE_SIZE) in body["errors"][0]["message"]


def test_page_size_at_maximum_is_served_with_total_count(api):
    body = api.get(f"/api/reference/regions?level=2&page_size={MAX_PAGE_SIZE}").json()
    assert body["page_size"] == MAX_PAGE_SIZE and len(body["items"]) == MAX_PAGE_SIZE
    assert body["count"] == 514 and body["pages"] == 6


def test_page_beyond_the_last_is_empty_but_keeps_the_count(api):
    body = api.get("/api/reference/regions?level=1&page=99").json()
    assert body == {"count": 38, "page": 99, "page_size": 20, "pages": 2, "items": [], "count_capped": False}


def test_page_zero_and_negative_pages_are_422(api):
    for page in ("0", "-1"):
        body = assert_error_shape(api.get(f"/api/registry/ikm?page={page}"), 422)
        assert body["errors"][0]["field"] == "page"


BAD_GETS = [
    "/api/registry/ikm?page=-1",
    "/api/registry/ikm?page=abc",
    "/api/registry/ikm?page=99999999999999999999999999",
    "/api/registry/ikm?page_size=0",
    "/api/registry/ikm?page_size=1e9",
    "/api/registry/ikm?province=<script>alert(1)</script>",
    "/api/registry/ikm?regency=33.20%00",
    "/api/registry/ikm?scale=raksasa",
    "/api/registry/ikm?status=%27%3B%20DROP%20TABLE%20registry_ikm%3B--",
    "/api/registry/ikm?has_export_experience=mungkin",
    "/api/registry/ikm?sentra=99999999999999999999999",
    "/api/registry/ikm?q=" + "a" * 10_000,
    "/api/registry/ikm?q=%F0%9F%98%80%00",
    "/api/registry/ikm/99999999999999999999999",
    "/api/registry/ikm/0",
    "/api/registry/sentra?province=xx",
    "/api/registry/sentra/99999999999999999999999",
    "/api/catalog/products?ikm=-5",
    "/api/catalog/products?category=" + "x" * 5_000,
    "/api/catalog/products?q=" + "b" * 10_000,
    "/api/catalog/products?status=hilang",
    "/api/catalog/products/99999999999999999999999",
    "/api/reference/regions?q=" + "c" * 10_000,
    "/api/reference/regions?q=%25%25%25___",
    "/api/reference/regions?level=9",
    "/api/reference/regions/" + "9" * 500,
    "/api/reference/kbli?category=CC",
    "/api/reference/kbli?level=sektor",
    "/api/reference/hs-codes?prefix=" + "1" * 100,
    "/api/reference/hs-codes/....",
    "/api/reference/hs-codes/%F0%9F%98%80",
    "/api/reference/countries/%00",
]


@pytest.mark.parametrize("url", BAD_GETS)
def test_bad_query_inputs_never_give_a_500(api, url):
    response = api.get(url)
    assert response.status_code in (200, 404, 422), (url, response.status_code, response.content[:300])
    if response.status_code != 200:
        assert_error_shape(response, response.status_code)


BAD_BODIES = [
    b"{",
    b"{'name': 'single quotes'}",
    b"\xff\xfe\x00garbage",
    b"[1, 2, 3]",
    b'"just a string"',
    b"null",
    b"123",
    b'{"name": NaN}',
    b"{" * 10_000,
    b"[" * 100_000 + b"]" * 100_000,
    b'{"needs": ' + b'{"a": ' * 900 + b"1" + b"}" * 900 + b"}",
    b'{"name": "Batik", "workers": 1e400, "investment": -1e400}',
]


@pytest.mark.parametrize("body", BAD_BODIES)
def test_bad_json_bodies_never_give_a_500_and_write_nothing(api, personas, bearer, body):
    headers = bearer(personas.ikm_owner)
    before = Ikm.objects.count()
    response = api.post("/api/registry/ikm", data=body, content_type="application/json", headers=headers)
    assert response.status_code in (400, 422), (body[:40], response.status_code, response.content[:300])
    assert_error_shape(response, response.status_code)
    assert Ikm.objects.count() == before


def test_garbage_json_body_is_400_with_an_indonesian_detail(api, personas, bearer):
    before = Ikm.objects.count()
    headers = bearer(personas.ikm_owner)
    response = api.post("/api/registry/ikm", b"{not json", content_type="application/json", headers=headers)
    body = assert_error_shape(response, 400)
    assert "JSON" in body["detail"]
    assert Ikm.objects.count() == before


def test_oversized_request_body_is_413_not_500(api, personas, bearer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    payload = b'{"name": "' + b"x" * 4096 + b'"}'
    response = api.post(
        "/api/registry/ikm", data=payload, content_type="application/json", headers=bearer(personas.ikm_owner)
    )
    assert_error_shape(response, 413)


def test_nul_characters_in_json_bodies_are_422_naming_the_field(api, personas, bearer):
    before = Ikm.objects.count()
    headers = bearer(personas.ikm_owner)
    response = api.post(
        "/api/registry/ikm", b'{"name": "a\\u0000b"}', content_type="application/json", headers=headers
    )
    body = assert_error_shape(response, 422)
    assert body["errors"] == [{"field": "name", "message": "Tidak boleh mengandung karakter NUL."}]
    assert Ikm.objects.count() == before


def test_nul_characters_in_query_strings_are_422_naming_the_parameter(api):
    body = assert_error_shape(api.get("/api/catalog/products?q=ab%00"), 422)
    assert body["errors"][0]["field"] == "q"
