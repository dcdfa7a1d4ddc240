"""ProductForm: the rules every caller (pages, admin, API with plain dicts) shares."""

import datetime

import pytest

from smartikm.catalog.forms import ProductForm, parse_rupiah
from smartikm.catalog.models import Category
from smartikm.catalog.tests.factories import make_ikm
from smartikm.reference.models import CertificationKind
from smartikm.registry.models import Certification

pytestmark = pytest.mark.django_db


def form_with(ikm, product_data, **changes):
    return ProductForm(data={**product_data, **changes}, producer=ikm)


@pytest.mark.parametrize("typed", ["0901.11.20", "09011120", "0901 11 20", " 0901-11-20 "])
def test_hs_code_is_accepted_in_dotted_plain_and_spaced_forms(ikm, product_data, typed):
    form = form_with(ikm, product_data, hs_code=typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["hs_code"].code == "09011120"


def test_unknown_hs_code_is_refused_with_its_dotted_form(ikm, product_data):
    form = form_with(ikm, product_data, hs_code="09011199")
    assert not form.is_valid()
    assert form.errors["hs_code"] == ["Kode HS 0901.11.99 tidak ada di BTKI 2022."]


def test_six_digit_hs_code_is_refused_as_not_a_tariff_line(ikm, product_data):
    form = form_with(ikm, product_data, hs_code="0901.11")
    assert not form.is_valid()
    assert "8 digit" in form.errors["hs_code"][0]


def test_hs_code_with_letters_is_refused(ikm, product_data):
    form = form_with(ikm, product_data, hs_code="0901.AB.20")
    assert not form.is_valid()
    assert "hanya boleh berisi angka" in form.errors["hs_code"][0]


def test_hs_code_may_be_left_empty(ikm, product_data):
    form = form_with(ikm, product_data, hs_code="")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["hs_code"] is None


def test_category_must_be_a_sub_category(ikm, product_data):
    top = Category.objects.get(slug="fesyen")
    form = form_with(ikm, product_data, category=top.pk)
    assert not form.is_valid()
    assert "subkategori" in form.errors["category"][0]


def test_disabled_category_is_refused(ikm, product_data, leaf_category):
    Category.objects.filter(pk=leaf_category.pk).update(is_active=False)
    assert "category" in form_with(ikm, product_data).errors


def test_name_and_description_in_indonesian_are_required_english_optional(ikm, product_data):
    form = form_with(ikm, product_data, name_id="", description_id="", name_en="", description_en="")
    assert not form.is_valid()
    assert set(form.errors) == {"name_id", "description_id"}


def test_negative_price_is_refused(ikm, product_data):
    form = form_with(ikm, product_data, price="-5000")
    assert not form.is_valid()
    assert form.errors["price"] == ["Harga tidak boleh negatif."]


@pytest.mark.parametrize(
    ("typed", "rupiah"),
    [
        ("15000", 15000),
        ("15.000", 15000),
        ("Rp 15.000", 15000),
        ("Rp15.000,00", 15000),
        (15000, 15000),
        ("0", 0),
    ],
)
def test_price_accepts_integers_and_simple_rupiah_notation(typed, rupiah):
    assert parse_rupiah(typed) == rupiah


@pytest.mark.parametrize("typed", ["15,5", "15.5", "1.50", "Rp", "lima ribu", 15.5, True])
def test_price_refuses_fractions_and_words(ikm, product_data, typed):
    assert "price" in form_with(ikm, product_data, price=typed).errors


def test_moq_must_be_at_least_one(ikm, product_data):
    form = form_with(ikm, product_data, moq=0)
    assert form.errors["moq"] == ["Minimum pemesanan paling sedikit 1."]


def test_stock_may_not_be_negative(ikm, product_data):
    assert form_with(ikm, product_data, stock=-1).errors["stock"] == ["Nilai tidak boleh negatif."]


def test_unit_must_be_one_of_the_choices(ikm, product_data):
    assert "unit" in form_with(ikm, product_data, unit="ton-kapal").errors


def test_kbli_must_be_a_five_digit_kelompok(ikm, product_data):
    form = form_with(ikm, product_data, kbli="1313")
    assert not form.is_valid()
    assert "kelompok" in form.errors["kbli"][0]


def test_certifications_are_limited_to_the_ikms_own(ikm, product_data):
    other = make_ikm(name="Tenun Ikat Troso")
    kind = CertificationKind.objects.first()
    mine = Certification.objects.create(
        ikm=ikm, kind=kind, number="A-1", issuer="BPJPH", valid_from=datetime.date(2024, 1, 1)
    )
    theirs = Certification.objects.create(
        ikm=other, kind=kind, number="B-2", issuer="BPJPH", valid_from=datetime.date(2024, 1, 1)
    )
    assert form_with(ikm, product_data, certifications=[mine.pk]).is_valid()
    form = form_with(ikm, product_data, certifications=[mine.pk, theirs.pk])
    assert not form.is_valid()
    assert "bukan milik IKM ini" in form.errors["certifications"][0]


def test_form_works_with_plain_dict_data_and_numbers(ikm, product_data):
    form = form_with(ikm, product_data, price=450000, moq=10, stock=0, monthly_capacity=200)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["price"] == 450000


def test_form_for_an_existing_product_shows_the_dotted_hs_code(product):
    form = ProductForm(instance=product)
    assert form["hs_code"].value() in ("5208.52.10", "52085210")
    assert 'value="5208.52.10"' in str(form["hs_code"])
