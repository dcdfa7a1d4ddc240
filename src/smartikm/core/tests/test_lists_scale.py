"""Lists whose cost does not grow with the table: capped counts, cached home aggregates, planner
statistics refreshed after bulk writes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smartikm.catalog.models import Product
from smartikm.core import api_support, pages
from smartikm.core.pages import CappedPaginator, capped_count
from smartikm.core.statistics import refresh_planner_statistics

pytestmark = pytest.mark.django_db


@pytest.fixture
def twelve_products(make_ikm, make_product):
    ikm = make_ikm()
    return [make_product(ikm) for _ in range(12)]


def test_capped_count_is_exact_below_the_limit_and_says_when_there_are_more(twelve_products):
    assert capped_count(Product.objects.all(), 20) == (12, False)
    assert capped_count(Product.objects.all(), 12) == (12, False)
    assert capped_count(Product.objects.all(), 5) == (5, True)
    assert capped_count(list(range(3)), 2) == (2, True)


def test_capped_count_reads_at_most_the_limit_without_sorting(twelve_products):
    with CaptureQueriesContext(connection) as queries:
        capped_count(Product.objects.order_by("name_id"), 5)
    sql = queries.captured_queries[0]["sql"].upper()
    assert "LIMIT 6" in sql and "ORDER BY" not in sql


def test_the_api_list_caps_its_count_past_the_page_and_says_so(api, twelve_products, monkeypatch):
    monkeypatch.setattr(api_support, "COUNT_AHEAD", 5)
    body = api.get("/api/catalog/products?page_size=2").json()
    assert (body["count"], body["count_capped"], body["pages"]) == (5, True, 3)
    body = api.get("/api/catalog/products?page_size=2&page=4").json()  # counted from this page on
    assert (body["count"], body["count_capped"]) == (11, True) and len(body["items"]) == 2
    body = api.get("/api/catalog/products?page_size=2&page=5").json()
    assert (body["count"], body["count_capped"], body["pages"]) == (12, False, 6)


def test_the_api_list_count_is_exact_for_short_lists(api, twelve_products):
    body = api.get("/api/catalog/products").json()
    assert (body["count"], body["count_capped"]) == (12, False)


def test_the_openapi_document_says_the_count_may_be_capped(api):
    page = api.get("/api/openapi.json").json()["components"]["schemas"]
    schema = next(
        s for name, s in page.items() if name.startswith("Page") and "count_capped" in s["properties"]
    )
    assert "count_capped" in schema["properties"]["count"]["description"]


def test_a_capped_page_says_there_may_be_more_pages(rf, twelve_products, monkeypatch):
    monkeypatch.setattr(pages, "COUNT_AHEAD", 3)
    page = pages.paginate(rf.get("/", {"page": "2"}), Product.objects.order_by("id"), 2)
    assert page.number == 2 and page.paginator.capped and page.paginator.count == 7
    full = CappedPaginator(Product.objects.order_by("id"), 5, limit=100)
    assert full.count == 12 and not full.capped and full.num_pages == 3


def test_the_home_page_reuses_its_aggregates_on_the_next_request(client, twelve_products):
    with CaptureQueriesContext(connection) as first:
        assert client.get("/").status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert client.get("/").status_code == 200
    assert len(second) < len(first)
    assert len(second) == 2  # the latest products and their images, nothing that counts the tables


def test_planner_statistics_can_be_refreshed_on_this_engine(twelve_products):
    refresh_planner_statistics()  # ANALYZE / PRAGMA optimize: must not fail inside a transaction
    assert Product.objects.count() == 12
