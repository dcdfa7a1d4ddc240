"""The public site's test data, made with the ORM: a verified IKM in Jepara with active products and
photos, a sentra, and IKM in every other state (registry.tests.factories plants private values in
them so tests can look for them in public output). Used by the catalog's and the web's page tests."""

import datetime
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from smartikm.catalog.actions import add_product_image
from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.models import Category, Product
from smartikm.catalog.tests.factories import image_bytes
from smartikm.producers.actions import producer_for
from smartikm.registry.choices import VerificationStatus
from smartikm.registry.models import Certification, Ikm, Sentra, SentraMember
from smartikm.registry.tests.factories import MULYOHARJO, make_ikm


def make_product(ikm, *, name="Kain Batik Tulis Parang", status=ProductStatus.ACTIVE, **fields) -> Product:
    values = {
        "producer": producer_for(ikm),
        "name_id": name,
        "name_en": f"{name} (EN)",
        "description_id": "Batik tulis pewarna alam, 2 x 1,15 m.",
        "description_en": "Hand-drawn batik, natural dyes.",
        "category": Category.objects.get(slug="batik"),
        "kbli_id": "13134",
        "price": 450_000,
        "stock": 5,
        "status": status,
    }
    values.update(fields)
    return Product.objects.create(**values)


@dataclass
class PublicData:
    ikm: Ikm
    product: Product
    draft_product: Product
    draft_ikm: Ikm
    pending_ikm: Ikm
    rejected_ikm: Ikm
    hidden_product: Product  # active, but its IKM is not verified
    sentra: Sentra


@pytest.fixture
def public_data(personas) -> PublicData:
    ikm = make_ikm(personas.ikm_owner, name="Batik Tulis Kartini")
    cert = Certification.objects.create(
        ikm=ikm, kind_id="HALAL", number="ID33110000123", issuer="BPJPH", valid_from=datetime.date(2024, 1, 1)
    )
    product = make_product(ikm)
    product.certifications.add(cert)
    add_product_image(
        product,
        SimpleUploadedFile("a.jpg", image_bytes(), content_type="image/jpeg"),
        actor=personas.ikm_owner,
        alt_text="Kain batik motif parang di atas meja",
    )
    draft_product = make_product(ikm, name="Selendang Draf Tersembunyi", status=ProductStatus.DRAFT)
    draft_ikm = make_ikm(name="Ukir Draf Tersembunyi", status=VerificationStatus.DRAFT)
    pending_ikm = make_ikm(name="Tenun Menunggu Tersembunyi", status=VerificationStatus.SUBMITTED)
    rejected_ikm = make_ikm(name="Rotan Ditolak Tersembunyi", status=VerificationStatus.REJECTED)
    hidden_product = make_product(pending_ikm, name="Produk IKM Belum Terverifikasi")
    sentra = Sentra.objects.create(
        name="Sentra Batik Mulyoharjo",
        village_id=MULYOHARJO,
        province_id="33",
        regency_id="33.20",
        commodity="Batik tulis",
        kbli_id="13134",
        supervising_agency="Disperindag Kabupaten Jepara",
    )
    SentraMember.objects.create(sentra=sentra, ikm=ikm)
    SentraMember.objects.create(sentra=sentra, ikm=pending_ikm)
    return PublicData(
        ikm, product, draft_product, draft_ikm, pending_ikm, rejected_ikm, hidden_product, sentra
    )
