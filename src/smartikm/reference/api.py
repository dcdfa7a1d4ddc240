"""Public read-only endpoints for the reference tables: regions, KBLI, HS codes (BTKI 2022),
countries and certification kinds. Lists show active rows; a code looked up directly is returned even
when disabled (old profiles still point at it), with its `is_active` flag."""

from django.db.models import Case, Q, Value, When
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema

from smartikm.core.api_support import READ_ERRORS, Page, PageParams, optional_auth, paginate
from smartikm.reference.choices import KbliLevel
from smartikm.reference.models import CertificationKind, Country, HsCode, Kbli, Region
from smartikm.reference.regions import candidates

router = Router(tags=["Referensi"], auth=optional_auth)

Q_MAX = 120  # longest free-text search accepted (a region or KBLI title is shorter than this)
SEARCH_CANDIDATES = 10


# --------------------------------------------------------------------------- regions


class RegionOut(Schema):
    code: str = Field(examples=["33.20.01.2001"])
    name: str
    level: int = Field(description="1 provinsi, 2 kabupaten/kota, 3 kecamatan, 4 kelurahan/desa.")
    kind: str
    parent_code: str | None = Field(None, alias="parent_id")
    path: str
    postal_code: str
    is_active: bool


class RegionFilters(Schema):
    parent: str | None = Field(None, max_length=13, description="Kode wilayah induk, mis. 33.20.")
    level: int | None = Field(None, ge=1, le=4)
    q: str | None = Field(None, max_length=Q_MAX, description="Cari nama wilayah.")


def _region_candidates(q: str, level: int | None, parent: str | None) -> list[str]:
    """Codes of the regions messy input names ("Kab. Jepara", "JEPARA", "Semarng"), best first, from
    the reference matcher (typo-tolerant, no database queries)."""
    try:
        return [c.code for c in candidates(q, level=level, within=parent, limit=SEARCH_CANDIDATES)]
    except (ValueError, KeyError, LookupError):
        return []


@router.get("/regions", response={200: Page[RegionOut], **READ_ERRORS}, summary="Daftar wilayah")
def list_regions(request, filters: Query[RegionFilters], paging: Query[PageParams]):
    qs = Region.objects.filter(is_active=True)
    if filters.parent:
        qs = qs.filter(parent_id=filters.parent)
    if filters.level:
        qs = qs.filter(level=filters.level)
    q = (filters.q or "").strip()
    order = ["level", "code"]
    if q:
        codes = _region_candidates(q, filters.level, filters.parent)
        qs = qs.filter(Q(code__in=codes) | Q(name__icontains=q))
        if codes:
            # The matcher's ranking first, then plain name matches by level and code.
            rank = Case(
                *(When(code=c, then=Value(i)) for i, c in enumerate(codes)), default=Value(len(codes))
            )
            qs = qs.annotate(search_rank=rank)
            order = ["search_rank", *order]
    return paginate(qs.order_by(*order), paging)


@router.get("/regions/{code}", response={200: RegionOut, **READ_ERRORS}, summary="Satu wilayah")
def get_region(request, code: str = Path(..., pattern=r"^[0-9.]{1,13}$")):  # noqa: B008
    return get_object_or_404(Region, code=code)


# --------------------------------------------------------------------------- KBLI


class KbliOut(Schema):
    code: str = Field(examples=["13134"])
    title: str
    level: KbliLevel
    parent_code: str | None = Field(None, alias="parent_id")
    category: str
    version: str
    is_active: bool


class KbliFilters(Schema):
    level: KbliLevel | None = None
    category: str | None = Field(
        None, max_length=1, pattern=r"^[A-Za-z]$", description="Huruf kategori, mis. C."
    )
    parent: str | None = Field(None, max_length=5)
    q: str | None = Field(None, max_length=Q_MAX, description="Cari judul KBLI atau awalan kode.")


@router.get("/kbli", response={200: Page[KbliOut], **READ_ERRORS}, summary="Daftar KBLI 2020")
def list_kbli(request, filters: Query[KbliFilters], paging: Query[PageParams]):
    qs = Kbli.objects.filter(is_active=True)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.category:
        qs = qs.filter(category=filters.category.upper())
    if filters.parent:
        qs = qs.filter(parent_id=filters.parent)
    q = (filters.q or "").strip()
    if q:
        qs = qs.filter(Q(code__startswith=q) | Q(title__icontains=q))
    return paginate(qs.order_by("code"), paging)


@router.get("/kbli/{code}", response={200: KbliOut, **READ_ERRORS}, summary="Satu kode KBLI")
def get_kbli(request, code: str = Path(..., pattern=r"^[A-Za-z0-9]{1,5}$")):  # noqa: B008
    return get_object_or_404(Kbli, code=code.strip().upper() if len(code.strip()) == 1 else code.strip())


# --------------------------------------------------------------------------- HS codes


def undot(code: str) -> str:
    """'0101.30.10' / '0101 30 10' -> '01013010'."""
    return "".join(ch for ch in code if ch.isalnum())


class HsCodeOut(Schema):
    code: str = Field(examples=["44201100"])
    dotted: str = Field(examples=["4420.11.00"])
    level: int = Field(description="4 pos, 6 subpos, 8 pos tarif nasional.")
    description_id: str
    description_en: str
    version: str
    is_active: bool


class HsFilters(Schema):
    prefix: str | None = Field(
        None, max_length=12, description="Awalan kode, boleh bertitik: 4420 atau 4420.11."
    )
    level: int | None = Field(None, description="4, 6 atau 8.")
    q: str | None = Field(None, max_length=Q_MAX, description="Cari uraian (Indonesia atau Inggris).")


@router.get("/hs-codes", response={200: Page[HsCodeOut], **READ_ERRORS}, summary="Daftar kode HS (BTKI 2022)")
def list_hs_codes(request, filters: Query[HsFilters], paging: Query[PageParams]):
    qs = HsCode.objects.filter(is_active=True)
    if filters.prefix:
        qs = qs.filter(code__startswith=undot(filters.prefix))
    if filters.level:
        qs = qs.filter(level=filters.level)
    q = (filters.q or "").strip()
    if q:
        qs = qs.filter(Q(description_id__icontains=q) | Q(description_en__icontains=q))
    return paginate(qs.order_by("code"), paging)


@router.get("/hs-codes/{code}", response={200: HsCodeOut, **READ_ERRORS}, summary="Satu kode HS")
def get_hs_code(request, code: str = Path(..., pattern=r"^[0-9. ]{1,20}$")):  # noqa: B008
    return get_object_or_404(HsCode, code=undot(code)[:8])


# --------------------------------------------------------------------------- countries, certification kinds


class CountryOut(Schema):
    code: str = Field(examples=["AE"])
    alpha3: str
    name_id: str
    name_en: str


class CountryFilters(Schema):
    q: str | None = Field(None, max_length=Q_MAX, description="Cari nama (Indonesia atau Inggris) atau kode.")


@router.get("/countries", response={200: Page[CountryOut], **READ_ERRORS}, summary="Daftar negara")
def list_countries(request, filters: Query[CountryFilters], paging: Query[PageParams]):
    qs = Country.objects.filter(is_active=True)
    q = (filters.q or "").strip()
    if q:
        qs = qs.filter(
            Q(code__iexact=q) | Q(alpha3__iexact=q) | Q(name_id__icontains=q) | Q(name_en__icontains=q)
        )
    return paginate(qs.order_by("name_id"), paging)


@router.get("/countries/{code}", response={200: CountryOut, **READ_ERRORS}, summary="Satu negara")
def get_country(request, code: str = Path(..., pattern=r"^[A-Za-z]{2}$")):  # noqa: B008
    return get_object_or_404(Country, code=code.strip().upper())


class CertificationKindOut(Schema):
    code: str = Field(examples=["HALAL"])
    name: str
    issuer: str
    applies_to_product: bool
    description: str


@router.get(
    "/certification-kinds", response={200: list[CertificationKindOut]}, summary="Daftar jenis sertifikasi"
)
def list_certification_kinds(request):
    return CertificationKind.objects.filter(is_active=True).order_by("code")
