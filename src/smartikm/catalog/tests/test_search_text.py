"""Indonesian tokens for search: the same on every engine because they are made here, in Python."""

from smartikm.catalog.search import text


def test_pengrajin_perajin_and_kerajinan_share_one_stem():
    assert {text.stem(w) for w in ("pengrajin", "perajin", "kerajinan")} == {"rajin"}


def test_pengemasan_stems_to_kemas_not_to_emas():
    assert text.stem("pengemasan") == "kemas" == text.stem("kemasan")
    assert text.stem("emas") == "emas"


def test_peternakan_stems_to_ternak():
    assert text.stem("peternakan") == "ternak" == text.stem("ternak")


def test_anyaman_stems_to_anyam():
    assert text.stem("anyaman") == "anyam"


def test_place_names_are_kept_whole_so_pemalang_is_not_malang():
    assert text.stem("pemalang") == "pemalang"
    assert text.stem("kediri") == "kediri"
    assert text.stem("pekalongan") == "pekalongan"


def test_text_is_lowercased_accents_removed_and_split_on_punctuation():
    assert text.tokens("Kafé-KOPI, Gayo!") == ["kafe", "kopi", "gayo"]


def test_stopwords_are_dropped():
    assert text.tokens("tas dan dompet untuk the market") == ["tas", "dompet", "market"]


def test_query_is_bounded_to_200_characters_and_12_distinct_words():
    words = text.query_words(" ".join(f"kata{i}" for i in range(100)))
    assert len(words) == 12
    assert text.query_words("batik " * 50) == ["batik"]
    assert text.query_words("a" * 10_000) == []  # one 200-character "word": junk, not searchable


def test_query_syntax_characters_never_survive_into_tokens():
    words = text.query_words('"batik" * NEAR( rotan - ^ : \' ; \x00 ) ORAND')
    assert all(w.isalnum() for w in words)
    assert words == ["batik", "near", "rotan", "orand"]


def test_stems_are_cached():
    text.stem.cache_clear()
    text.stem("kerajinan")
    text.stem("kerajinan")
    assert text.stem.cache_info().hits >= 1
