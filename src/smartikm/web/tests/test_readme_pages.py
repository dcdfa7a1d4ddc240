"""Every page of the README's "Pages" table answers as it always has, and every URL name keeps its
path: partners' links, bookmarks and templates use both. The pages moved from `web` into the apps
that own them; these tables are what must not move with them."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# (URL name, arguments, path): the public pages keep their "web:" names wherever they live.
URL_NAMES = [
    ("web:home", [], "/"),
    ("web:healthz", [], "/healthz"),
    ("web:search", [], "/cari/"),
    ("web:product", [7], "/produk/7/"),
    ("web:ikm", [7], "/ikm/7/"),
    ("web:sentra", [7], "/sentra/7/"),
    ("web:province", ["33"], "/provinsi/33/"),
    ("web:curation-results", [], "/kurasi/hasil/"),
    ("web:graduation", [], "/program/graduasi/"),
    ("web:robots", [], "/robots.txt"),
    ("web:sitemap", [], "/sitemap.xml"),
    ("web:sitemap-section", ["ikm"], "/sitemap-ikm.xml"),
    ("accounts:signup", [], "/akun/daftar/"),
    ("accounts:login", [], "/akun/masuk/"),
    ("accounts:logout", [], "/akun/keluar/"),
    ("accounts:confirm", ["abc"], "/akun/konfirmasi/abc/"),
    ("registry:dashboard", [], "/ikm-saya/"),
    ("registry:new", ["usaha"], "/ikm-saya/daftar/usaha/"),
    ("registry:detail", [7], "/ikm-saya/7/"),
    ("registry:edit", [7, "usaha"], "/ikm-saya/7/ubah/usaha/"),
    ("registry:submit", [7], "/ikm-saya/7/ajukan/"),
    ("registry:remove_certificate", [7, 8], "/ikm-saya/7/sertifikat/8/hapus/"),
    ("registry:village_search", [], "/wilayah/desa/"),
    ("registry:queue", [], "/petugas/antrean/"),
    ("registry:review", [7], "/petugas/ikm/7/"),
    ("registry:approve", [7], "/petugas/ikm/7/setujui/"),
    ("registry:reject", [7], "/petugas/ikm/7/tolak/"),
    ("catalog:new", [7], "/ikm-saya/7/produk/baru/"),
    ("catalog:manage", [7], "/produk-saya/7/"),
    ("catalog:add_image", [7], "/produk-saya/7/foto/"),
    ("catalog:remove_image", [7, 8], "/produk-saya/7/foto/8/hapus/"),
    ("catalog:status", [7], "/produk-saya/7/status/"),
    ("channels:dashboard", [], "/kanal/"),
    ("channels:product", [7], "/kanal/produk/7/"),
    ("channels:health", [], "/kanal/kesehatan/"),
    ("corrections:home", [], "/lapas/"),
    ("corrections:aggregates", [], "/lapas/rekap/"),
    ("corrections:artisans", [7], "/lapas/7/warga-binaan/"),
    ("corrections:graduation", [7], "/lapas/7/graduasi/"),
    ("corrections:ledger", [7], "/lapas/7/premi/"),
]


@pytest.mark.parametrize(("name", "args", "path"), URL_NAMES, ids=[n for n, _, _ in URL_NAMES])
def test_every_url_name_keeps_its_path(name, args, path):
    assert reverse(name, args=args) == path


def _readme_pages(data) -> list[str]:
    """The public rows of the README's "Pages" table, with real ids."""
    return [
        "/",
        "/cari/",
        f"/produk/{data.product.pk}/",
        f"/ikm/{data.ikm.pk}/",
        f"/sentra/{data.sentra.pk}/",
        "/provinsi/33/",
        "/kurasi/hasil/",
        "/program/graduasi/",
        "/akun/daftar/",
        "/akun/masuk/",
    ]


SIGNED_IN_PAGES = ["/ikm-saya/", "/petugas/antrean/", "/kanal/", "/lapas/", "/admin/"]


def test_every_public_page_of_the_readme_answers_200_to_anyone(client, public_data):
    for url in _readme_pages(public_data):
        assert client.get(url).status_code == 200, url


def test_every_signed_in_page_of_the_readme_sends_a_visitor_to_the_login(client, db):
    for url in SIGNED_IN_PAGES:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/masuk/" in response["Location"] or "/login/" in response["Location"], url


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("ikm_owner", "/ikm-saya/"),
        ("officer_jateng", "/petugas/antrean/"),
        ("ikm_owner", "/kanal/"),
        ("upt_officer", "/lapas/"),
        ("ministry_admin", "/lapas/"),
        ("ministry_admin", "/admin/"),
    ],
)
def test_every_signed_in_page_of_the_readme_answers_its_audience(client, personas, persona, url):
    client.force_login(getattr(personas, persona))
    response = client.get(url, follow=True)
    assert response.status_code == 200, (persona, url, response.redirect_chain)
