import datetime

import pytest
from django.core.exceptions import ValidationError

from smartikm.registry.validators import (
    format_npwp,
    nik_birth_date,
    normalize_nib,
    normalize_nik,
    normalize_npwp,
    normalize_phone,
)

pytestmark = pytest.mark.django_db


def message(exc_info) -> str:
    return " ".join(exc_info.value.messages)


# NIB


@pytest.mark.parametrize("value", ["9120001234567", " 9120 0012 34567 ", "0220000000001"])
def test_nib_of_thirteen_digits_is_accepted_and_stored_as_digits(value):
    assert normalize_nib(value) == value.replace(" ", "")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("912000123456", "13 digit"),
        ("91200012345678", "13 digit"),
        ("91200012345AB", "hanya boleh berisi angka"),
        ("", "hanya boleh berisi angka"),
    ],
)
def test_nib_that_is_not_thirteen_digits_is_refused_with_a_clear_message(value, expected):
    with pytest.raises(ValidationError) as exc:
        normalize_nib(value)
    assert expected in message(exc)


# NPWP


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("01.312.166.0-091.000", "013121660091000"),
        ("016090524017000", "016090524017000"),
        ("0013121660091000", "0013121660091000"),  # 16 digits: 0 + the 15-digit number
        ("0013.1216.6009.1000", "0013121660091000"),
        ("3320065203850001", "3320065203850001"),  # 16 digits: the owner's NIK
        ("6501011203850002", "6501011203850002"),  # a Kalimantan Utara NIK that stdnum's region list rejects
    ],
)
def test_valid_npwp_in_any_accepted_form_is_stored_as_digits(value, stored):
    assert normalize_npwp(value) == stored


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("01.312.166.1-091.000", "Digit pemeriksa NPWP tidak cocok."),
        ("0013121661091000", "Digit pemeriksa NPWP tidak cocok."),
        ("01.312.166.0-091", "NPWP harus 15 atau 16 digit."),
        ("01312166009100012", "NPWP harus 15 atau 16 digit."),
        ("01.312.166.0-091.00A", "hanya boleh berisi angka"),
        ("9920065203850001", "harus berupa NIK yang sah"),
    ],
)
def test_invalid_npwp_is_refused_naming_the_problem(value, expected):
    with pytest.raises(ValidationError) as exc:
        normalize_npwp(value)
    assert expected in message(exc)


def test_npwp_normalising_is_idempotent_and_formats_fifteen_digits_for_display():
    stored = normalize_npwp("01.312.166.0-091.000")
    assert normalize_npwp(stored) == stored
    assert format_npwp(stored) == "01.312.166.0-091.000"
    assert format_npwp("0013121660091000") == "0013121660091000"


# Phone


@pytest.mark.parametrize(
    ("value", "e164"),
    [
        ("0812 3456 7890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("(0291) 591234", "+62291591234"),
        ("021-5551234", "+62215551234"),
    ],
)
def test_phone_numbers_are_normalised_to_e164(value, e164):
    assert normalize_phone(value) == e164
    assert normalize_phone(e164) == e164


@pytest.mark.parametrize(
    ("value", "expected"), [("12345", "tidak valid"), ("0812", "tidak valid"), ("telepon", "")]
)
def test_invalid_phone_numbers_are_refused(value, expected):
    with pytest.raises(ValidationError) as exc:
        normalize_phone(value)
    assert "telepon" in message(exc).lower()
    assert expected in message(exc)


# NIK


@pytest.mark.parametrize(
    "value",
    [
        "3320065203850001",  # Jepara, woman, 12-03-1985
        "3320061203850001",  # Jepara, man, 12-03-1985
        "3320 0652 0385 0001",
        "6501011203850002",  # Kalimantan Utara (65)
        "9601014506990003",  # Papua Barat Daya (96), created 2022
        "5401011203750004",  # Timor Timur: a legacy province code
    ],
)
def test_structurally_valid_nik_is_accepted(value):
    assert normalize_nik(value) == value.replace(" ", "")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("332006520385001", "NIK harus 16 digit"),
        ("33200652038500011", "NIK harus 16 digit"),
        ("33200652038500X1", "hanya boleh berisi angka"),
        ("9920065203850001", "Kode provinsi NIK (99) tidak dikenal."),
        ("3300065203850001", "tidak boleh 00"),
        ("3320063102850001", "Tanggal lahir di NIK"),  # 31 February
        ("3320067203850001", "Tanggal lahir di NIK"),  # woman, day 72 - 40 = 32
        ("3320065213850001", "Tanggal lahir di NIK"),  # month 13
        ("3320065203850000", "0000"),
    ],
)
def test_invalid_nik_is_refused_naming_the_problem(value, expected):
    with pytest.raises(ValidationError) as exc:
        normalize_nik(value)
    assert expected in message(exc)


def test_nik_birth_date_subtracts_forty_for_women():
    assert nik_birth_date("3320065203850001") == datetime.date(1985, 3, 12)
    assert nik_birth_date("3320061203850001") == datetime.date(1985, 3, 12)
