"""The search page on catalog.search: derived words, facets as a GET form, empty states, paging."""

import pytest
from django.urls import reverse

from smartikm.catalog.models import Category, Product
from smartikm.catalog.search import index_products
from smartikm.catalog.tests.public_site import make_product
from smartikm.registry.tests.factories import WIDORO, make_ikm

pytestmark = pytest.mark.django_db


@pytest.fixture
def rattan(public_data):
    anyaman = Category.objects.get(slug="anyaman")
    jatim = make_ikm(name="Rotan Pacitan", village=WIDORO)
    products = [
        make_product(public_data.ikm, name="Kerajinan Anyaman Rotan", category=anyaman, kbli_id="16291"),
        make_product(jatim, name="Keranjang Rotan Pacitan", category=anyaman, kbli_id="16291"),
    ]
    # The fixtures write rows with the ORM; the actions would index on commit.
    index_products(Product.objects.values_list("pk", flat=True))
    return products


def test_a_product_is_found_by_a_derived_word_query(client, rattan):
    body = client.get(reverse("web:search"), {"q": "pengrajin anyam"}).content.decode()
    assert "Kerajinan Anyaman Rotan" in body
    assert "Kain Batik Tulis Parang" not in body


def test_facets_are_checkboxes_of_a_get_form_that_filter_the_results(client, rattan):
    body = client.get(reverse("web:search"), {"q": "rotan"}).content.decode()
    assert 'method="get"' in body
    assert 'name="province" value="33"' in body and 'name="province" value="35"' in body
    filtered = client.get(reverse("web:search"), {"q": "rotan", "province": "35"}).content.decode()
    assert "Keranjang Rotan Pacitan" in filtered
    assert "Kerajinan Anyaman Rotan" not in filtered
    assert 'name="province" value="35" checked' in filtered


def test_products_that_are_not_public_are_never_found(client, rattan, public_data):
    body = client.get(reverse("web:search"), {"q": "selendang"}).content.decode()
    assert "Selendang Draf Tersembunyi" not in body
    assert "Tidak ada produk yang cocok." in body


def test_search_page_without_a_query_lists_every_public_product(client, rattan):
    response = client.get(reverse("web:search"))
    assert response.context["result"].total == 3


def test_search_results_page_runs_a_fixed_number_of_queries(client, rattan, django_assert_num_queries):
    for n in range(30):
        make_product(rattan[0].ikm, name=f"Anyaman Uji {n:02d}", category=rattan[0].category)
    index_products(Product.objects.values_list("pk", flat=True))
    with django_assert_num_queries(7):  # search(): facets and page ids in one statement
        response = client.get(reverse("web:search"), {"q": "anyaman", "page": "2"})
    assert response.status_code == 200
    # 32 matches ("anyaman" is also in the category of the Pacitan basket): 20 + 12
    assert len(response.context["result"].items) == 12
