"""The catalogue admin (filters, saving through actions) and the public product query."""

import pytest
from django.urls import reverse

from smartikm.catalog import actions
from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.models import Category, Product
from smartikm.catalog.queries import category_tree, public_products
from smartikm.catalog.tests.factories import image_bytes, make_ikm, upload
from smartikm.core.models import AuditEntry
from smartikm.producers.actions import producer_for
from smartikm.registry.choices import VerificationStatus

pytestmark = pytest.mark.django_db


def copy_product(product, ikm=None, **changes) -> Product:
    clone = Product.objects.get(pk=product.pk)
    clone.pk = None
    clone.producer = producer_for(ikm or product.ikm)
    for key, value in changes.items():
        setattr(clone, key, value)
    clone.save()
    return clone


def test_public_products_are_active_products_of_verified_ikm(product, personas):
    actions.change_product_status(product, "active", actor=personas.ikm_owner)
    draft = copy_product(product, status=ProductStatus.DRAFT)
    unverified = make_ikm(name="Belum Terverifikasi", status=VerificationStatus.SUBMITTED)
    hidden = copy_product(product, ikm=unverified, status=ProductStatus.ACTIVE)
    ids = set(public_products().values_list("pk", flat=True))
    assert product.pk in ids
    assert draft.pk not in ids and hidden.pk not in ids


def test_public_products_list_needs_a_fixed_number_of_queries(product, personas, django_assert_num_queries):
    actions.add_product_image(product, upload(image_bytes()), actor=personas.ikm_owner)
    for _ in range(5):
        copy_product(product, status=ProductStatus.ACTIVE)
    Product.objects.update(status=ProductStatus.ACTIVE)
    with django_assert_num_queries(2):  # products with their relations + one prefetch for images
        rows = [
            (p.ikm.province.name, p.category.parent.name_id, p.hs_code.dotted, len(p.images.all()))
            for p in public_products()
        ]
    assert len(rows) == 6


def test_category_tree_lists_nine_commodities_with_children():
    tree = category_tree()
    assert len(tree) == 9
    assert all(children for _top, children in tree)


def test_admin_product_list_filters_by_province_and_top_category(admin_client, product):
    url = reverse("admin:catalog_product_changelist")
    page = admin_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("?province=") == 38
    fesyen = Category.objects.get(slug="fesyen")
    assert product.name_id in admin_client.get(url, {"province": "33"}).content.decode()
    assert product.name_id not in admin_client.get(url, {"province": "35"}).content.decode()
    assert product.name_id in admin_client.get(url, {"top_category": fesyen.pk}).content.decode()
    makanan = Category.objects.get(slug="makanan")
    assert product.name_id not in admin_client.get(url, {"top_category": makanan.pk}).content.decode()


def test_admin_change_page_shows_image_thumbnails(admin_client, product, personas):
    image = actions.add_product_image(product, upload(image_bytes()), actor=personas.ikm_owner)
    page = admin_client.get(reverse("admin:catalog_product_change", args=[product.pk]))
    assert page.status_code == 200
    assert image.thumbnail.url in page.content.decode()


def test_admin_save_goes_through_the_action_and_is_audited(admin_client, product):
    url = reverse("admin:catalog_product_change", args=[product.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "price": "Rp 475.000",
            "hs_code": "5208.52.10",
            "certifications": [],
            "images-TOTAL_FORMS": "0",
            "images-INITIAL_FORMS": "0",
            "images-MIN_NUM_FORMS": "0",
            "images-MAX_NUM_FORMS": "10",
        }
    )
    data.pop("certifications")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    product.refresh_from_db()
    assert product.price == 475000
    entry = AuditEntry.objects.get(action="catalog.product.update", object_id=str(product.pk))
    assert entry.after == {"price": 475000}


def test_admin_refuses_a_top_level_category(admin_client, product):
    url = reverse("admin:catalog_product_change", args=[product.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "certifications"}
    data.update(
        {
            "category": Category.objects.get(slug="fesyen").pk,
            "images-TOTAL_FORMS": "0",
            "images-INITIAL_FORMS": "0",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "category" in response.context["adminform"].form.errors


def test_admin_activate_action_uses_the_status_rules(admin_client, product):
    url = reverse("admin:catalog_product_changelist")
    admin_client.post(url, {"action": "activate", "_selected_action": [product.pk]})
    product.refresh_from_db()
    assert product.status == ProductStatus.ACTIVE


def test_admin_category_list_is_in_tree_order(admin_client):
    page = admin_client.get(reverse("admin:catalog_category_changelist"))
    html = page.content.decode()
    assert html.index("Fesyen") < html.index("— Batik") < html.index("Makanan")
