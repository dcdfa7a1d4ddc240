"""The two helpers every page shares: page numbers that never fail, action errors put on forms."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from smartikm.core.forms import add_validation_errors
from smartikm.core.pages import page_number, paginate


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("", 1), ("2", 2), ("abc", 1), ("-1", 1), ("0", 1), (" 3 ", 3), ("9" * 40, 999_999_999_999)],
)
def test_a_page_number_is_a_positive_integer_of_at_most_twelve_digits_or_one(raw, expected):
    assert page_number(RequestFactory().get("/", {"page": raw})) == expected


def test_a_page_past_the_end_is_the_last_page_and_junk_is_the_first():
    rows = list(range(45))
    assert paginate(RequestFactory().get("/", {"page": "99"}), rows, 20).number == 3
    assert paginate(RequestFactory().get("/", {"page": "x"}), rows, 20).object_list == rows[:20]


class _Form(forms.Form):
    name = forms.CharField()


def test_field_errors_of_an_action_land_on_their_field_and_unknown_fields_on_the_form():
    form = _Form(data={"name": "x"})
    assert form.is_valid()
    add_validation_errors(form, ValidationError({"name": "Sudah dipakai.", "owner": "Bukan milik Anda."}))
    assert form.errors["name"] == ["Sudah dipakai."]
    assert form.non_field_errors() == ["Bukan milik Anda."]


def test_an_action_error_without_a_field_lands_on_the_form():
    form = _Form(data={"name": "x"})
    assert form.is_valid()
    add_validation_errors(form, ValidationError(["Satu.", "Dua."]))
    assert form.non_field_errors() == ["Satu.", "Dua."]
    assert "name" not in form.errors
