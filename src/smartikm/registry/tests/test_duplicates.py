import pytest

from smartikm.registry.models import Ikm
from smartikm.registry.queries import business_name_key, possible_duplicates
from smartikm.registry.tests.conftest import SENENAN

pytestmark = pytest.mark.django_db


def test_legal_form_words_are_ignored_when_comparing_names():
    assert business_name_key("CV. Batik Tulis Kartini") == "batik tulis kartini"
    assert business_name_key("UD Ukir-Jati  Mulyo (IKM)") == "ukir jati mulyo"


def test_same_npwp_is_a_possible_duplicate_anywhere(make_ikm):
    original = make_ikm(name="Mebel Jati Abadi")
    other = make_ikm(name="Sinar Rotan", nib="9120001234599", village=SENENAN)
    matches = possible_duplicates(other)
    assert [(m.ikm, m.reason, m.score) for m in matches] == [(original, "npwp", 100)]


def test_similar_name_in_the_same_village_is_a_possible_duplicate(make_ikm):
    original = make_ikm(name="CV Batik Tulis Kartini", npwp="")
    other = make_ikm(name="Batik Tulis Kartini Jepara", nib="9120001234599", npwp="")
    matches = possible_duplicates(other)
    assert [m.ikm for m in matches] == [original]
    assert matches[0].reason == "name" and matches[0].score >= 85


def test_similar_name_in_a_different_village_is_not_a_duplicate(make_ikm):
    make_ikm(name="CV Batik Tulis Kartini", npwp="")
    other = make_ikm(name="Batik Tulis Kartini", nib="9120001234599", npwp="", village=SENENAN)
    assert possible_duplicates(other) == []


def test_different_names_in_the_same_village_are_not_duplicates(make_ikm):
    make_ikm(name="Ukir Jati Mulyo", npwp="")
    other = make_ikm(name="Tenun Ikat Lestari", nib="9120001234599", npwp="")
    assert possible_duplicates(other) == []


def test_an_unsaved_profile_can_be_checked_before_registering(make_ikm):
    original = make_ikm(name="PT Mebel Jepara Indah", npwp="")
    draft = Ikm(name="Mebel Jepara Indah", village_id=original.village_id)
    assert [m.ikm for m in possible_duplicates(draft)] == [original]
