"""Deterministic demo data: IKM, certifications, products and sentra in real villages.

Same seed + same starting database -> same rows (one `random.Random(seed)`, fixed base dates, no
global random). Only the creation timestamps (`auto_now_add`) and the ciphertext of the encrypted
owner NIK differ between runs; `fingerprint()` ignores both and reads the NIK decrypted.

Rows are written with `bulk_create` in chunks of IKM (default 5,000) inside one transaction per
chunk, so memory stays bounded and 200,000 IKM (about a million products) take minutes. This is a
generator, not user input: it does not go through the registry's actions and writes no audit
entries. The audit trail records what people changed; generated rows were never changed by anyone,
and a million "created by the demo" entries would bury the real ones and slow every benchmark.
"""

import hashlib
import math
import random
import re
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone
from stdnum import luhn

from smartikm.accounts.choices import OrganisationKind
from smartikm.accounts.models import Organisation
from smartikm.accounts.personas import Personas, make_personas
from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.models import Category, Product
from smartikm.demo import names as N
from smartikm.producers.actions import producer_for
from smartikm.producers.choices import ProducerKind
from smartikm.producers.models import Producer
from smartikm.reference.models import CertificationKind, HsCode, Kbli, Region
from smartikm.registry.choices import (
    BusinessType,
    ConsumerKind,
    Education,
    LicenceKind,
    MarketingReach,
    SentraOfficialRole,
    VerificationStatus,
)
from smartikm.registry.models import Certification, Ikm, Sentra, SentraMember, SentraOfficial
from smartikm.registry.scale import active_rules, classify

BASE_DATE = date(2026, 1, 15)
BASE_TIME = datetime(2026, 1, 15, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
DEFAULT_CHUNK = 5000
BATCH = 1000
HUB_SHARE = 0.6  # IKM placed in a commodity's known centres; the rest spread over the provinces
CLUSTER_SHARE = 0.75  # of hub IKM, those in the hub's sentra villages

QTY = re.compile(r"(\d+(?:,\d+)?)\s*(kg|g|ml|liter)\b")
MOBILE_PREFIXES = (
    "811",
    "812",
    "813",
    "821",
    "822",
    "823",
    "851",
    "852",
    "853",
    "814",
    "815",
    "816",
    "855",
    "856",
    "857",
    "858",
    "817",
    "818",
    "819",
    "859",
    "877",
    "878",
    "831",
    "832",
    "833",
    "838",
    "895",
    "896",
    "897",
    "898",
    "899",
    "881",
    "882",
    "887",
    "888",
)
STATUS_WEIGHTS = (
    (VerificationStatus.VERIFIED, 78),
    (VerificationStatus.SUBMITTED, 7),
    (VerificationStatus.RESUBMITTED, 2.5),
    (VerificationStatus.DRAFT, 7.5),
    (VerificationStatus.REJECTED, 5),
)
PRODUCTS_PER_IKM = ((1, 3), (2, 6), (3, 10), (4, 14), (5, 20), (6, 16), (7, 12), (8, 9), (9, 6), (10, 4))
EDUCATION_WEIGHTS = (
    (Education.SD, 12),
    (Education.SMP, 18),
    (Education.SMA, 45),
    (Education.DIPLOMA, 8),
    (Education.S1, 15),
    (Education.S2, 2),
)
REACH_WEIGHTS = (
    (MarketingReach.REGENCY, 30),
    (MarketingReach.PROVINCE, 30),
    (MarketingReach.NATIONAL, 31),
    (MarketingReach.EXPORT, 9),
)
LVLK = ("PT Mutuagung Lestari", "PT Sucofindo", "PT BRIK Quality Services", "PT Equality Indonesia")
LSPRO = (
    "LSPro Balai Besar Standardisasi dan Pelayanan Jasa Industri Kerajinan dan Batik",
    "LSPro Balai Besar Standardisasi dan Pelayanan Jasa Industri Agro",
    "LSPro Balai Standardisasi dan Pelayanan Jasa Industri Surabaya",
    "LSPro B4T Bandung",
)


class DemoDataError(Exception):
    """The reference data lacks something the generator needs (run `smartikm loadref`)."""


@dataclass
class Summary:
    ikm: int = 0
    products: int = 0
    certifications: int = 0
    sentra: int = 0
    sentra_members: int = 0
    organisations: int = 0
    seconds: float = 0.0


@dataclass
class Village:
    code: str
    name: str
    postal_code: str
    district: str
    regency: str  # regency name ("Kabupaten Jepara")

    @property
    def regency_code(self) -> str:
        return self.code[:5]


@dataclass
class Hub:
    regency: str
    villages: list[Village]
    clusters: list[Village]


@dataclass
class Context:
    rules: list
    categories: dict[str, int]
    cert_kinds: dict[str, CertificationKind]
    personas: Personas
    hubs: dict[str, list[Hub]]
    regencies_by_province: dict[str, list[str]]
    province_codes: list[str]
    province_cum: list[float]
    commodity_cum: list[float]
    used_nibs: set[str]
    sentra_by_key: dict[tuple[str, str], int] = field(default_factory=dict)
    sentra_names: set[str] = field(default_factory=set)
    owner_assigned: bool = False
    nib_rng: random.Random = field(default_factory=lambda: random.Random(0))  # replaced in generate()
    _villages: dict[str, list[Village]] = field(default_factory=dict)

    def villages(self, prefix: str) -> list[Village]:
        """Villages whose code starts with a regency or district code, in code order (cached)."""
        if prefix not in self._villages:
            # By parent, not `code LIKE '33.20.%'` or `level=4` (unselective): the parent index serves both
            # engines.
            districts = (
                [prefix]
                if prefix.count(".") == 2
                else list(Region.objects.filter(parent_id=prefix).values_list("code", flat=True))
            )
            rows = (
                Region.objects.filter(parent_id__in=districts, is_active=True)
                .order_by("code")
                .values_list("code", "name", "postal_code", "path")
            )
            result = []
            for code, name, postal, path in rows:
                parts = [p.strip() for p in path.split(",")]
                result.append(
                    Village(
                        code,
                        name,
                        postal or "",
                        parts[1] if len(parts) > 1 else "",
                        parts[2] if len(parts) > 2 else "",
                    )
                )
            self._villages[prefix] = result
        return self._villages[prefix]


# --- identifiers ---------------------------------------------------------------------------------


def make_npwp(rng: random.Random, *, personal: bool) -> str:
    """15-digit NPWP: taxpayer type, serial, Luhn check digit over the first 9, tax office, branch."""
    kind = rng.choice(("07", "08", "09") if personal else ("01", "02", "03"))
    first8 = kind + f"{rng.randrange(10**6):06d}"
    return first8 + luhn.calc_check_digit(first8) + f"{rng.randrange(100, 1000)}" + "000"


def make_phone(rng: random.Random) -> str:
    return "+62" + rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**7, 10**8)}"[: rng.choice((7, 8))]


def make_nik(rng: random.Random, village_code: str, birth: date, female: bool) -> str:
    """16-digit NIK: province-regency-district of the village, birth date (+40 for women), serial."""
    region = village_code.replace(".", "")[:6]
    day = birth.day + (40 if female else 0)
    return f"{region}{day:02d}{birth.month:02d}{birth.year % 100:02d}{rng.randrange(1, 3000):04d}"


def make_nib(rng: random.Random, used: set[str]) -> str:
    while True:
        nib = rng.choice(("9120", "8120", "0220", "1220")) + f"{rng.randrange(10**9):09d}"
        if nib not in used:
            used.add(nib)
            return nib


def slugify_handle(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text.lower() if ch.isalnum())[:30]


def short_regency(name: str) -> str:
    for prefix in ("Kota Administrasi ", "Kabupaten Administrasi ", "Kabupaten ", "Kota "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def round_price(value: float) -> int:
    step = 500 if value < 100_000 else 5_000 if value < 2_000_000 else 50_000
    return max(step, int(round(value / step)) * step)


def net_grams(text: str) -> int | None:
    """Net quantity in grams (millilitres count as grams) from '250 g', '1 kg', '620 ml', '1 liter'."""
    m = QTY.search(text)
    if not m:
        return None
    value = float(m.group(1).replace(",", "."))
    return int(value * (1000 if m.group(2) in ("kg", "liter") else 1))


def weighted(rng: random.Random, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


# --- context -----------------------------------------------------------------------------------


def used_codes() -> tuple[set[str], set[str], set[str]]:
    """(KBLI codes, HS codes, category slugs) named by the commodity templates."""
    kbli: set[str] = set()
    hs: set[str] = set()
    cats: set[str] = set()
    for c in N.COMMODITIES:
        kbli.add(c.kbli)
        cats.add(c.category)
        for t in c.products:
            if t.category:
                cats.add(t.category)
            if t.hs.startswith("@"):
                hs.update(v[2] for v in c.vars[t.hs[1:]])
            else:
                hs.add(t.hs)
    return kbli, hs, cats


def build_context(rng: random.Random, n_ikm: int) -> Context:
    kbli, hs, cats = used_codes()
    if not Region.objects.filter(level=4).exists():
        raise DemoDataError("Tabel wilayah kosong: jalankan `smartikm loadref` dahulu.")
    missing_kbli = kbli - set(
        Kbli.objects.filter(code__in=kbli, level="kelompok").values_list("code", flat=True)
    )
    missing_hs = hs - set(HsCode.objects.filter(code__in=hs, level=8).values_list("code", flat=True))
    categories = {
        slug: pk
        for slug, pk in Category.objects.filter(slug__in=cats, children__isnull=True).values_list(
            "slug", "id"
        )
    }
    missing = sorted(missing_kbli) + sorted(missing_hs) + sorted(cats - set(categories))
    if missing:
        raise DemoDataError(f"Data referensi tidak lengkap (KBLI/HS/kategori): {', '.join(missing)}")
    rules = active_rules()
    if not rules:
        raise DemoDataError("Aturan skala usaha belum dimuat: jalankan `smartikm loadref`.")
    cert_kinds = {k.code: k for k in CertificationKind.objects.filter(is_active=True)}

    regencies_by_province: dict[str, list[str]] = defaultdict(list)
    for code in (
        Region.objects.filter(level=2, is_active=True).order_by("code").values_list("code", flat=True)
    ):
        regencies_by_province[code[:2]].append(code)
    province_codes = sorted(p for p in N.PROVINCE_WEIGHTS if p in regencies_by_province)
    total, province_cum = 0.0, []
    for p in province_codes:
        total += N.PROVINCE_WEIGHTS[p]
        province_cum.append(total)
    total, commodity_cum = 0.0, []
    for c in N.COMMODITIES:
        total += c.weight
        commodity_cum.append(total)

    ctx = Context(
        rules=rules,
        categories=categories,
        cert_kinds=cert_kinds,
        personas=make_personas(),
        hubs={},
        regencies_by_province=dict(regencies_by_province),
        province_codes=province_codes,
        province_cum=province_cum,
        commodity_cum=commodity_cum,
        used_nibs={
            nib for nib in Ikm.objects.exclude(nib=None).values_list("nib", flat=True) if nib is not None
        },
    )
    # One sentra village per hub at demo scale, up to 30 at benchmark scale (~6,000 sentra at 200,000 IKM).
    clusters = max(1, min(30, n_ikm // 4000))
    for c in N.COMMODITIES:
        hubs = []
        for spec in c.hubs:
            regency, _, districts = spec.partition(":")
            villages: list[Village] = []
            if districts:
                wanted = districts.split("|")
                district_codes = (
                    Region.objects.filter(parent_id=regency, name__in=wanted)
                    .order_by("code")
                    .values_list("code", flat=True)
                )
                for d in district_codes:
                    villages.extend(ctx.villages(d))
            if not villages:
                villages = ctx.villages(regency)
            if villages:
                hubs.append(Hub(regency, villages, rng.sample(villages, min(clusters, len(villages)))))
        ctx.hubs[c.key] = hubs
    return ctx


def ensure_upt_organisations() -> int:
    """The UPT Pemasyarakatan units (get_or_create: safe to run twice)."""
    created = 0
    for name, regency in N.UPT_UNITS:
        region = Region.objects.filter(code=regency).first()
        if region is None:
            continue
        organisation, was_created = Organisation.objects.get_or_create(
            name=name,
            kind=OrganisationKind.UPT,
            defaults={"region": region, "province_id": regency[:2]},
        )
        producer_for(organisation)
        created += was_created
    return created


# --- rows --------------------------------------------------------------------------------------


@dataclass
class Draft:
    """An IKM being generated with what its products, certificates and sentra need to know."""

    ikm: Ikm
    commodity: N.Commodity
    village: Village
    cluster: bool
    female: bool
    cert_codes: list[str] = field(default_factory=list)


def person_name(rng: random.Random, province: str, female: bool) -> tuple[str, str]:
    """(full name, short form used in brands such as 'Bu Sri')."""
    (males, females), surnames = N.NAME_POOLS.get(province, N.DEFAULT_POOL)
    given = rng.choice(females if female else males)
    full = given if rng.random() < 0.35 else f"{given} {rng.choice(surnames)}"
    honorific = rng.choice(N.HONORIFICS)[0 if female else 1]
    return full, f"{honorific} {given.split()[-1]}"


def pick_village(rng: random.Random, ctx: Context, c: N.Commodity) -> tuple[Village, bool]:
    hubs = ctx.hubs.get(c.key) or []
    if hubs and rng.random() < HUB_SHARE:
        hub = rng.choice(hubs)
        if rng.random() < CLUSTER_SHARE:
            return rng.choice(hub.clusters), True
        return rng.choice(hub.villages), False
    if c.provinces and rng.random() < 0.7:
        candidates = [p for p in c.provinces if p in ctx.regencies_by_province]
        province = rng.choices(candidates, weights=[N.PROVINCE_WEIGHTS.get(p, 1) for p in candidates])[0]
    else:
        province = rng.choices(ctx.province_codes, cum_weights=ctx.province_cum)[0]
    while True:
        villages = ctx.villages(rng.choice(ctx.regencies_by_province[province]))
        if villages:
            return rng.choice(villages), False


def workforce(rng: random.Random) -> tuple[int, int]:
    """(workers, investment in rupiah excluding land and buildings), skewed small like the real registry."""
    r = rng.random()
    if r < 0.68:
        workers, inv = rng.randint(1, 5), math.exp(rng.uniform(math.log(3e6), math.log(2.5e8)))
    elif r < 0.9:
        workers, inv = rng.randint(6, 19), math.exp(rng.uniform(math.log(5e7), math.log(1.4e9)))
    elif r < 0.985:
        workers, inv = rng.randint(20, 99), math.exp(rng.uniform(math.log(4e8), math.log(9e9)))
    else:
        workers, inv = rng.randint(100, 350), math.exp(rng.uniform(math.log(2e9), math.log(2.5e10)))
    return workers, int(round(inv / 100_000)) * 100_000


def make_ikm(rng: random.Random, ctx: Context, index: int) -> Draft:
    c = N.COMMODITIES[
        min(len(N.COMMODITIES) - 1, _bisect(ctx.commodity_cum, rng.random() * ctx.commodity_cum[-1]))
    ]
    village, cluster = pick_village(rng, ctx, c)
    province = village.code[:2]
    female = rng.random() < (0.65 if c.food or c.key in ("batik", "tenun", "busana_muslim") else 0.35)
    owner_name, owner_short = person_name(rng, province, female)
    word = rng.choice(c.words) if rng.random() < 0.6 else rng.choice(N.GENERIC_WORDS)
    item = rng.choice(c.vars["item"])[0] if "item" in c.vars else c.label_id
    name = rng.choice(c.business_names).format(
        word=word, owner=owner_short, place=short_regency(village.regency), village=village.name, item=item
    )[:200]
    workers, investment = workforce(rng)
    founded_year = min(2025, int(2025 - rng.expovariate(1 / 12)))
    founded = date(max(1965, founded_year), rng.randint(1, 12), rng.randint(1, 28))
    status = weighted(rng, STATUS_WEIGHTS)
    phone = make_phone(rng)
    personal = not name.startswith(("CV ", "PT ", "KUB ", "Koperasi "))
    has_nib = status != VerificationStatus.DRAFT or rng.random() < 0.5
    birth = BASE_DATE - timedelta(days=rng.randint(25 * 365, 70 * 365))
    reach = weighted(rng, REACH_WEIGHTS)
    handle = slugify_handle(name)

    ikm = Ikm(
        name=name,
        business_type=weighted(
            rng,
            (
                (BusinessType.OWN_PRODUCTION, 86),
                (BusinessType.PARTNER_PRODUCTION, 8),
                (BusinessType.RESALE, 6),
            ),
        ),
        phone=phone,
        email=f"{handle}@contoh.id" if rng.random() < 0.35 else "",
        npwp=make_npwp(rng, personal=personal) if rng.random() < 0.82 else "",
        nib=make_nib(ctx.nib_rng, ctx.used_nibs) if has_nib else None,
        licences=[LicenceKind.NIB.value]
        + ([rng.choice(("iumk", "iui", "siup", "tdp"))] if rng.random() < 0.3 else [])
        if has_nib
        else [LicenceKind.NONE.value],
        kbli_id=c.kbli,
        founded_on=founded,
        workers=workers,
        investment=investment,
        scale=classify(workers, investment, ctx.rules),
        village_id=village.code,
        province_id=province,
        regency_id=village.regency_code,
        address=f"{rng.choice(N.STREETS)} No. {rng.randint(1, 150)}, RT {rng.randint(1, 12):03d}/RW "
        f"{rng.randint(1, 9):03d}",
        postal_code=village.postal_code,
        description=(
            f"Usaha {c.label_id.lower()} milik {owner_name} di {village.name}, {village.district}, "
            f"{village.regency}, berdiri sejak {founded.year}. {_first_about(c)}"
        ),
        owner_name=owner_name,
        owner_phone=phone if rng.random() < 0.7 else make_phone(rng),
        owner_birth_date=birth,
        owner_nik=make_nik(rng, village.code, birth, female) if rng.random() < 0.3 else "",
        owner_education=weighted(rng, EDUCATION_WEIGHTS),
        store_links=_store_links(rng, phone, handle),
        consumers=[ConsumerKind.INDIVIDUALS.value]
        + [k for k, p in (("companies", 0.3), ("government", 0.1), ("soe", 0.05)) if rng.random() < p],
        marketing_reach=reach,
        has_export_experience=reach == MarketingReach.EXPORT or rng.random() < 0.02,
        needs={
            "online_admin": rng.random() < 0.4,
            "bookkeeping": rng.random() < 0.45,
            "problems": rng.sample(N.PROBLEMS, rng.randint(1, 3)),
            "programmes_attended": rng.sample(N.PROGRAMMES, rng.randint(0, 2)),
            "programmes_wanted": rng.sample(N.PROGRAMMES, rng.randint(1, 3)),
            "trainings_wanted": rng.sample(N.TRAININGS, rng.randint(1, 3)),
        },
        status=status,
    )
    if status != VerificationStatus.DRAFT:
        recent = status in (VerificationStatus.SUBMITTED, VerificationStatus.RESUBMITTED)
        days = rng.randint(1, 45) if recent else rng.randint(30, 1200)
        ikm.submitted_at = BASE_TIME - timedelta(days=days, minutes=rng.randint(0, 600))
    if status == VerificationStatus.VERIFIED:
        assert ikm.submitted_at is not None  # set just above: every status but draft was submitted
        ikm.verified_at = ikm.submitted_at + timedelta(days=rng.randint(1, 21), minutes=rng.randint(0, 480))
        ikm.verified_by = {"33": ctx.personas.officer_jateng, "35": ctx.personas.officer_jatim}.get(
            province, ctx.personas.ministry_admin
        )
    elif status == VerificationStatus.REJECTED:
        ikm.rejection_reason = rng.choice(N.REJECTION_REASONS)
    if not ctx.owner_assigned:
        ikm.owner = ctx.personas.ikm_owner  # the demo login "pemilik.ikm" owns the first generated IKM
        ctx.owner_assigned = True
    return Draft(ikm, c, village, cluster, female)


def _first_about(c: N.Commodity) -> str:
    return c.about[0][0].format(**{k: v[0][0] for k, v in c.vars.items()})


def _bisect(cum: list[float], x: float) -> int:
    lo, hi = 0, len(cum)
    while lo < hi:
        mid = (lo + hi) // 2
        if cum[mid] <= x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _store_links(rng: random.Random, phone: str, handle: str) -> dict:
    links = {}
    if rng.random() < 0.7:
        links["whatsapp"] = phone
    if rng.random() < 0.4:
        links["instagram"] = "@" + handle
    if rng.random() < 0.15:
        links["shopee"] = handle
    if rng.random() < 0.1:
        links["tokopedia"] = handle
    return links


def cert_number(rng: random.Random, code: str, village: Village, issued: date) -> str:
    yy = issued.year % 100
    if code == "HALAL":
        return f"ID{village.code[:2]}110{rng.randrange(10**8):08d}{issued.month:02d}{yy:02d}"
    if code == "PIRT":
        return (
            f"P-IRT {rng.randint(1, 5)}{rng.randint(1, 16):02d}{village.code[:5].replace('.', '')}"
            f"{rng.randint(1, 9999):04d}{rng.randint(1, 99):02d}-{(yy + 5) % 100:02d}"
        )
    if code == "BPOM_MD":
        return f"BPOM RI MD {rng.randrange(10**12):012d}"
    if code == "BPOM_NA":
        return f"NA{rng.randint(11, 18)}{yy:02d}{rng.randrange(10**7):07d}"
    if code == "SVLK":
        return f"VLK-{rng.randint(1, 999):03d}/{rng.choice(('MUTU', 'SCI', 'BRIK', 'EQ'))}/{issued.year}"
    if code == "MEREK":
        return f"IDM000{rng.randrange(10**6):06d}"
    if code == "SNI":
        return f"SPPT-SNI/{rng.randint(100, 9999)}/{issued.year}"
    if code == "TKDN":
        return f"TKDN/{rng.randint(1000, 99999)}/{issued.year}"
    return f"{code}-{rng.randint(10000, 99999)}/{issued.year}"


def make_certifications(rng: random.Random, ctx: Context, d: Draft) -> list[Certification]:
    certs = []
    for code, p in d.commodity.certs:
        kind = ctx.cert_kinds.get(code)
        if kind is None or rng.random() >= p:
            continue
        issued = date(2018, 1, 1) + timedelta(days=rng.randint(0, (BASE_DATE - date(2018, 1, 1)).days - 1))
        years = N.CERT_VALID_YEARS.get(code, 3)
        if code == "HALAL" and issued.year < 2023:
            years = 4  # before UU 6/2023 a Halal certificate was valid for four years
        until = None if years is None else issued.replace(day=min(issued.day, 28), year=issued.year + years)
        issuer = kind.issuer
        if code == "PIRT":
            issuer = f"Pemerintah {d.village.regency}"
        elif code == "SVLK":
            issuer = rng.choice(LVLK)
        elif code == "SNI":
            issuer = rng.choice(LSPRO)
        certs.append(
            Certification(
                kind_id=code,
                number=cert_number(rng, code, d.village, issued),
                issuer=issuer,
                valid_from=issued,
                valid_until=until,
            )
        )
        d.cert_codes.append(code)
    d.ikm.has_trademark = "MEREK" in d.cert_codes
    return certs


def make_products(rng: random.Random, ctx: Context, d: Draft) -> list[dict]:
    """Product rows as {attname: value}; written by ProductWriter (raw executemany) for speed."""
    c = d.commodity
    products = []
    verified = d.ikm.status == VerificationStatus.VERIFIED
    for _ in range(weighted(rng, PRODUCTS_PER_IKM)):
        t = rng.choice(c.products)
        picks = {k: rng.choice(v) for k, v in c.vars.items()}
        ids = {k: v[0] for k, v in picks.items()}
        ens = {k: v[1] for k, v in picks.items()}
        hs = picks[t.hs[1:]][2] if t.hs.startswith("@") else t.hs
        name_id, name_en = t.name_id.format(**ids), t.name_en.format(**ens)
        about_id = " ".join(a[0].format(**ids) for a in c.about)
        about_en = " ".join(a[1].format(**ens) for a in c.about)
        price = math.exp(rng.uniform(math.log(t.price[0]), math.log(t.price[1])))
        weight = rng.randint(*t.weight)
        qty_var = next((k for k in ("pack", "vol") if "{" + k + "}" in t.name_id), None)
        net = net_grams(ids[qty_var]) if qty_var else None
        if qty_var and net:
            # Bigger packs cost more and weigh more: place the price in the template's range by pack size.
            nets = [n for n in (net_grams(v[0]) for v in c.vars[qty_var]) if n]
            lo, hi = min(nets), max(nets)
            pos = math.log(net / lo) / math.log(hi / lo) if hi > lo else 0.5
            price = t.price[0] * (t.price[1] / t.price[0]) ** pos * rng.uniform(0.85, 1.15)
            weight = int(net * rng.uniform(1.05, 1.3)) + 20
        price = round_price(price)
        dims = [max(1, round(s * rng.uniform(0.85, 1.15))) for s in t.size]
        capacity = rng.randint(*t.capacity)
        if verified:
            status = weighted(
                rng, ((ProductStatus.ACTIVE, 90), (ProductStatus.DRAFT, 6), (ProductStatus.ARCHIVED, 4))
            )
        else:
            status = ProductStatus.DRAFT
        place = f"{d.village.name}, {d.village.regency}"
        weight_id = f"{weight:,}".replace(",", ".")
        products.append(
            dict(
                name_id=name_id[:200],
                name_en=name_en[:200],
                description_id=f"{name_id}. {about_id} Diproduksi oleh {d.ikm.name} di {place}. "
                f"Berat {weight_id} g; ukuran kemasan {dims[0]} x {dims[1]} x {dims[2]} cm.",
                description_en=f"{name_en}. {about_en} Made by {d.ikm.name} in {place}. "
                f"Weight {weight:,} g; packed size {dims[0]} x {dims[1]} x {dims[2]} cm.",
                category_id=ctx.categories[t.category or c.category],
                kbli_id=c.kbli,
                hs_code_id=hs,
                price=price,
                moq=rng.randint(*t.moq),
                unit=t.unit,
                monthly_capacity=capacity,
                weight_g=weight,
                length_cm=dims[0],
                width_cm=dims[1],
                height_cm=dims[2],
                stock=0 if rng.random() < 0.08 else rng.randint(1, max(1, capacity)),
                status=status,
            )
        )
    return products


def make_sentra(
    rng: random.Random, ctx: Context, c: N.Commodity, v: Village
) -> tuple[Sentra, list[SentraOfficial]]:
    name = f"Sentra {c.label_id} {v.name}"
    n = 2
    while name in ctx.sentra_names:
        name = f"Sentra {c.label_id} {v.name} {n}"
        n += 1
    ctx.sentra_names.add(name)
    households = rng.randint(600, 5000)
    sentra = Sentra(
        name=name,
        village_id=v.code,
        province_id=v.code[:2],
        regency_id=v.regency_code,
        commodity=c.label_id,
        kbli_id=c.kbli,
        description=f"Sentra {c.label_id.lower()} di {v.name}, {v.district}, {v.regency}. {_first_about(c)}",
        established_year=rng.randint(1965, 2020),
        supervising_agency=f"Dinas Perindustrian {v.regency}",
        technical_unit=f"UPT Sentra {c.label_id} {short_regency(v.regency)}" if rng.random() < 0.4 else "",
        publicly_known=weighted(rng, ((True, 75), (False, 10), (None, 15))),  # None: not yet assessed
        village_households=households,
        similar_businesses=int(households * rng.uniform(0.2, 0.45)),
        is_active=rng.random() < 0.95,
    )
    officials = []
    roles = [
        SentraOfficialRole.BOARD_CHAIR,
        SentraOfficialRole.BOARD_SECRETARY,
        SentraOfficialRole.BOARD_TREASURER,
    ]
    roles += [SentraOfficialRole.MANAGER] * rng.randint(1, 2)
    for role in roles:
        full, _ = person_name(rng, v.code[:2], rng.random() < 0.4)
        officials.append(SentraOfficial(name=full, role=role, phone=make_phone(rng)))
    return sentra, officials


# --- driver ------------------------------------------------------------------------------------


def generate(
    n_ikm: int, seed: int, *, chunk: int = DEFAULT_CHUNK, progress: Callable[[str], None] | None = None
) -> Summary:
    """Generate `n_ikm` IKM with their products, certificates and sentra; return counts."""
    started = time.monotonic()
    rng = random.Random(seed)
    summary = Summary()
    with transaction.atomic():
        ctx = build_context(rng, n_ikm)
        ctx.nib_rng = random.Random(
            f"nib:{seed}"
        )  # separate stream: skipping a taken NIB shifts nothing else
        summary.organisations = ensure_upt_organisations()
    writer = ProductWriter()

    for start in range(0, n_ikm, chunk):
        size = min(chunk, n_ikm - start)
        drafts = [make_ikm(rng, ctx, start + i) for i in range(size)]
        cert_lists = [make_certifications(rng, ctx, d) for d in drafts]
        product_lists = [make_products(rng, ctx, d) for d in drafts]
        with transaction.atomic():
            Ikm.objects.bulk_create([d.ikm for d in drafts], batch_size=BATCH)
            producers = Producer.objects.bulk_create(
                [
                    Producer(
                        kind=ProducerKind.IKM,
                        ikm=d.ikm,
                        province_id=d.ikm.province_id,
                        public_name=d.ikm.name,
                    )
                    for d in drafts
                ],
                batch_size=BATCH,
            )
            certs, products = [], []
            for d, producer, cs, ps in zip(drafts, producers, cert_lists, product_lists, strict=True):
                for obj in cs:
                    obj.ikm_id = d.ikm.pk
                for row in ps:
                    row["producer_id"] = producer.pk
                certs.extend(cs)
                products.extend(ps)
            Certification.objects.bulk_create(certs, batch_size=BATCH)
            writer.insert(products)
            # Products carry their IKM's product certificates (Halal, PIRT, BPOM, SVLK, SNI).
            writer.link_certificates([d.ikm.pk for d in drafts])
            new_sentra, new_members = _sentra_for_chunk(rng, ctx, drafts)
        summary.ikm += size
        summary.products += len(products)
        summary.certifications += len(certs)
        summary.sentra += new_sentra
        summary.sentra_members += new_members
        if progress:
            progress(
                f"{summary.ikm:,}/{n_ikm:,} IKM · {summary.products:,} produk · {summary.sentra:,} sentra · "
                f"{time.monotonic() - started:.1f} dtk"
            )
    summary.seconds = time.monotonic() - started
    return summary


class ProductWriter:
    """Inserts product rows with one `executemany` per chunk instead of `bulk_create`.

    Django's bulk_create compiles every value through the field machinery (~6 µs each); products are
    the bulk of the data (five per IKM), so they go in as plain tuples. Columns come from the model's
    metadata, and a field the generator does not set gets its model default, so a new column with a
    default keeps working; a new required column without one fails loudly here.
    """

    def __init__(self):
        self.fields = [f for f in Product._meta.concrete_fields if not f.primary_key]
        self.defaults = {}
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        for f in self.fields:
            if f.attname in ("created_at", "updated_at"):
                self.defaults[f.attname] = now
            elif f.has_default() or f.null:
                self.defaults[f.attname] = f.get_db_prep_save(f.get_default(), connection)
        qn = connection.ops.quote_name
        columns = ", ".join(qn(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        # Identifiers come from model metadata and are quoted; every value is a parameter.
        self.sql = f"INSERT INTO {qn(Product._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
        through = Product.certifications.through
        kinds = list(CertificationKind.objects.filter(applies_to_product=True).values_list("code", flat=True))
        self.kinds = kinds
        # Quoted identifiers from model metadata; values are parameters.
        self.link_sql = (
            f"INSERT INTO {qn(through._meta.db_table)} ({qn('product_id')}, {qn('certification_id')}) "  # noqa: S608
            f"SELECT p.{qn('id')}, c.{qn('id')} FROM {qn(Product._meta.db_table)} p "
            f"JOIN {qn(Producer._meta.db_table)} pr ON pr.{qn('id')} = p.{qn('producer_id')} "
            f"JOIN {qn(Certification._meta.db_table)} c ON c.{qn('ikm_id')} = pr.{qn('ikm_id')} "
            f"WHERE pr.{qn('ikm_id')} >= %s AND pr.{qn('ikm_id')} <= %s "
            f"AND c.{qn('kind_id')} IN ({', '.join(['%s'] * len(kinds))})"
        )

    def insert(self, rows: list[dict]) -> None:
        defaults, attnames = self.defaults, [f.attname for f in self.fields]
        missing = [a for a in attnames if a not in rows[0] and a not in defaults] if rows else []
        if missing:
            raise DemoDataError(f"Kolom produk tanpa nilai bawaan: {', '.join(missing)}")
        values = [tuple(r[a] if a in r else defaults[a] for a in attnames) for r in rows]
        with connection.cursor() as cursor:
            for start in range(0, len(values), 5000):
                cursor.executemany(self.sql, values[start : start + 5000])

    def link_certificates(self, ikm_ids: list[int]) -> None:
        if ikm_ids and self.kinds:
            with connection.cursor() as cursor:
                cursor.execute(self.link_sql, [min(ikm_ids), max(ikm_ids), *self.kinds])


def _sentra_for_chunk(rng: random.Random, ctx: Context, drafts: list[Draft]) -> tuple[int, int]:
    """Hub IKM living in a sentra village join that village's sentra for their commodity; a sentra is
    created once three or more such IKM appear in one chunk (BPS: a cluster, not a lone workshop)."""
    groups: dict[tuple[str, str], list[Draft]] = defaultdict(list)
    for d in drafts:
        if d.cluster:
            groups[(d.commodity.key, d.village.code)].append(d)
    by_key = {c.key: c for c in N.COMMODITIES}
    new_sentra, new_officials, members = [], [], []
    for key in sorted(groups):
        group = groups[key]
        if key not in ctx.sentra_by_key and len(group) < 3:
            continue
        if key not in ctx.sentra_by_key:
            sentra, officials = make_sentra(rng, ctx, by_key[key[0]], group[0].village)
            new_sentra.append((key, sentra, officials))
        for d in group:
            if rng.random() < 0.85:
                joined = max(d.ikm.founded_on or BASE_DATE, date(2010, 1, 1)) + timedelta(
                    days=rng.randint(0, 900)
                )
                members.append((key, SentraMember(ikm_id=d.ikm.pk, joined_on=min(joined, BASE_DATE))))
    Sentra.objects.bulk_create([s for _, s, _ in new_sentra], batch_size=BATCH)
    for key, sentra, officials in new_sentra:
        ctx.sentra_by_key[key] = sentra.pk
        for o in officials:
            o.sentra_id = sentra.pk
            new_officials.append(o)
    SentraOfficial.objects.bulk_create(new_officials, batch_size=BATCH)
    for key, m in members:
        m.sentra_id = ctx.sentra_by_key[key]
    SentraMember.objects.bulk_create([m for _, m in members], batch_size=BATCH)
    return len(new_sentra), len(members)


def fingerprint() -> str:
    """SHA-256 over the generated content (no primary keys, timestamps or ciphertext), in creation order."""
    h = hashlib.sha256()
    ikm_fields = [
        "name",
        "business_type",
        "phone",
        "email",
        "npwp",
        "nib",
        "licences",
        "kbli_id",
        "founded_on",
        "workers",
        "investment",
        "scale",
        "village_id",
        "address",
        "postal_code",
        "description",
        "owner_name",
        "owner_phone",
        "owner_birth_date",
        "owner_education",
        "store_links",
        "consumers",
        "marketing_reach",
        "has_trademark",
        "needs",
        "status",
        "submitted_at",
        "verified_at",
        "rejection_reason",
    ]
    for ikm in Ikm.objects.order_by("pk").only(*ikm_fields, "owner_nik"):
        h.update(repr([getattr(ikm, f) for f in ikm_fields] + [ikm.owner_nik]).encode())
    product_fields = [
        "name_id",
        "name_en",
        "description_id",
        "description_en",
        "category__slug",
        "hs_code_id",
        "price",
        "moq",
        "unit",
        "monthly_capacity",
        "weight_g",
        "length_cm",
        "width_cm",
        "height_cm",
        "stock",
        "status",
        "producer__ikm__nib",
        "producer__ikm__name",
    ]
    for row in Product.objects.order_by("pk").values_list(*product_fields).iterator(chunk_size=5000):
        h.update(repr(row).encode())
    for row in Certification.objects.order_by("pk").values_list(
        "ikm__name", "kind_id", "number", "valid_from"
    ):
        h.update(repr(row).encode())
    for row in Sentra.objects.order_by("pk").values_list(
        "name", "village_id", "kbli_id", "similar_businesses"
    ):
        h.update(repr(row).encode())
    for row in SentraMember.objects.order_by("pk").values_list("sentra__name", "ikm__name", "joined_on"):
        h.update(repr(row).encode())
    h.update(
        repr(
            Counter(Product.certifications.through.objects.values_list("certification__kind_id", flat=True))
        ).encode()
    )
    return h.hexdigest()
