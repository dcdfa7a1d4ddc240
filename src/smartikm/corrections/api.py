"""REST endpoints of the corrections app.

- Officers of a UPT (token): artisans, work records, sales, the premi ledger, the monthly XLSX
  report, graduation follow-ups — of their own UPT only. Rows of another UPT answer 404, as if they
  did not exist.
- Ministry staff (token): counts per UPT (`/aggregates`), never rows.
- Everybody: the producer units (`/units`) and the graduation programme figures (`/programme`),
  small cells suppressed.

Privacy by construction: no schema here has a field for a name; ArtisanRestricted is not imported.
"""

import datetime

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from smartikm.accounts.choices import OrganisationKind
from smartikm.accounts.models import Organisation
from smartikm.catalog.models import Product
from smartikm.core.api_support import (
    MONTH_PATTERN,
    READ_ERRORS,
    WRITE_ERRORS,
    ApiDate,
    ApiError,
    Page,
    PageParams,
    current_user,
    object_or_404,
    optional_auth,
    paginate,
    token_auth,
)
from smartikm.corrections import actions, queries, report
from smartikm.corrections.choices import (
    ArtisanStatus,
    EntryKind,
    LedgerAccount,
    Outcome,
    Skill,
    UnitClass,
    UnitType,
)
from smartikm.corrections.models import Artisan, FollowUp, GraduationCase, Sale, Workshop
from smartikm.corrections.permissions import officer_upt_ids, require_ministry
from smartikm.registry.api import RegionRef

router = Router(tags=["Produk warga binaan"])

ID = Field(ge=1, le=2**62)


def _officer_upts(request) -> set[int]:
    """The caller's UPTs; a caller who is an officer of none gets 403 (not an empty list)."""
    upts = officer_upt_ids(current_user(request))
    if not upts:
        raise ApiError(403, _("Hanya petugas UPT Pemasyarakatan yang dapat mengakses data ini."))
    return upts


def _upt_of(request, upt_id: int | None) -> Organisation:
    upts = _officer_upts(request)
    if upt_id is None:
        if len(upts) != 1:
            raise ApiError(422, _("Sebutkan upt: Anda petugas di lebih dari satu UPT."))
        upt_id = next(iter(upts))
    return object_or_404(Organisation.objects.filter(pk__in=sorted(upts)), upt_id)


def _month(value: str) -> datetime.date:
    year, month = value.split("-")
    return datetime.date(int(year), int(month), 1)


# --------------------------------------------------------------------------- schemas


class WorkshopRef(Schema):
    id: int
    name: str


class ArtisanOut(Schema):
    id: int
    upt_id: int
    code: str = Field(description="Kode acak, tidak diturunkan dari data pribadi.")
    skills: list[Skill]
    workshop: WorkshopRef | None
    status: ArtisanStatus
    joined_on: datetime.date | None
    release_month: datetime.date | None


class ArtisanIn(Schema):
    model_config = {"extra": "forbid"}

    upt: int | None = Field(
        None, ge=1, le=2**62, description="Wajib bila Anda petugas di lebih dari satu UPT."
    )
    skills: list[Skill] = Field(default_factory=list, max_length=10)
    workshop: int | None = Field(None, ge=1, le=2**62)
    joined_on: ApiDate | None = None


class StatusIn(Schema):
    status: ArtisanStatus


class ReleaseIn(Schema):
    released_on: ApiDate


class FollowUpOut(Schema):
    id: int
    months: int
    due_on: datetime.date
    done_on: datetime.date | None
    outcome: Outcome | None

    @staticmethod
    def resolve_outcome(obj: FollowUp):
        return obj.outcome or None


class CaseOut(Schema):
    id: int
    artisan_code: str
    released_on: datetime.date
    consent_on: datetime.date | None
    ikm_id: int | None
    follow_ups: list[FollowUpOut]

    @staticmethod
    def resolve_artisan_code(obj: GraduationCase):
        return obj.artisan.code

    @staticmethod
    def resolve_follow_ups(obj: GraduationCase):
        return list(obj.follow_ups.all())


class FollowUpIn(Schema):
    outcome: Outcome
    done_on: ApiDate


class WorkRecordOut(Schema):
    id: int
    artisan_code: str
    product_id: int
    period: datetime.date
    pieces: int
    hours: int

    @staticmethod
    def resolve_artisan_code(obj):
        return obj.artisan.code


class WorkRecordIn(Schema):
    model_config = {"extra": "forbid"}

    artisan: int = ID
    product: int = ID
    period: str = Field(pattern=MONTH_PATTERN, description="Bulan, YYYY-MM.")
    pieces: int = Field(0, ge=0, le=2**31 - 1)
    hours: int = Field(0, ge=0, le=2**31 - 1)


class SaleOut(Schema):
    id: int
    upt_id: int
    product_id: int
    amount: int = Field(description="Rupiah, bilangan bulat.")
    quantity: int | None
    sold_on: datetime.date
    source: str
    external_ref: str
    rule: str
    premi_bp: int
    pnbp_bp: int
    capital_bp: int

    @staticmethod
    def resolve_rule(obj: Sale):
        return obj.rule.source

    @staticmethod
    def resolve_premi_bp(obj: Sale):
        return obj.rule.premi_bp

    @staticmethod
    def resolve_pnbp_bp(obj: Sale):
        return obj.rule.pnbp_bp

    @staticmethod
    def resolve_capital_bp(obj: Sale):
        return obj.rule.capital_bp


class SaleIn(Schema):
    model_config = {"extra": "forbid"}

    upt: int | None = Field(None, ge=1, le=2**62)
    product: int = ID
    amount: int = Field(ge=1, le=actions.MAX_SALE, description="Rupiah, bilangan bulat.")
    sold_on: ApiDate
    quantity: int | None = Field(None, ge=1, le=2**31 - 1)
    external_ref: str = Field("", max_length=120, description="Nomor nota, bila ada (unik).")
    note: str = Field("", max_length=300)


class ReasonIn(Schema):
    reason: str = Field(min_length=1, max_length=300)


class LedgerOut(Schema):
    id: int
    account: LedgerAccount
    amount: int
    artisan_code: str | None
    sale_id: int | None
    product_id: int
    period: datetime.date
    booked_on: datetime.date
    kind: EntryKind
    reverses_id: int | None
    memo: str

    @staticmethod
    def resolve_artisan_code(obj):
        return obj.artisan.code if obj.artisan_id else None


class LedgerFilters(Schema):
    upt: int | None = Field(None, ge=1, le=2**62)
    month: str | None = Field(None, pattern=MONTH_PATTERN, description="Bulan buku, YYYY-MM.")
    account: LedgerAccount | None = None


class UptFilter(Schema):
    upt: int | None = Field(None, ge=1, le=2**62)


class UnitOut(Schema):
    id: int
    name: str
    unit_type: UnitType | None
    unit_class: UnitClass | None
    province: RegionRef | None
    regency: RegionRef | None
    story: str | None


class AggregateOut(Schema):
    upt_id: int
    upt_name: str
    unit_type: str | None
    by_status: dict[str, int]
    active_by_skill: dict[str, int]


class ProgrammeRow(Schema):
    unit_type: str
    cells: dict[str, int | None] = Field(
        description="Jumlah kasus per hasil; null = kurang dari 5 (disamarkan)."
    )
    total: int | None
    linked_to_ikm: int | None


class ProgrammeOut(Schema):
    columns: list[str]
    rows: list[ProgrammeRow]
    small_cell: int = Field(description="Sel di bawah angka ini disamarkan (null).")
    total: int


# --------------------------------------------------------------------------- public


@router.get("/units", response=list[UnitOut], auth=optional_auth, summary="Unit produksi UPT Pemasyarakatan")
def list_units(request):
    upts = (
        Organisation.objects.filter(kind=OrganisationKind.UPT, is_active=True)
        .select_related("province", "upt_profile__regency")
        .order_by("name", "id")
    )
    out = []
    for upt in upts:
        profile = getattr(upt, "upt_profile", None)
        out.append(
            {
                "id": upt.pk,
                "name": upt.name,
                "unit_type": profile.unit_type if profile else None,
                "unit_class": (profile.unit_class or None) if profile else None,
                "province": upt.province,
                "regency": profile.regency if profile else None,
                "story": (profile.story or None) if profile else None,
            }
        )
    return out


@router.get(
    "/programme", response=ProgrammeOut, auth=optional_auth, summary="Angka program graduasi (agregat)"
)
def programme(request):
    return queries.programme_figures()


# --------------------------------------------------------------------------- ministry


@router.get(
    "/aggregates",
    response={200: list[AggregateOut], **READ_ERRORS},
    auth=token_auth,
    summary="Rekap warga binaan per UPT (staf kementerian; hanya jumlah)",
)
def aggregates(request):
    require_ministry(current_user(request))
    return queries.ministry_aggregates()


# --------------------------------------------------------------------------- officers: artisans


def _artisans(request) -> QuerySet[Artisan]:
    return queries.artisans_of(_officer_upts(request))


@router.get(
    "/artisans",
    response={200: Page[ArtisanOut], **READ_ERRORS},
    auth=token_auth,
    summary="Warga binaan (kode)",
)
def list_artisans(
    request, paging: Query[PageParams], upt: int | None = None, status: ArtisanStatus | None = None
):
    qs = _artisans(request)
    if upt:
        qs = qs.filter(upt_id=upt)
    if status:
        qs = qs.filter(status=status)
    return paginate(qs.order_by("code"), paging)


@router.get("/artisans/{int:artisan_id}", response={200: ArtisanOut, **READ_ERRORS}, auth=token_auth)
def get_artisan(request, artisan_id: int):
    return object_or_404(_artisans(request), artisan_id)


@router.post(
    "/artisans", response={201: ArtisanOut, **WRITE_ERRORS}, auth=token_auth, summary="Daftarkan warga binaan"
)
def create_artisan(request, payload: ArtisanIn):
    upt = _upt_of(request, payload.upt)
    workshop = object_or_404(Workshop.objects.filter(upt=upt), payload.workshop) if payload.workshop else None
    artisan = actions.register_artisan(
        upt,
        skills=payload.skills,
        workshop=workshop,
        joined_on=payload.joined_on,
        actor=current_user(request),
    )
    return Status(201, artisan)


@router.post("/artisans/{int:artisan_id}/status", response={200: ArtisanOut, **WRITE_ERRORS}, auth=token_auth)
def change_status(request, artisan_id: int, payload: StatusIn):
    artisan = object_or_404(_artisans(request), artisan_id)
    return actions.change_artisan_status(artisan, payload.status, actor=current_user(request))


@router.post(
    "/artisans/{int:artisan_id}/release",
    response={201: CaseOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Catat bebas (membuka kasus graduasi)",
)
def release(request, artisan_id: int, payload: ReleaseIn):
    artisan = object_or_404(_artisans(request), artisan_id)
    case = actions.release_artisan(artisan, released_on=payload.released_on, actor=current_user(request))
    return Status(
        201, GraduationCase.objects.select_related("artisan").prefetch_related("follow_ups").get(pk=case.pk)
    )


@router.get(
    "/graduation", response={200: Page[CaseOut], **READ_ERRORS}, auth=token_auth, summary="Kasus graduasi"
)
def list_cases(request, paging: Query[PageParams]):
    qs = (
        GraduationCase.objects.filter(upt_id__in=sorted(_officer_upts(request)))
        .select_related("artisan")
        .prefetch_related("follow_ups")
        .order_by("-released_on", "id")
    )
    return paginate(qs, paging)


@router.post("/follow-ups/{int:follow_up_id}", response={200: FollowUpOut, **WRITE_ERRORS}, auth=token_auth)
def record_follow_up(request, follow_up_id: int, payload: FollowUpIn):
    follow_up = object_or_404(
        FollowUp.objects.filter(case__upt_id__in=sorted(_officer_upts(request))).select_related("case"),
        follow_up_id,
    )
    return actions.record_follow_up(
        follow_up, outcome=payload.outcome, done_on=payload.done_on, actor=current_user(request)
    )


# --------------------------------------------------------------------------- officers: work and money


@router.get("/work-records", response={200: Page[WorkRecordOut], **READ_ERRORS}, auth=token_auth)
def list_work_records(
    request,
    paging: Query[PageParams],
    period: str | None = Query(None, pattern=MONTH_PATTERN),  # noqa: B008
):
    qs = queries.work_records_of(_officer_upts(request))
    if period:
        qs = qs.filter(period=_month(period))
    return paginate(qs.order_by("-period", "artisan__code", "id"), paging)


@router.post(
    "/work-records", response={201: WorkRecordOut, **WRITE_ERRORS}, auth=token_auth, summary="Catat kerja"
)
def create_work_record(request, payload: WorkRecordIn):
    artisan = object_or_404(_artisans(request), payload.artisan)
    product = object_or_404(Product.objects.filter(producer__organisation_id=artisan.upt_id), payload.product)
    row = actions.record_work(
        artisan,
        product,
        _month(payload.period),
        pieces=payload.pieces,
        hours=payload.hours,
        actor=current_user(request),
    )
    return Status(201, row)


@router.get(
    "/sales", response={200: Page[SaleOut], **READ_ERRORS}, auth=token_auth, summary="Penjualan produk UPT"
)
def list_sales(request, paging: Query[PageParams]):
    return paginate(queries.sales_of(_officer_upts(request)).order_by("-sold_on", "-id"), paging)


@router.post("/sales", response={201: SaleOut, **WRITE_ERRORS}, auth=token_auth, summary="Catat penjualan")
def create_sale(request, payload: SaleIn):
    upt = _upt_of(request, payload.upt)
    product = object_or_404(Product.objects.filter(producer__organisation=upt), payload.product)
    sale = actions.record_manual_sale(
        upt,
        product,
        payload.amount,
        payload.sold_on,
        quantity=payload.quantity,
        note=payload.note,
        external_ref=payload.external_ref,
        actor=current_user(request),
    )
    return Status(201, queries.sales_of([upt.pk]).get(pk=sale.pk))


@router.post(
    "/sales/{int:sale_id}/reverse",
    response={201: list[LedgerOut], **WRITE_ERRORS},
    auth=token_auth,
    summary="Batalkan penjualan (entri pembalikan)",
)
def reverse_sale(request, sale_id: int, payload: ReasonIn):
    sale = object_or_404(queries.sales_of(_officer_upts(request)), sale_id)
    return Status(201, actions.reverse_sale(sale, reason=payload.reason, actor=current_user(request)))


@router.get("/ledger", response={200: Page[LedgerOut], **READ_ERRORS}, auth=token_auth, summary="Buku premi")
def list_ledger(request, filters: Query[LedgerFilters], paging: Query[PageParams]):
    qs = queries.ledger_of(_officer_upts(request))
    if filters.upt:
        qs = qs.filter(upt_id=filters.upt)
    if filters.month:
        start = _month(filters.month)
        qs = qs.filter(booked_on__gte=start, booked_on__lt=actions.add_months(start, 1))
    if filters.account:
        qs = qs.filter(account=filters.account)
    return paginate(qs.order_by("booked_on", "id"), paging)


@router.get(
    "/reports/{int:year}/{int:month}",
    auth=token_auth,
    response={200: None, **READ_ERRORS},
    summary="Laporan premi bulanan (XLSX)",
)
def monthly_report(request, year: int, month: int, upt: Query[UptFilter]):
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise ApiError(404, _("Data tidak ditemukan."))
    organisation = _upt_of(request, upt.upt)
    data = report.monthly_report(organisation, year, month, user=current_user(request))
    response = HttpResponse(data, content_type=report.CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{report.report_filename(organisation, year, month)}"'
    )
    return response
