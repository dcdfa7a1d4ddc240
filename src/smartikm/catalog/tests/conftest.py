"""Catalogue test fixtures: media in a temporary folder, an IKM with its owner, a product, and the
public site's data set (`public_data`, from catalog.tests.public_site)."""

import pytest

from smartikm.catalog.forms import ProductForm
from smartikm.catalog.models import Category
from smartikm.catalog.tests.factories import make_ikm
from smartikm.catalog.tests.public_site import public_data  # noqa: F401 - fixture


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def ikm(personas):
    return make_ikm(personas.ikm_owner)


@pytest.fixture
def leaf_category(db):
    return Category.objects.get(slug="batik")


@pytest.fixture
def product_data(leaf_category):
    return {
        "name_id": "Kain batik tulis motif parang",
        "description_id": "Kain batik tulis pewarna alam, 2 x 1,15 m.",
        "category": leaf_category.pk,
        "kbli": "13134",
        "hs_code": "5208.52.10",
        "price": "Rp 450.000",
        "moq": 1,
        "unit": "pcs",
        "stock": 12,
        "weight_g": 350,
    }


@pytest.fixture
def product(ikm, product_data):
    form = ProductForm(data=product_data, producer=ikm)
    assert form.is_valid(), form.errors
    obj = form.save(commit=False)
    obj.save()
    return obj
