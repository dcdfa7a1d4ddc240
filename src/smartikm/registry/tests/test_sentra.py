import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from smartikm.core.audit import history
from smartikm.registry.actions import add_sentra_member, add_sentra_official, create_sentra
from smartikm.registry.queries import FAIL, PASS, UNKNOWN, sentra_checks
from smartikm.registry.tests.conftest import MULYOHARJO, SENENAN, WIDORO

pytestmark = pytest.mark.django_db


def sentra_data(**overrides):
    data = {
        "name": "Sentra Ukir Mulyoharjo",
        "village": MULYOHARJO,
        "commodity": "Ukiran kayu jati",
        "kbli": "16299",
        "supervising_agency": "Dinas Perindustrian dan Tenaga Kerja Kabupaten Jepara",
        "publicly_known": True,
        "village_households": 2_000,
        "similar_businesses": 450,
    }
    data.update(overrides)
    return data


def checks_by_code(sentra):
    return {c.code: c for c in sentra_checks(sentra)}


def test_sentra_gets_province_and_regency_from_its_village(personas):
    sentra = create_sentra(sentra_data(), actor=personas.officer_jateng)
    assert (sentra.province_id, sentra.regency_id) == ("33", "33.20")
    assert history(sentra).get().action == "registry.sentra.create"


def test_sentra_meeting_all_bps_criteria_passes_every_check(personas):
    sentra = create_sentra(sentra_data(), actor=personas.officer_jateng)
    checks = checks_by_code(sentra)
    assert list(checks) == ["one_village", "supervised", "publicly_known", "share"]
    assert all(c.status == PASS for c in checks.values())
    assert "22.5%" in checks["share"].detail


def test_sentra_checks_fail_or_are_unknown_when_data_says_so(personas):
    sentra = create_sentra(
        sentra_data(supervising_agency=" ", publicly_known=None, similar_businesses=399),
        actor=personas.ministry_admin,
    )
    checks = checks_by_code(sentra)
    assert checks["supervised"].status == FAIL
    assert checks["publicly_known"].status == UNKNOWN
    assert checks["share"].status == FAIL  # 399 / 2000 = 19.95 %


def test_share_of_exactly_twenty_percent_passes_and_missing_counts_are_unknown(personas):
    sentra = create_sentra(sentra_data(similar_businesses=400), actor=personas.ministry_admin)
    assert checks_by_code(sentra)["share"].status == PASS
    sentra.village_households = None
    assert checks_by_code(sentra)["share"].status == UNKNOWN
    sentra.village_households, sentra.similar_businesses = 2000, None
    assert checks_by_code(sentra)["share"].status == UNKNOWN
    sentra.publicly_known = False
    assert checks_by_code(sentra)["publicly_known"].status == FAIL


def test_officer_of_another_province_cannot_create_a_sentra_there(personas):
    with pytest.raises(PermissionDenied):
        create_sentra(sentra_data(), actor=personas.officer_jatim)
    with pytest.raises(PermissionDenied):
        create_sentra(sentra_data(), actor=personas.ikm_owner)


def test_members_must_be_in_the_sentras_regency(make_ikm, personas):
    sentra = create_sentra(sentra_data(), actor=personas.officer_jateng)
    same_village = make_ikm(name="Ukir Jati Mulyo", npwp="")
    neighbour = make_ikm(name="Mebel Senenan", nib="9120001234598", npwp="", village=SENENAN)
    pacitan = make_ikm(name="Batik Pacitan", nib="9120001234597", npwp="", village=WIDORO)
    add_sentra_member(sentra, same_village, actor=personas.officer_jateng)
    add_sentra_member(sentra, neighbour, actor=personas.officer_jateng)
    with pytest.raises(ValidationError) as exc:
        add_sentra_member(sentra, pacitan, actor=personas.ministry_admin)
    assert "Pacitan" in exc.value.message_dict["ikm"][0]
    one_village = checks_by_code(sentra)["one_village"]
    assert one_village.status == PASS and "1 anggota berada di desa lain" in one_village.detail


def test_an_ikm_belongs_to_at_most_one_sentra(make_ikm, personas):
    first = create_sentra(sentra_data(), actor=personas.officer_jateng)
    second = create_sentra(sentra_data(name="Sentra Mebel Mulyoharjo"), actor=personas.officer_jateng)
    ikm = make_ikm(npwp="")
    add_sentra_member(first, ikm, actor=personas.officer_jateng)
    with pytest.raises(ValidationError) as exc:
        add_sentra_member(second, ikm, actor=personas.officer_jateng)
    assert "sudah menjadi anggota sentra" in exc.value.message_dict["ikm"][0]


def test_registered_members_alone_can_show_the_share_criterion_is_met(make_ikm, personas):
    sentra = create_sentra(
        sentra_data(village_households=5, similar_businesses=None), actor=personas.officer_jateng
    )
    add_sentra_member(sentra, make_ikm(npwp=""), actor=personas.officer_jateng)
    assert checks_by_code(sentra)["share"].status == PASS


def test_sentra_official_phone_is_normalised(personas):
    sentra = create_sentra(sentra_data(), actor=personas.officer_jateng)
    official = add_sentra_official(
        sentra,
        {"name": "H. Sutrisno", "role": "board_chair", "phone": "0812 3456 7890"},
        actor=personas.officer_jateng,
    )
    assert official.phone == "+6281234567890"
    with pytest.raises(ValidationError) as exc:
        add_sentra_official(
            sentra, {"name": "X", "role": "manager", "phone": "123"}, actor=personas.officer_jateng
        )
    assert "phone" in exc.value.message_dict
