"""Public reference endpoints: regions, KBLI, HS codes, countries, certification kinds."""

import pytest

from smartikm.reference.models import Kbli

pytestmark = pytest.mark.django_db


def test_provinces_are_listed_by_level(api):
    body = api.get("/api/reference/regions?level=1&page_size=100").json()
    assert body["count"] == 38
    codes = [r["code"] for r in body["items"]]
    assert "33" in codes and "35" in codes and all(len(c) == 2 for c in codes)


def test_regencies_are_listed_by_parent(api):
    body = api.get("/api/reference/regions?parent=33&page_size=100").json()
    assert body["count"] == 35  # 29 kabupaten + 6 kota in Jawa Tengah
    assert all(r["parent_code"] == "33" and r["level"] == 2 for r in body["items"])


def test_region_search_understands_messy_names(api):
    body = api.get("/api/reference/regions", {"q": "Kab. Jepara"}).json()
    assert body["items"][0]["code"] == "33.20"


def test_region_search_tolerates_typos(api):
    body = api.get("/api/reference/regions", {"q": "Semarng", "level": 2}).json()
    assert {"33.22", "33.74"} & {r["code"] for r in body["items"]}


def test_region_search_falls_back_to_name_containment(api):
    body = api.get("/api/reference/regions", {"q": "jepara", "parent": "33.20", "level": 3}).json()
    assert body["count"] >= 1 and all(r["code"].startswith("33.20.") for r in body["items"])


def test_region_is_found_by_its_dotted_code(api):
    body = api.get("/api/reference/regions/33.20").json()
    assert body["name"] == "Kabupaten Jepara" and body["parent_code"] == "33" and body["is_active"] is True


def test_kbli_is_filtered_by_category_and_level(api):
    body = api.get("/api/reference/kbli", {"category": "c", "level": "kelompok", "page_size": 5}).json()
    assert body["count"] == 476
    assert all(k["category"] == "C" and k["level"] == "kelompok" for k in body["items"])


def test_kbli_search_matches_title_and_code_prefix(api):
    by_title = api.get("/api/reference/kbli", {"q": "batik", "level": "kelompok"}).json()
    assert "13134" in [k["code"] for k in by_title["items"]]
    by_code = api.get("/api/reference/kbli", {"q": "1313"}).json()
    assert all(k["code"].startswith("1313") for k in by_code["items"])


def test_kbli_code_is_returned_with_its_version(api):
    body = api.get("/api/reference/kbli/13134").json()
    assert body["title"] == "Industri Batik" and body["version"] and body["parent_code"] == "1313"


def test_disabled_kbli_is_hidden_from_lists_but_still_found_by_code(api):
    Kbli.objects.filter(code="13134").update(is_active=False)
    listed = api.get("/api/reference/kbli", {"parent": "1313"}).json()
    assert "13134" not in [k["code"] for k in listed["items"]]
    assert api.get("/api/reference/kbli/13134").json()["is_active"] is False


def test_hs_codes_accept_dotted_codes_and_prefixes(api):
    line = api.get("/api/reference/hs-codes/4420.11.00").json()
    assert line["code"] == "44201100" and line["dotted"] == "4420.11.00" and line["level"] == 8
    assert api.get("/api/reference/hs-codes/44201100").json()["code"] == "44201100"
    listed = api.get("/api/reference/hs-codes", {"prefix": "4420.1", "level": 8}).json()
    assert listed["count"] >= 1 and all(h["code"].startswith("44201") for h in listed["items"])


def test_countries_are_searched_in_indonesian_and_english(api):
    assert "AE" in [c["code"] for c in api.get("/api/reference/countries", {"q": "emirat"}).json()["items"]]
    assert "AE" in [c["code"] for c in api.get("/api/reference/countries", {"q": "emirates"}).json()["items"]]
    assert api.get("/api/reference/countries/ae").json()["name_id"] == "Uni Emirat Arab"


def test_certification_kinds_are_listed(api):
    codes = [k["code"] for k in api.get("/api/reference/certification-kinds").json()]
    assert {"HALAL", "SNI"} <= set(codes)


@pytest.mark.parametrize(
    "url",
    [
        "/api/reference/regions?level=4&page_size={n}",
        "/api/reference/kbli?page_size={n}",
        "/api/reference/hs-codes?level=8&page_size={n}",
        "/api/reference/countries?page_size={n}",
    ],
)
@pytest.mark.parametrize("n", [5, 50])
def test_reference_lists_take_two_queries_whatever_the_page_size(api, django_assert_num_queries, url, n):
    with django_assert_num_queries(2):  # COUNT + the page
        response = api.get(url.format(n=n))
    assert len(response.json()["items"]) == n
