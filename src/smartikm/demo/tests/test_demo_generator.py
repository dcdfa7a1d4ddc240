import json
from io import StringIO

import phonenumbers
import pytest
from django.core.management import call_command
from django.db.models import Count
from stdnum.id import npwp as stdnum_npwp

from smartikm.catalog.models import Category, Product
from smartikm.core.models import AuditEntry
from smartikm.demo import generator
from smartikm.reference.models import HsCode, Kbli, Region
from smartikm.registry.choices import PENDING_STATUSES, VerificationStatus
from smartikm.registry.models import Certification, Ikm, Sentra, SentraMember
from smartikm.registry.scale import active_rules, classify
from smartikm.registry.validators import validate_nik, validate_npwp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    # Persona passwords are hashed with PBKDF2 by default (~0.7 s each); these tests are about the data.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def _wipe_generated() -> None:
    Sentra.objects.all().delete()
    Ikm.objects.all().delete()  # cascades to certifications, products, memberships


def test_same_seed_generates_identical_data():
    _demo("--ikm", "50", "--seed", "7", "--quiet")
    first = generator.fingerprint()
    _wipe_generated()
    _demo("--ikm", "50", "--seed", "7", "--quiet")
    assert generator.fingerprint() == first
    assert Ikm.objects.count() == 50


def test_another_seed_generates_other_data():
    _demo("--ikm", "30", "--seed", "7", "--quiet")
    first = generator.fingerprint()
    _wipe_generated()
    _demo("--ikm", "30", "--seed", "8", "--quiet")
    assert generator.fingerprint() != first


def test_if_empty_does_nothing_when_an_ikm_exists():
    _demo("--ikm", "5", "--seed", "1", "--quiet")
    out = _demo("--ikm", "50", "--seed", "2", "--if-empty")
    assert Ikm.objects.count() == 5
    assert "--if-empty" in out


def test_running_twice_adds_rows_without_nib_collisions():
    _demo("--ikm", "20", "--seed", "3", "--quiet")
    _demo("--ikm", "20", "--seed", "3", "--quiet")
    nibs = [n for n in Ikm.objects.values_list("nib", flat=True) if n]
    assert Ikm.objects.count() == 40
    assert len(nibs) == len(set(nibs))


def test_every_template_code_exists_in_the_reference_tables():
    kbli, hs, cats = generator.used_codes()
    assert Kbli.objects.filter(code__in=kbli, level="kelompok").count() == len(kbli)
    assert HsCode.objects.filter(code__in=hs, level=8).count() == len(hs)
    assert Category.objects.filter(slug__in=cats, children__isnull=True).count() == len(cats)


def test_three_hundred_ikm_look_like_the_real_registry():
    summary = generator.generate(300, 11)
    ikms = list(Ikm.objects.all())
    assert summary.ikm == len(ikms) == 300

    # Places: real villages in at least 20 provinces, province/regency consistent with the village.
    assert len({i.province_id for i in ikms}) >= 20
    villages = set(
        Region.objects.filter(code__in={i.village_id for i in ikms}, level=4).values_list("code", flat=True)
    )
    assert {i.village_id for i in ikms} == villages
    assert all(i.province_id == i.village_id[:2] and i.regency_id == i.village_id[:5] for i in ikms)

    # Identifiers.
    nibs = [i.nib for i in ikms if i.nib]
    assert len(nibs) == len(set(nibs)) and all(len(n) == 13 and n.isdigit() for n in nibs)
    npwps = [i.npwp for i in ikms if i.npwp]
    assert len(npwps) > 200
    for n in npwps:
        assert len(n) == 15 and stdnum_npwp.is_valid(n)
        validate_npwp(n)
    for phone in [i.phone for i in ikms] + [i.owner_phone for i in ikms]:
        assert phone.startswith("+628") and phonenumbers.is_valid_number(phonenumbers.parse(phone)), phone
    niks = [i for i in ikms if i.owner_nik]
    assert 40 < len(niks) < 150
    for i in niks:
        validate_nik(i.owner_nik)
        assert i.owner_nik[:6] == i.village_id.replace(".", "")[:6]
    assert Ikm.objects.filter(owner_nik__contains=niks[0].owner_nik).count() == 0  # stored encrypted

    # Scale and statuses.
    rules = active_rules()
    assert all(i.scale == classify(i.workers, i.investment, rules) for i in ikms)
    pending = [i for i in ikms if i.status in PENDING_STATUSES]
    assert len(pending) >= 0.05 * len(ikms)
    assert {"33", "35"} <= {i.province_id for i in pending}
    assert sum(i.status == VerificationStatus.VERIFIED for i in ikms) > 0.6 * len(ikms)
    rejected = [i for i in ikms if i.status == VerificationStatus.REJECTED]
    assert rejected and all(i.rejection_reason for i in rejected)
    assert all(i.verified_at and i.verified_by_id for i in ikms if i.status == VerificationStatus.VERIFIED)

    # Products: about five per IKM, real 8-digit BTKI lines, leaf categories, bilingual text.
    products = Product.objects.all()
    assert products.count() >= 4.5 * 300
    assert not Ikm.objects.annotate(n=Count("producer__products")).filter(n=0).exists()
    hs = set(products.values_list("hs_code_id", flat=True))
    assert HsCode.objects.filter(code__in=hs, level=8).count() == len(hs)
    assert not products.filter(category__children__isnull=False).exists()
    assert not products.filter(name_en="").exists() and not products.filter(description_en="").exists()
    assert products.filter(status="active").count() > 0.6 * products.count()
    assert not products.filter(price__lte=0).exists()

    # Certificates fit the commodity: Halal only on food, beverages, herbal and cosmetics; SVLK on wood.
    halal_kbli = set(Certification.objects.filter(kind_id="HALAL").values_list("ikm__kbli_id", flat=True))
    assert halal_kbli and all(k[:2] in ("10", "11", "20", "21") for k in halal_kbli)
    svlk_kbli = set(Certification.objects.filter(kind_id="SVLK").values_list("ikm__kbli_id", flat=True))
    assert all(k[:2] in ("16", "31") for k in svlk_kbli)

    # Sentra members live in the sentra's regency; generated rows leave no audit trail.
    for m in SentraMember.objects.select_related("ikm", "sentra"):
        assert m.ikm.regency_id == m.sentra.regency_id
    assert AuditEntry.objects.count() == 0


def test_two_thousand_ikm_give_sixty_sentra_and_ten_thousand_products():
    summary = generator.generate(2000, 1, chunk=700)  # several chunks: sentra continue across them
    assert summary.products >= 10_000
    assert Sentra.objects.count() >= 60
    assert Sentra.objects.annotate(n=Count("members")).filter(n=0).count() == 0
    assert Sentra.objects.filter(officials__role="board_chair").distinct().count() == Sentra.objects.count()


def test_stats_prints_counts_as_json_and_as_a_table():
    generator.generate(20, 5)
    out = StringIO()
    call_command("stats", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["ikm"] == 20
    assert sum(data["ikm_by_status"].values()) == 20
    assert data["products"] == Product.objects.count()
    assert data["regions_by_level"]["4"] > 80_000
    assert data["btki_lines"] > 10_000 and data["kbli_kelompok"] > 1_000
    assert {
        "sentra",
        "sentra_members",
        "product_images",
        "certifications",
        "organisations",
        "users",
        "audit_entries",
        "products_active",
    } <= set(data)
    table = StringIO()
    call_command("stats", stdout=table)
    assert "Produk aktif" in table.getvalue()
