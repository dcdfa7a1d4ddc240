"""catalog.search on the suite's database engine. The suite runs on SQLite and on PostgreSQL with the
same expectations, so a test passing on both means both engines return the same products."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Q

from smartikm.accounts.choices import OrganisationKind
from smartikm.accounts.models import Organisation
from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.models import Category, Product, ProductImage, SearchEntry
from smartikm.catalog.search import FACET_KEYS, index_products, reindex_all, search
from smartikm.producers.actions import producer_for
from smartikm.reference.models import Kbli, Region
from smartikm.registry.choices import VerificationStatus
from smartikm.registry.models import Certification, Ikm

pytestmark = pytest.mark.django_db

JEPARA = "33.20"
PEKALONGAN = "33.26"
BANTUL = "34.02"


def make_ikm(name, regency, *, status=VerificationStatus.VERIFIED, export=False, scale="kecil"):
    village = Region.objects.filter(level=4, code__startswith=regency + ".").order_by("code").first()
    return Ikm.objects.create(
        name=name,
        kbli=Kbli.objects.get(code="13134"),
        workers=5,
        investment=100_000_000,
        scale=scale,
        village=village,
        province_id=village.code[:2],
        regency_id=village.code[:5],
        address="Jl. Contoh 1",
        owner_name="Pemilik Contoh",
        status=status,
        has_export_experience=export,
    )


def make_product(producer, name, description="Produk buatan tangan.", *, slug="batik", **fields):
    owner = {"producer": producer_for(producer)}
    fields.setdefault("status", ProductStatus.ACTIVE)
    return Product.objects.create(
        **owner,
        name_id=name,
        description_id=description,
        category=Category.objects.get(slug=slug),
        price=fields.pop("price", 100_000),
        **fields,
    )


@pytest.fixture
def catalogue(db):
    jepara = make_ikm("Rotan Jaya", JEPARA, export=True)
    pekalongan = make_ikm("Batik Sekar", PEKALONGAN, scale="menengah")
    bantul = make_ikm("Gerabah Kasongan", BANTUL)
    pending = make_ikm("Usaha Belum Diverifikasi", JEPARA, status=VerificationStatus.SUBMITTED)
    upt = Organisation.objects.create(
        name="Lapas Contoh", kind=OrganisationKind.UPT, province_id="34", region_id="34.71"
    )
    halal = Certification.objects.create(
        ikm=bantul, kind_id="HALAL", number="ID3411000001", issuer="BPJPH", valid_from="2025-01-01"
    )
    p = {
        "rotan": make_product(jepara, "Tas kerajinan rotan", "Tas anyaman rotan halus.", slug="tas-dompet"),
        "keranjang": make_product(
            jepara, "Keranjang bambu", "Keranjang anyaman bambu.", slug="dekorasi-rumah"
        ),
        "batik": make_product(pekalongan, "Kain batik tulis", "Batik tulis motif parang, pewarna alam."),
        "kopi": make_product(bantul, "Kopi robusta", "Kopi dalam kemasan kedap udara.", slug="kopi"),
        "cincin": make_product(bantul, "Cincin emas", "Perhiasan emas 22 karat.", slug="emas"),
        "susu": make_product(
            bantul, "Susu sapi segar", "Hasil peternakan sapi perah.", slug="minuman-tradisional"
        ),
        "sapu": make_product(upt, "Sapu ijuk", "Sapu ijuk buatan warga binaan.", slug="perkakas"),
        "draft": make_product(jepara, "Tas rotan rahasia", "Belum terbit.", status=ProductStatus.DRAFT),
        "archived": make_product(jepara, "Tas rotan lama", "Diarsipkan.", status=ProductStatus.ARCHIVED),
        "unverified": make_product(pending, "Tas rotan tersembunyi", "Produsen belum diverifikasi."),
    }
    p["kopi"].certifications.add(halal)
    reindex_all()
    return p


def names(result):
    return {p.name_id for p in result.items}


# Stemming: the same expectations hold on SQLite and PostgreSQL ---------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pengrajin rotan", {"Tas kerajinan rotan"}),
        ("perajin", {"Tas kerajinan rotan"}),
        ("anyam", {"Tas kerajinan rotan", "Keranjang bambu"}),
        ("pengemasan", {"Kopi robusta"}),
        ("emas", {"Cincin emas"}),
        ("ternak", {"Susu sapi segar"}),
        ("BATIK Tulis", {"Kain batik tulis"}),
        ("pekalongan", {"Kain batik tulis"}),
        ("jepara", {"Tas kerajinan rotan", "Keranjang bambu"}),
    ],
)
def test_indonesian_word_forms_find_each_other(catalogue, query, expected):
    assert names(search(query)) == expected


def test_english_name_and_description_are_searchable(catalogue):
    product = catalogue["batik"]
    product.name_en, product.description_en = "Hand-drawn batik cloth", "Natural dyes"
    product.save()
    index_products([product.pk])
    assert names(search("cloth")) == {"Kain batik tulis"}
    assert names(search("dyes")) == {"Kain batik tulis"}


def test_every_word_of_the_query_must_match(catalogue):
    assert names(search("tas rotan")) == {"Tas kerajinan rotan"}
    assert search("rotan kopi").total == 0


# Only public products ---------------------------------------------------------------------------


def test_unpublished_and_unverified_products_never_appear(catalogue):
    everything = search("", page_size=100)
    hidden = {"Tas rotan rahasia", "Tas rotan lama", "Tas rotan tersembunyi"}
    assert not names(everything) & hidden
    assert everything.total == 7
    for word in ("rahasia", "lama", "tersembunyi"):
        assert not names(search(word)) & hidden


def test_a_product_archived_through_the_action_leaves_the_index(
    catalogue, personas, django_capture_on_commit_callbacks
):
    from smartikm.catalog.actions import change_product_status

    with django_capture_on_commit_callbacks(execute=True):
        change_product_status(catalogue["kopi"], ProductStatus.ARCHIVED, actor=personas.ministry_admin)
    assert search("kopi").total == 0


def test_verifying_an_ikm_through_the_action_publishes_its_products(
    catalogue, personas, django_capture_on_commit_callbacks
):
    from smartikm.registry.actions import verify_ikm

    ikm = catalogue["unverified"].ikm
    with django_capture_on_commit_callbacks(execute=True):
        verify_ikm(ikm, actor=personas.ministry_admin)
    assert names(search("tersembunyi")) == {"Tas rotan tersembunyi"}


def test_index_products_removes_a_product_that_stopped_being_public(catalogue):
    Product.objects.filter(pk=catalogue["batik"].pk).update(status=ProductStatus.DRAFT)
    assert search("batik").total == 1
    index_products([catalogue["batik"].pk])
    assert search("batik").total == 0
    assert not SearchEntry.objects.filter(product=catalogue["batik"]).exists()


def test_reindex_command_rebuilds_the_index(catalogue):
    SearchEntry.objects.all().delete()
    call_command("reindex", quiet=True)
    assert search("").total == 7


# Warga binaan (UPT) products -----------------------------------------------------------------------


def test_a_upt_product_takes_its_place_from_the_upt_and_is_marked_warga_binaan(catalogue):
    entry = SearchEntry.objects.get(product=catalogue["sapu"])
    assert (entry.province, entry.regency, entry.warga_binaan) == ("34", "34.71", True)
    assert names(search("sapu", {"warga_binaan": "1"})) == {"Sapu ijuk"}
    assert search("sapu", {"warga_binaan": "0"}).total == 0


# Facets -------------------------------------------------------------------------------------------

PUBLIC = Q(status=ProductStatus.ACTIVE) & (
    Q(producer__ikm__status=VerificationStatus.VERIFIED)
    | Q(producer__ikm__isnull=True, producer__organisation__is_active=True)
)


def orm_condition(key: str, value: str) -> Q:
    flag = value == "1"
    return {
        "province": Q(producer__ikm__province_id=value)
        | Q(producer__ikm__isnull=True, producer__organisation__province_id=value),
        "regency": Q(producer__ikm__regency_id=value)
        | Q(producer__ikm__isnull=True, producer__organisation__region__code__startswith=value),
        "category": Q(category__slug=value) | Q(category__parent__slug=value),
        "kbli": Q(kbli_id=value),
        "certification": Q(certifications__kind_id=value),
        "scale": Q(producer__ikm__scale=value),
        "export": Q(producer__ikm__has_export_experience=flag)
        if flag
        else Q(producer__ikm__has_export_experience=False) | Q(producer__ikm__isnull=True),
        "warga_binaan": Q(producer__ikm__isnull=flag),
    }[key]


@pytest.mark.parametrize(
    "filters", [None, {"province": "33"}, {"category": "fesyen"}, {"category": "tas-dompet"}]
)
def test_facet_counts_equal_a_direct_orm_count(catalogue, filters):
    catalogue["keranjang"].kbli_id = "16291"
    catalogue["keranjang"].save()
    index_products([catalogue["keranjang"].pk])
    result = search("", filters)
    base = Product.objects.filter(PUBLIC)
    for key, value in (filters or {}).items():
        base = base.filter(orm_condition(key, value))
    assert result.total == base.count()
    assert set(result.facets) == set(FACET_KEYS)
    seen = 0
    for key, facets in result.facets.items():
        for facet in facets:
            expected = base.filter(orm_condition(key, facet.value)).distinct().count()
            assert facet.count == expected, (key, facet.value)
            seen += 1
    assert seen >= 7  # every facet key has at least one value


def test_facets_have_labels_and_mark_selected_values(catalogue):
    result = search("", {"province": ["33", "99"]})
    provinces = {f.value: f for f in result.facets["province"]}
    assert provinces["33"].label == "Jawa Tengah" and provinces["33"].selected
    assert provinces["99"].count == 0 and provinces["99"].selected  # kept so it can be removed
    leaves = {f.value: f for f in result.facets["category"]}
    assert leaves["tas-dompet"].parent == "fesyen"
    assert leaves["fesyen"].parent is None
    assert {f.value for f in result.facets["export"]} == {"0", "1"}


def test_the_certification_facet_counts_products_with_that_certificate(catalogue):
    result = search("")
    assert [(f.value, f.count) for f in result.facets["certification"]] == [("HALAL", 1)]


# Filters --------------------------------------------------------------------------------------------


def test_filters_narrow_results(catalogue):
    assert search("").total == 7
    assert names(search("", {"province": "33"})) == {
        "Tas kerajinan rotan",
        "Keranjang bambu",
        "Kain batik tulis",
    }
    assert names(search("", {"regency": PEKALONGAN})) == {"Kain batik tulis"}
    assert names(search("", {"category": "fesyen"})) == {"Tas kerajinan rotan", "Kain batik tulis"}
    assert names(search("", {"category": ["tas-dompet", "dekorasi-rumah"]})) == {
        "Tas kerajinan rotan",
        "Keranjang bambu",
    }
    assert names(search("", {"category": "perkakas", "province": "34"})) == {"Sapu ijuk"}
    assert names(search("", {"certification": "HALAL"})) == {"Kopi robusta"}
    assert names(search("", {"scale": "menengah"})) == {"Kain batik tulis"}
    assert names(search("", {"export": "1"})) == {"Tas kerajinan rotan", "Keranjang bambu"}
    assert names(search("tas", {"province": ["33", "34"]})) == {"Tas kerajinan rotan"}


def test_unknown_filter_values_match_nothing_and_unknown_keys_are_ignored(catalogue):
    assert search("", {"category": "tidak-ada"}).total == 0
    assert search("", {"certification": "PALSU"}).total == 0
    assert search("", {"province": "99"}).total == 0
    assert search("", {"warna": "merah"}).total == 7
    assert search("", {"export": "mungkin"}).total == 7


# Suggestions ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typo", "suggestion", "found"),
    [
        ("batk", "batik", "Kain batik tulis"),
        ("Pekalongn", "pekalongan", "Kain batik tulis"),
        ("rotn", "rotan", None),
    ],
)
def test_a_misspelt_query_is_answered_with_a_suggestion(catalogue, typo, suggestion, found):
    result = search(typo)
    assert result.suggestion == suggestion
    assert result.query == typo
    assert result.total > 0
    if found:
        assert found in names(result)


def test_a_query_with_hits_gets_no_suggestion(catalogue):
    assert search("batik").suggestion is None


def test_nothing_close_means_no_suggestion_and_no_results(catalogue):
    result = search("zzzqqq")
    assert (result.total, result.suggestion, result.items) == (0, None, [])


def test_words_of_unpublished_products_are_never_suggested(catalogue):
    assert search("rahasa").suggestion is None  # "rahasia" is only in a draft


# Hostile input ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "batik " * 2_000,
        '"',
        '"batik',
        "*",
        "batik*",
        "NEAR(batik rotan)",
        "AND OR NOT",
        "batik AND OR NOT rotan",
        "'; DROP TABLE catalog_product; --",
        "a\x00b",
        "\x00",
        "-batik ^rotan name:batik {names}: batik",
        "!batik & | <-> :* \\",
        "🙂🔥 ☃ 中文 العربية \u202e\ufeff \udcff",
        "   ",
    ],
)
def test_hostile_queries_return_normally(catalogue, query):
    result = search(query)
    assert result.total >= 0
    assert Product.objects.count() == 10


@pytest.mark.parametrize(
    "filters",
    [
        {"province": "3\x003"},
        {"category": ["x" * 10_000]},
        {"province": [str(i) for i in range(5_000)]},
        {"certification": "% _"},
        {"export": None, "scale": 7},
        {"kbli": "'; DROP TABLE catalog_product; --"},
    ],
)
def test_hostile_filters_return_normally(catalogue, filters):
    assert search("tas", filters).total >= 0


def test_odd_paging_arguments_are_clamped(catalogue):
    result = search("", page=999, page_size=0, sort="bogus")
    assert (result.page_size, result.page, result.pages) == (1, 7, 7)
    assert len(result.items) == 1
    assert search("", page="x", page_size=10**9).page_size == 100


# Ranking ------------------------------------------------------------------------------------------------


def test_a_name_match_ranks_above_a_description_only_match(catalogue):
    ikm = catalogue["kopi"].ikm
    make_product(
        ikm,
        "Vas bunga",
        "Vas dari tembikar, dibentuk tangan, dibakar tungku kayu.",
        slug="gerabah-keramik",
    )
    make_product(
        ikm, "Tembikar hias", "Vas bunga dibentuk tangan, dibakar tungku kayu.", slug="gerabah-keramik"
    )
    reindex_all()
    assert [p.name_id for p in search("tembikar").items] == ["Tembikar hias", "Vas bunga"]


def test_among_equal_matches_a_product_with_photo_and_certificate_ranks_first(catalogue):
    ikm = catalogue["kopi"].ikm
    plain = make_product(ikm, "Dodol durian", "Dodol legit.", slug="kue-roti")
    better = make_product(ikm, "Dodol durian", "Dodol legit.", slug="kue-roti")
    better.certifications.add(Certification.objects.get(kind_id="HALAL"))
    ProductImage.objects.create(product=better, token="a" * 32, image="products/a.jpg")
    newer = make_product(ikm, "Dodol durian", "Dodol legit.", slug="kue-roti")
    reindex_all()
    assert [p.pk for p in search("dodol").items] == [better.pk, newer.pk, plain.pk]


def test_sort_by_price_and_newest(catalogue):
    prices = [p.price for p in search("", sort="price_asc").items]
    assert prices == sorted(prices)
    ids = [p.pk for p in search("", sort="newest").items]
    assert ids == sorted(ids, reverse=True)


# Query counts ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page_size", [20, 5])
def test_search_uses_a_fixed_number_of_queries(catalogue, django_assert_num_queries, page_size):
    ikm = catalogue["batik"].ikm
    for i in range(25):
        make_product(ikm, f"Batik cap {i}", "Batik cap motif kawung.")
    reindex_all()
    # generation+kinds, categories, facets+total+page ids, products, images, region labels, KBLI labels
    with django_assert_num_queries(7):
        result = search("batik", {"province": "33"}, page_size=page_size)
        for product in result.items:
            _ = (product.category.name_id, product.ikm.province.name, product.ikm.regency.name)
            list(product.images.all())
    assert len(result.items) == page_size


# Engine specifics ---------------------------------------------------------------------------------------


@pytest.mark.postgres_only
def test_postgres_stores_the_python_stems_as_lexemes_with_name_weight(catalogue):
    with connection.cursor() as cur:
        cur.execute(
            "SELECT document::text FROM catalog_searchentry WHERE product_id = %s", [catalogue["rotan"].pk]
        )
        document = cur.fetchone()[0]
    assert "'rajin':" in document and "A" in document.split("'rajin':")[1].split(" ")[0]
    assert "'kerajinan'" not in document


@pytest.mark.postgres_only
def test_postgres_has_the_trigram_extension_for_suggestions(catalogue):
    with connection.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cur.fetchone() == (1,)
