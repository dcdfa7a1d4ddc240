"""The public site: what each page shows, what it never shows, and that junk input gives a page."""

import json
import re

import pytest
from django.urls import reverse

from smartikm.registry.tests.factories import PRIVATE_MARKERS

pytestmark = pytest.mark.django_db


def _public_urls(data) -> list[str]:
    return [
        reverse("web:home"),
        reverse("web:product", args=[data.product.pk]),
        reverse("web:ikm", args=[data.ikm.pk]),
        reverse("web:sentra", args=[data.sentra.pk]),
        reverse("web:province", args=["33"]),
        reverse("web:search"),
    ]


def test_home_page_features_sentra_and_latest_products(client, public_data):
    body = client.get("/").content.decode()
    assert "Sentra Batik Mulyoharjo" in body
    assert "Kain Batik Tulis Parang" in body
    assert "Selendang Draf Tersembunyi" not in body
    assert "Produk IKM Belum Terverifikasi" not in body


def test_product_page_has_gallery_with_alt_text_producer_certificates_and_json_ld(client, public_data):
    response = client.get(reverse("web:product", args=[public_data.product.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'alt="Kain batik motif parang di atas meja"' in body
    assert "Batik Tulis Kartini" in body
    assert "Sertifikat Halal" in body and "ID33110000123" in body
    assert "Rp\u00a0450.000" in body
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))
    assert ld["@type"] == "Product"
    assert ld["offers"]["priceCurrency"] == "IDR" and ld["offers"]["price"] == "450000"
    assert ld["manufacturer"]["name"] == "Batik Tulis Kartini"
    assert ld["image"] and ld["image"][0].startswith("http://testserver/")


def test_product_page_is_in_english_after_the_language_switch(client, public_data):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get(reverse("web:product", args=[public_data.product.pk])).content.decode()
    assert '<html lang="en">' in body
    assert "Kain Batik Tulis Parang (EN)" in body


def test_draft_products_and_products_of_unverified_ikm_are_not_found(client, public_data):
    assert client.get(reverse("web:product", args=[public_data.draft_product.pk])).status_code == 404
    assert client.get(reverse("web:product", args=[public_data.hidden_product.pk])).status_code == 404


def test_only_verified_ikm_have_a_public_profile(client, public_data):
    assert client.get(reverse("web:ikm", args=[public_data.ikm.pk])).status_code == 200
    for ikm in (public_data.draft_ikm, public_data.pending_ikm, public_data.rejected_ikm):
        assert client.get(reverse("web:ikm", args=[ikm.pk])).status_code == 404


def test_ikm_profile_shows_public_fields_products_certificates_and_sentra(client, public_data):
    body = client.get(reverse("web:ikm", args=[public_data.ikm.pk])).content.decode()
    assert "13134" in body and "Mulyoharjo" in body and "Kabupaten Jepara" in body
    assert "Kain Batik Tulis Parang" in body and "Selendang Draf Tersembunyi" not in body
    assert "Sentra Batik Mulyoharjo" in body
    assert 'href="https://batik.contoh.id"' in body and "@batikkartini" in body


def test_public_pages_never_show_private_fields(client, public_data):
    for url in _public_urls(public_data):
        body = client.get(url).content.decode()
        for marker in PRIVATE_MARKERS:
            assert marker not in body, f"{marker} leaked on {url}"
        assert "Siti Aminah" not in body, f"owner name leaked on {url}"


def test_sentra_page_lists_verified_members_figures_and_an_offline_location(client, public_data):
    body = client.get(reverse("web:sentra", args=[public_data.sentra.pk])).content.decode()
    assert "Batik Tulis Kartini" in body
    assert "Tenun Menunggu Tersembunyi" not in body
    assert "<svg" in body and "Mulyoharjo" in body
    assert "tile" not in body.lower()
    assert "Disperindag Kabupaten Jepara" in body


def test_province_page_counts_and_lists_verified_ikm(client, public_data):
    body = client.get(reverse("web:province", args=["33"])).content.decode()
    assert "Jawa Tengah" in body
    assert "Batik Tulis Kartini" in body
    assert "Rotan Ditolak Tersembunyi" not in body
    assert client.get(reverse("web:province", args=["99"])).status_code == 404
    assert client.get(reverse("web:province", args=["33.20"])).status_code == 404


def test_list_pages_have_empty_states(client, db):
    assert "Belum ada IKM terverifikasi di provinsi ini." in client.get("/provinsi/35/").content.decode()
    assert "Belum ada produk aktif." in client.get("/").content.decode()


BAD_QUERIES = [
    {"q": "x" * 5000},
    {"q": "\u202e\u0000\ufffd𝕏🙂\udcff"[:3] + "ё"},
    {"q": '"'},
    {"q": "*"},
    {"q": "NEAR("},
    {"q": 'batik" OR 1=1 --'},
    {"page": "abc"},
    {"page": "-1"},
    {"page": "99999999999999999999999"},
    {"page": "0"},
    {"province": "'; DROP TABLE x"},
    {"category": "x" * 300, "sort": "nonsense", "scale": "\u0000"},
]


@pytest.mark.parametrize("params", BAD_QUERIES, ids=range(len(BAD_QUERIES)))
def test_bad_query_strings_give_a_normal_page(client, public_data, params):
    for url in _public_urls(public_data):
        response = client.get(url, params)
        assert response.status_code == 200, (url, params)


def test_sitemap_lists_verified_ikm_and_active_products_only(client, public_data):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    sections = re.findall(r"<loc>http://testserver(/[^<]+)</loc>", index.content.decode())
    assert "/sitemap-ikm.xml" in sections and "/sitemap-produk.xml" in sections
    urls = set()
    for section in sections:
        urls |= set(re.findall(r"<loc>http://testserver(/[^<]+)</loc>", client.get(section).content.decode()))
    assert f"/ikm/{public_data.ikm.pk}/" in urls
    assert f"/produk/{public_data.product.pk}/" in urls
    assert f"/sentra/{public_data.sentra.pk}/" in urls
    for hidden in (public_data.draft_ikm, public_data.pending_ikm, public_data.rejected_ikm):
        assert f"/ikm/{hidden.pk}/" not in urls
    for hidden in (public_data.draft_product, public_data.hidden_product):
        assert f"/produk/{hidden.pk}/" not in urls


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_private_pages(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /petugas/" in text and "Disallow: /ikm-saya/" in text


def test_every_public_page_has_landmarks_a_skip_link_and_labelled_language_switch(client, public_data):
    for url in _public_urls(public_data):
        body = client.get(url).content.decode()
        assert '<main id="main"' in body and "<header" in body and "<footer" in body
        assert 'href="#main"' in body
        assert '<label for="lang-select"' in body
        assert re.search(r"<img(?![^>]*\balt=)", body) is None, f"image without alt on {url}"
