"""REST endpoints of curation: the public list of selection results, rounds, and token-authenticated
work for producers (nominate), reviewers (assignments, score sheets) and curators or ministry staff
(create and advance rounds, assign reviewers, decide).

Every write goes through `curation.actions` (rules, audit); every read of scores goes through
`curation.queries.visible_scores` (the hiding rule). Public schemas have no field for reviewers,
scores or feedback, so no request can make them appear.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from smartikm.accounts.models import User
from smartikm.catalog.models import Category, Product
from smartikm.core.api_support import (
    READ_ERRORS,
    WRITE_ERRORS,
    ApiDate,
    Page,
    PageParams,
    current_user,
    object_or_404,
    optional_auth,
    paginate,
    token_auth,
)
from smartikm.curation import actions, queries
from smartikm.curation.choices import (
    Decision,
    EntryStatus,
    PlanItemKind,
    PlanItemStatus,
    RoundPurpose,
    RoundState,
)
from smartikm.curation.models import Assignment, DevelopmentPlanItem, Entry, Round, Rubric
from smartikm.curation.permissions import (
    can_manage_curation,
    can_nominate,
    can_see_entry,
)
from smartikm.producers.choices import ProducerKind
from smartikm.producers.permissions import public_label

router = Router(tags=["Kurasi produk"])


# --------------------------------------------------------------------------- schemas: out


class CriterionOut(Schema):
    id: int
    code: str
    name: str
    description: str
    weight: int
    levels: list[str] = Field(description="Arti tingkat 1 sampai 5, berurutan.")

    @staticmethod
    def resolve_levels(obj) -> list[str]:
        return [text for _, text in obj.levels()]


class RoundOut(Schema):
    id: int
    name: str
    purpose: RoundPurpose
    description: str
    opens_on: datetime.date
    closes_on: datetime.date
    results_on: datetime.date
    state: RoundState
    for_ikm: bool
    for_upt: bool
    categories: list[str] = Field(description="Slug kategori; kosong berarti semua kategori.")
    provinces: list[str] = Field(description="Kode provinsi; kosong berarti semua provinsi.")
    published_at: datetime.datetime | None

    @staticmethod
    def resolve_categories(obj) -> list[str]:
        return [c.slug for c in obj.categories.all()]

    @staticmethod
    def resolve_provinces(obj) -> list[str]:
        return [p.code for p in obj.provinces.all()]


class RoundDetail(RoundOut):
    criteria: list[CriterionOut]

    @staticmethod
    def resolve_criteria(obj):
        return list(obj.criteria.all())


class ProductRef(Schema):
    id: int
    name_id: str
    name_en: str
    category: str = Field(alias="category.name_id")


class RoundRef(Schema):
    id: int
    name: str
    purpose: RoundPurpose
    state: RoundState


class ResultOut(Schema):
    """One selected product in the public results: public names only."""

    round: RoundRef
    published_at: datetime.datetime | None = Field(alias="round.published_at")
    product: ProductRef
    producer_kind: ProducerKind
    producer_name: str
    province: str | None = Field(None, description="Nama provinsi IKM; kosong untuk produk UPT.")

    @staticmethod
    def resolve_producer_name(obj: Entry) -> str:
        return public_label(obj.product.producer)

    @staticmethod
    def resolve_province(obj: Entry) -> str | None:
        producer = obj.product.producer
        return producer.province.name if producer.is_ikm and producer.province is not None else None


class EntryOut(Schema):
    """An entry for the people who may see it (managers, reviewers, nominator, producer)."""

    id: int
    round_id: int
    product: ProductRef
    producer_kind: ProducerKind
    producer_name: str
    status: EntryStatus
    aggregate: Decimal | None = Field(
        description="Nilai akhir berbobot 0–100; kosong sampai semua kurator mengirim nilai."
    )
    decision: str
    feedback: str
    decided_at: datetime.datetime | None

    @staticmethod
    def resolve_producer_name(obj: Entry) -> str:
        return public_label(obj.product.producer)


class ManagedEntryOut(EntryOut):
    reviewers_count: int
    submitted_count: int


class PlanItemOut(Schema):
    id: int
    kind: PlanItemKind
    description: str
    owner: str = Field(alias="owner.username")
    due_on: datetime.date
    status: PlanItemStatus
    done_at: datetime.datetime | None


class HistoryEntryOut(EntryOut):
    round: RoundRef
    plan_items: list[PlanItemOut]

    @staticmethod
    def resolve_plan_items(obj: Entry):
        return list(obj.plan_items.all())


class AssignmentOut(Schema):
    id: int
    entry_id: int
    entry_status: EntryStatus = Field(alias="entry.status")
    round: RoundRef = Field(alias="entry.round")
    product: ProductRef = Field(alias="entry.product")
    producer_name: str
    submitted_at: datetime.datetime | None

    @staticmethod
    def resolve_producer_name(obj: Assignment) -> str:
        return public_label(obj.entry.product.producer)


class ScoreOut(Schema):
    """One score. Reviewers are not named: `sheet` numbers the score sheets of the entry (1, 2, …)."""

    sheet: int
    mine: bool
    criterion_id: int
    criterion_code: str
    value: int
    comment: str


class ScoresOut(Schema):
    entry_id: int
    revealed: bool = Field(description="true setelah semua kurator yang ditugaskan mengirim nilai.")
    aggregate: Decimal | None
    scores: list[ScoreOut]


# --------------------------------------------------------------------------- schemas: in


class RoundCreate(Schema):
    model_config = {"extra": "forbid"}

    name: str = Field(max_length=200)
    purpose: RoundPurpose
    description: str = Field("", max_length=5000)
    opens_on: ApiDate
    closes_on: ApiDate
    results_on: ApiDate
    for_ikm: bool = True
    for_upt: bool = False
    categories: list[str] = Field([], max_length=100, description="Slug kategori.")
    provinces: list[str] = Field([], max_length=38, description="Kode provinsi, mis. 33.")
    rubric: int | None = Field(None, ge=1, le=2**62, description="Bawaan: rubrik kurasi bawaan.")


class StateIn(Schema):
    state: RoundState


class EntryCreate(Schema):
    model_config = {"extra": "forbid"}

    product: int = Field(ge=1, le=2**62)
    note: str = Field("", max_length=2000)


class ReviewersIn(Schema):
    reviewers: list[str] = Field(min_length=1, max_length=10, description="Nama pengguna kurator.")


class ScoreIn(Schema):
    criterion: int = Field(ge=1, le=2**62)
    value: int = Field(ge=1, le=5)
    comment: str = Field("", max_length=2000)


class ScoresIn(Schema):
    scores: list[ScoreIn] = Field(max_length=50)


class PlanItemIn(Schema):
    kind: PlanItemKind
    description: str = Field(max_length=2000)
    owner: str = Field(max_length=150, description="Nama pengguna penanggung jawab.")
    due_on: ApiDate


class DecisionIn(Schema):
    decision: Decision
    feedback: str = Field(max_length=5000)
    plan_items: list[PlanItemIn] = Field([], max_length=20)


class PlanStatusIn(Schema):
    status: PlanItemStatus


class ResultFilters(Schema):
    round: int | None = Field(None, ge=1, le=2**62)
    purpose: RoundPurpose | None = None


# --------------------------------------------------------------------------- helpers


def _rounds(user) -> QuerySet[Round]:
    """Managers see every round; everybody else sees rounds once they open."""
    qs = Round.objects.prefetch_related("categories", "provinces")
    if not can_manage_curation(user):
        qs = qs.exclude(state=RoundState.DRAFT)
    return qs


def _round_detail(round_id: int, user) -> Round:
    return object_or_404(_rounds(user).prefetch_related("criteria"), round_id)


def _require_manager(user) -> None:
    if not can_manage_curation(user):
        raise PermissionDenied(_("Hanya administrator kementerian yang dapat melakukan ini."))


def _users(usernames: list[str], field: str) -> dict[str, User]:
    found = {u.username: u for u in User.objects.filter(username__in=usernames, is_active=True)}
    missing = [name for name in usernames if name not in found]
    if missing:
        raise ValidationError(
            {field: [_("Pengguna tidak ditemukan: %(names)s.") % {"names": ", ".join(missing)}]}
        )
    return found


def _entry(entry_id: int) -> Entry:
    return object_or_404(Entry.objects.select_related("round", *queries.product_relations()), entry_id)


# --------------------------------------------------------------------------- public reads


@router.get(
    "/results",
    response={200: Page[ResultOut], **READ_ERRORS},
    auth=optional_auth,
    summary="Hasil seleksi yang diumumkan (produk lolos)",
)
def list_results(request, filters: Query[ResultFilters], paging: Query[PageParams]):
    qs = queries.published_results()
    if filters.round:
        qs = qs.filter(round_id=filters.round)
    if filters.purpose:
        qs = qs.filter(round__purpose=filters.purpose)
    return paginate(qs, paging)


@router.get(
    "/rounds", response={200: Page[RoundOut], **READ_ERRORS}, auth=optional_auth, summary="Daftar seleksi"
)
def list_rounds(request, paging: Query[PageParams]):
    return paginate(_rounds(current_user(request)).order_by("-opens_on", "-id"), paging)


@router.get(
    "/rounds/{int:round_id}",
    response={200: RoundDetail, **READ_ERRORS},
    auth=optional_auth,
    summary="Satu seleksi",
)
def get_round(request, round_id: int):
    return _round_detail(round_id, current_user(request))


# --------------------------------------------------------------------------- rounds (managers)


@router.post(
    "/rounds", response={201: RoundDetail, **WRITE_ERRORS}, auth=token_auth, summary="Buat seleksi (draf)"
)
def create_round(request, payload: RoundCreate):
    user = current_user(request)
    _require_manager(user)
    data = payload.model_dump(exclude={"rubric", "categories"})
    slugs = list(dict.fromkeys(payload.categories))
    categories = list(Category.objects.filter(slug__in=slugs, is_active=True))
    if len(categories) != len(slugs):
        known = {c.slug for c in categories}
        unknown = ", ".join(s for s in slugs if s not in known)
        raise ValidationError({"categories": [_("Kategori tidak dikenal: %(slugs)s.") % {"slugs": unknown}]})
    data["categories"] = categories
    rubric = None
    if payload.rubric is not None:
        rubric = Rubric.objects.filter(pk=payload.rubric, is_active=True).first()
        if rubric is None:
            raise ValidationError({"rubric": [_("Rubrik tidak ditemukan atau tidak aktif.")]})
    round_ = actions.create_round(data, actor=user, rubric=rubric)
    return Status(201, _round_detail(round_.pk, user))


@router.post(
    "/rounds/{int:round_id}/state",
    response={200: RoundDetail, **WRITE_ERRORS},
    auth=token_auth,
    summary="Pindahkan status seleksi (buka, nilai, putuskan, umumkan)",
)
def change_round_state(request, round_id: int, payload: StateIn):
    user = current_user(request)
    _require_manager(user)
    round_ = object_or_404(Round.objects.all(), round_id)
    actions.change_round_state(round_, payload.state, actor=user)
    return _round_detail(round_id, user)


@router.get(
    "/rounds/{int:round_id}/entries",
    response={200: Page[ManagedEntryOut], **WRITE_ERRORS},
    auth=token_auth,
    summary="Peserta seleksi (kurator dan staf kementerian)",
)
def list_round_entries(request, round_id: int, paging: Query[PageParams]):
    user = current_user(request)
    _require_manager(user)
    round_ = object_or_404(Round.objects.all(), round_id)
    return paginate(queries.entries_of_round(round_), paging)


# --------------------------------------------------------------------------- entries


@router.post(
    "/rounds/{int:round_id}/entries",
    response={201: EntryOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Usulkan produk ke seleksi (pemilik IKM, petugas provinsi atau UPT, kurator)",
)
def nominate(request, round_id: int, payload: EntryCreate):
    user = current_user(request)
    round_ = object_or_404(Round.objects.exclude(state=RoundState.DRAFT), round_id)
    product = object_or_404(Product.objects.select_related(*queries.PRODUCER_RELATIONS), payload.product)
    entry = actions.nominate(round_, product, actor=user, note=payload.note)
    return Status(201, _entry(entry.pk))


@router.post(
    "/entries/{int:entry_id}/reviewers",
    response={200: ManagedEntryOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Tugaskan kurator (sedikitnya dua per peserta)",
)
def assign_reviewers(request, entry_id: int, payload: ReviewersIn):
    user = current_user(request)
    _require_manager(user)
    entry = _entry(entry_id)
    names = list(dict.fromkeys(payload.reviewers))
    found = _users(names, "reviewers")
    actions.assign_reviewers(entry, [found[n] for n in names], actor=user)
    return queries.entries_of_round(entry.round).get(pk=entry.pk)


@router.post(
    "/entries/{int:entry_id}/decision",
    response={200: HistoryEntryOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Putuskan: lolos, perbaikan, atau tidak lolos (dengan umpan balik)",
)
def decide(request, entry_id: int, payload: DecisionIn):
    user = current_user(request)
    _require_manager(user)
    entry = _entry(entry_id)
    owners = (
        _users(list(dict.fromkeys(i.owner for i in payload.plan_items)), "plan_items")
        if payload.plan_items
        else {}
    )
    items = [{**i.model_dump(exclude={"owner"}), "owner": owners[i.owner]} for i in payload.plan_items]
    actions.decide(entry, actor=user, decision=payload.decision, feedback=payload.feedback, plan_items=items)
    return queries.history_of(entry.product).select_related(*queries.product_relations()).get(pk=entry.pk)


@router.get(
    "/entries/{int:entry_id}/scores",
    response={200: ScoresOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Nilai yang boleh Anda lihat (milik sendiri; semua setelah semua kurator mengirim)",
)
def entry_scores(request, entry_id: int):
    user = current_user(request)
    entry = object_or_404(
        Entry.objects.select_related("product__producer__ikm").prefetch_related("assignments"), entry_id
    )
    if not can_see_entry(user, entry):
        raise PermissionDenied(_("Anda tidak berwenang melihat peserta ini."))
    sheet_numbers = {
        a.pk: n for n, a in enumerate(sorted(entry.assignments.all(), key=lambda a: a.pk), start=1)
    }
    scores = [
        {
            "sheet": sheet_numbers[s.assignment_id],
            "mine": s.assignment.reviewer_id == user.pk,
            "criterion_id": s.criterion_id,
            "criterion_code": s.criterion.code,
            "value": s.value,
            "comment": s.comment,
        }
        for s in queries.visible_scores(entry, user)
    ]
    revealed = queries.scores_revealed(entry)
    return {"entry_id": entry.pk, "revealed": revealed, "aggregate": entry.aggregate, "scores": scores}


@router.get(
    "/products/{int:product_id}/entries",
    response={200: list[HistoryEntryOut], **WRITE_ERRORS},
    auth=token_auth,
    summary="Riwayat kurasi satu produk (produsen, petugasnya, kurator, staf)",
)
def product_history(request, product_id: int):
    user = current_user(request)
    product = object_or_404(Product.objects.select_related(*queries.PRODUCER_RELATIONS), product_id)
    # Whoever may nominate the product (producer, its officers, managers) may read its history.
    if not can_nominate(user, product):
        raise PermissionDenied(_("Anda tidak berwenang melihat riwayat kurasi produk ini."))
    return list(queries.history_of(product).select_related(*queries.product_relations()))


# --------------------------------------------------------------------------- reviewers


@router.get(
    "/assignments",
    response={200: Page[AssignmentOut], **WRITE_ERRORS},
    auth=token_auth,
    summary="Penugasan saya sebagai kurator",
)
def my_assignments(request, paging: Query[PageParams]):
    return paginate(queries.assignments_of(current_user(request)), paging)


@router.post(
    "/assignments/{int:assignment_id}/scores",
    response={200: ScoresOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Kirim lembar nilai (sekali, lengkap untuk semua kriteria)",
)
def submit_scores(request, assignment_id: int, payload: ScoresIn):
    user = current_user(request)
    assignment = object_or_404(Assignment.objects.all(), assignment_id)
    if assignment.reviewer_id != user.pk:  # before validating, so others learn nothing from a 422
        raise PermissionDenied(_("Hanya kurator yang ditugaskan yang dapat mengirim nilai ini."))
    actions.submit_scores(assignment, [s.model_dump() for s in payload.scores], actor=user)
    return entry_scores(request, assignment.entry_id)


# --------------------------------------------------------------------------- development plans


@router.post(
    "/plan-items/{int:item_id}/status",
    response={200: PlanItemOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Tandai butir rencana pengembangan selesai atau buka kembali",
)
def set_plan_item_status(request, item_id: int, payload: PlanStatusIn):
    item = object_or_404(DevelopmentPlanItem.objects.select_related("owner"), item_id)
    return actions.set_plan_item_status(item, payload.status, actor=current_user(request))
