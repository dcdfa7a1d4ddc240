"""Owner product pages: add a product with a photo, activate it, submit the IKM."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.models import Category, Product
from smartikm.catalog.tests.factories import image_bytes
from smartikm.registry.choices import VerificationStatus
from smartikm.registry.tests.factories import register_ikm

pytestmark = pytest.mark.django_db


def test_owner_adds_a_product_with_a_photo_activates_it_and_submits(client, personas):
    client.force_login(personas.ikm_owner)
    ikm = register_ikm(client)
    response = client.post(
        reverse("catalog:new", args=[ikm.pk]),
        {
            "name_id": "Kerajinan Anyaman Rotan",
            "description_id": "Keranjang rotan anyaman tangan.",
            "category": Category.objects.filter(parent__isnull=False, is_active=True).first().pk,
            "price": "Rp 85.000",
            "moq": "1",
            "unit": "pcs",
            "stock": "20",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    product = Product.objects.get(name_id="Kerajinan Anyaman Rotan")
    upload = SimpleUploadedFile("foto.jpg", image_bytes(), content_type="image/jpeg")
    response = client.post(
        reverse("catalog:add_image", args=[product.pk]),
        {"image": upload, "alt_text": "Keranjang rotan bundar"},
    )
    assert response.status_code == 302
    assert product.images.get().alt_text == "Keranjang rotan bundar"
    client.post(reverse("catalog:status", args=[product.pk]), {"status": "active"})
    product.refresh_from_db()
    assert product.status == ProductStatus.ACTIVE
    client.post(reverse("registry:submit", args=[ikm.pk]))
    ikm.refresh_from_db()
    assert ikm.status == VerificationStatus.SUBMITTED
    # Not public until an officer verifies it.
    assert client.get(reverse("web:product", args=[product.pk])).status_code == 404
