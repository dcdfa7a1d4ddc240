"""Changes to curation: one function per change, atomic, audited.

Errors are Django's own, so forms, the admin and the API map them without a translation table:
- `ValidationError` (with a field dict where a field is at fault) for bad data; `InvalidTransition`
  (a subclass) when a state change is not allowed by ROUND_TRANSITIONS / ENTRY_TRANSITIONS /
  PLAN_ITEM_TRANSITIONS or the round is in the wrong state for the change;
- `PermissionDenied` with an Indonesian message when the actor may not do it.

Rows that decide who may act (round, entry, assignment) are locked with `select_for_update`, so two
reviewers submitting at the same moment cannot both miss that they were the last one.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartikm.accounts.models import User
from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.models import Product
from smartikm.core.audit import record, snapshot
from smartikm.curation import scoring
from smartikm.curation.choices import (
    ENTRY_TRANSITIONS,
    MIN_REVIEWERS,
    PLAN_ITEM_TRANSITIONS,
    ROUND_TRANSITIONS,
    Decision,
    EntryStatus,
    PlanItemStatus,
    RoundState,
)
from smartikm.curation.models import (
    CRITERION_FIELDS,
    ROUND_FIELDS,
    Assignment,
    Criterion,
    DevelopmentPlanItem,
    Entry,
    Round,
    Rubric,
    Score,
)
from smartikm.curation.permissions import (
    can_manage_curation,
    can_nominate,
    can_review,
    is_own_organisation,
)
from smartikm.producers.choices import ProducerKind
from smartikm.reference.models import Region
from smartikm.registry.choices import VerificationStatus

PLAN_ITEM_FIELDS = ("kind", "description", "owner", "due_on")


class InvalidTransition(ValidationError):
    """A state change the transitions table does not allow, or a change in the wrong round state."""


# Helpers -----------------------------------------------------------------------------------------


def _require_manage(actor) -> None:
    if not can_manage_curation(actor):
        raise PermissionDenied(_("Hanya administrator kementerian yang dapat mengelola seleksi produk."))


def _require_round_state(round_: Round, *states: str, doing: str) -> None:
    if round_.state not in states:
        raise InvalidTransition(
            _("%(doing)s tidak dapat dilakukan saat seleksi berstatus \u201c%(state)s\u201d.")
            % {"doing": doing, "state": round_.get_state_display()},
            code="wrong_round_state",
        )


def _check_transition(table: Mapping[str, set[str]], current: str, target: str, labels) -> None:
    if target not in labels.values:
        raise InvalidTransition(_("Status tujuan tidak dikenal."), code="unknown_state")
    if target not in table.get(current, set()):
        raise InvalidTransition(
            _("Status tidak dapat diubah dari \u201c%(from)s\u201d menjadi \u201c%(to)s\u201d.")
            % {"from": labels(current).label, "to": labels(target).label},
            code="invalid_transition",
        )


def _pick(data: Mapping[str, Any], allowed: Iterable[str]) -> dict[str, Any]:
    return {k: data[k] for k in allowed if k in data}


def _round_snapshot(round_: Round) -> dict[str, Any]:
    data = snapshot(round_)
    data["categories"] = sorted(round_.categories.values_list("pk", flat=True))
    data["provinces"] = sorted(round_.provinces.values_list("pk", flat=True))
    return data


def _locked_round(round_: Round) -> Round:
    return Round.objects.select_for_update().get(pk=round_.pk)


def _locked_entry(entry: Entry) -> Entry:
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer joins (the producer's
    # IKM or UPT).
    return (
        Entry.objects.select_for_update(of=("self",))
        .select_related("round", "product__producer__ikm", "product__producer__organisation")
        .get(pk=entry.pk)
    )


def _sync(target, source, names: Iterable[str]) -> None:
    """Keep the caller's instance in step with the row the action saved."""
    for name in names:
        setattr(target, name, getattr(source, name))


def _set_scope(round_: Round, data: Mapping[str, Any]) -> None:
    if "categories" in data:
        round_.categories.set(list(data["categories"] or []))
    if "provinces" in data:
        provinces = list(data["provinces"] or [])
        codes = {p.pk if isinstance(p, Region) else p for p in provinces}
        known = set(Region.objects.filter(code__in=codes, level=1).values_list("code", flat=True))
        if codes - known:
            raise ValidationError(
                {
                    "provinces": [
                        _("Kode provinsi tidak dikenal: %(codes)s.")
                        % {"codes": ", ".join(sorted(codes - known))}
                    ]
                }
            )
        round_.provinces.set(sorted(known))  # type: ignore[arg-type]  # stubs expect int keys; a Region's is its code


# Rounds ------------------------------------------------------------------------------------------


def default_rubric() -> Rubric | None:
    """The rubric seeded by migration 0002_default_rubric (unless staff mark another as default)."""
    return Rubric.objects.filter(is_default=True, is_active=True).order_by("-updated_at").first()


@transaction.atomic
def create_round(data: Mapping[str, Any], *, actor, rubric: Rubric | None = None) -> Round:
    """A new round in draft, with the criteria of `rubric` (default: the default rubric) copied in.

    `data`: ROUND_FIELDS plus optional `categories` (Category instances or ids) and `provinces`
    (Region instances or province codes).
    """
    _require_manage(actor)
    rubric = rubric or default_rubric()
    round_ = Round(**_pick(data, ROUND_FIELDS), state=RoundState.DRAFT, rubric=rubric, created_by=actor)
    round_.full_clean(exclude=["rubric", "created_by"])
    round_.save()
    _set_scope(round_, data)
    if rubric is not None:
        Criterion.objects.bulk_create(
            Criterion(round=round_, **{f: getattr(c, f) for f in CRITERION_FIELDS})
            for c in rubric.criteria.all()
        )
    after = _round_snapshot(round_)
    after["criteria"] = list(round_.criteria.values_list("code", "weight"))
    record("curation.round.create", round_, actor=actor, after=after)
    return round_


@transaction.atomic
def update_round(round_: Round, data: Mapping[str, Any], *, actor) -> Round:
    """Change a draft round's name, purpose, schedule and scope (fixed once nominations open)."""
    _require_manage(actor)
    current = _locked_round(round_)
    _require_round_state(current, RoundState.DRAFT, doing=_("Mengubah seleksi"))
    before = _round_snapshot(current)
    for name, value in _pick(data, ROUND_FIELDS).items():
        setattr(round_, name, value)
    for name in ("state", "published_at", "rubric_id", "created_by_id"):
        setattr(round_, name, getattr(current, name))
    round_.full_clean(exclude=["rubric", "created_by"])
    round_.save()
    _set_scope(round_, data)
    record("curation.round.update", round_, actor=actor, before=before, after=_round_snapshot(round_))
    return round_


def _editable_criteria_round(round_: Round, actor) -> Round:
    _require_manage(actor)
    current = _locked_round(round_)
    _require_round_state(current, RoundState.DRAFT, doing=_("Mengubah kriteria"))
    return current


@transaction.atomic
def add_criterion(round_: Round, data: Mapping[str, Any], *, actor) -> Criterion:
    """Add a criterion to a draft round's rubric."""
    _editable_criteria_round(round_, actor)
    criterion = Criterion(round=round_, **_pick(data, CRITERION_FIELDS))
    criterion.full_clean()
    criterion.save()
    record(
        "curation.criterion.add",
        criterion,
        actor=actor,
        after=snapshot(criterion),
        note=f"round #{round_.pk}",
    )
    return criterion


@transaction.atomic
def update_criterion(criterion: Criterion, data: Mapping[str, Any], *, actor) -> Criterion:
    _editable_criteria_round(criterion.round, actor)
    before = snapshot(Criterion.objects.get(pk=criterion.pk))
    for name, value in _pick(data, CRITERION_FIELDS).items():
        setattr(criterion, name, value)
    criterion.full_clean()
    criterion.save()
    record("curation.criterion.update", criterion, actor=actor, before=before, after=snapshot(criterion))
    return criterion


@transaction.atomic
def remove_criterion(criterion: Criterion, *, actor) -> None:
    _editable_criteria_round(criterion.round, actor)
    record("curation.criterion.remove", criterion, actor=actor, before=snapshot(criterion))
    criterion.delete()


@transaction.atomic
def change_round_state(round_: Round, target: str, *, actor) -> Round:
    """Move a round along draft → open → reviewing → decided → published.

    Opening needs at least one criterion; "decided" needs a decision on every entry that was not
    withdrawn; publishing stamps `published_at` (results become public, see queries.published_results).
    """
    _require_manage(actor)
    current = _locked_round(round_)
    _check_transition(ROUND_TRANSITIONS, current.state, target, RoundState)
    if target == RoundState.OPEN and not current.criteria.exists():
        raise ValidationError(_("Seleksi belum memiliki kriteria penilaian."), code="no_criteria")
    if target == RoundState.DECIDED:
        undecided = current.entries.exclude(status__in=[EntryStatus.DECIDED, EntryStatus.WITHDRAWN]).count()
        if undecided:
            raise ValidationError(
                _("Masih ada %(n)d peserta yang belum diputuskan.") % {"n": undecided},
                code="undecided_entries",
            )
    before = snapshot(current)
    current.state = target
    fields = ["state", "updated_at"]
    if target == RoundState.PUBLISHED:
        current.published_at = timezone.now()
        fields.append("published_at")
    current.save(update_fields=fields)
    record(f"curation.round.{target}", current, actor=actor, before=before, after=snapshot(current))
    _sync(round_, current, ("state", "published_at", "updated_at"))
    return round_


# Entries -----------------------------------------------------------------------------------------


def _scope_errors(round_: Round, product: Product) -> list[str]:
    """Why the product is outside the round's scope (empty when it fits)."""
    errors = []
    kind = product.producer.kind
    if kind not in round_.producer_kinds:
        errors.append(
            _("Seleksi ini tidak terbuka untuk produsen jenis %(kind)s.") % {"kind": ProducerKind(kind).label}
        )
    category_ids = set(round_.categories.values_list("pk", flat=True))
    if category_ids and not ({product.category_id, product.category.parent_id} & category_ids):
        errors.append(_("Kategori produk di luar cakupan seleksi ini."))
    province_codes = set(round_.provinces.values_list("pk", flat=True))
    if province_codes and product.producer.province_id not in province_codes:
        errors.append(_("Provinsi produsen di luar cakupan seleksi ini."))
    if product.status == ProductStatus.ARCHIVED:
        errors.append(_("Produk yang diarsipkan tidak dapat diusulkan."))
    ikm, upt = product.producer.ikm, product.producer.organisation
    if kind == ProducerKind.IKM and (ikm is None or ikm.status != VerificationStatus.VERIFIED):
        errors.append(_("Hanya produk IKM terverifikasi yang dapat diusulkan."))
    if kind == ProducerKind.UPT and (upt is None or not upt.is_active):
        errors.append(_("UPT produsen produk ini tidak aktif."))
    return errors


@transaction.atomic
def nominate(round_: Round, product: Product, *, actor, note: str = "") -> Entry:
    """Enter a product into an open round: by its IKM owner, an officer of its province or of its UPT,
    a curator or ministry staff. A product enters each round at most once; earlier entries stay as
    its history."""
    if not can_nominate(actor, product):
        raise PermissionDenied(
            _(
                "Produk hanya dapat diusulkan oleh pemilik IKM, petugas dinas provinsinya, petugas UPT-nya, "
                "kurator, atau staf kementerian."
            )
        )
    current = _locked_round(round_)
    _require_round_state(current, RoundState.OPEN, doing=_("Mengusulkan produk"))
    errors = _scope_errors(current, product)
    if errors:
        raise ValidationError({"product": errors})
    if Entry.objects.filter(round=current, product=product).exists():
        raise ValidationError(
            {"product": [_("Produk ini sudah terdaftar di seleksi ini.")]}, code="duplicate"
        )
    entry = Entry.objects.create(
        round=current,
        product=product,
        producer_kind=product.producer.kind,
        nominated_by=actor,
        note=note.strip(),
    )
    record("curation.entry.nominate", entry, actor=actor, after=snapshot(entry))
    return entry


def _move_entry(entry: Entry, target: str) -> None:
    _check_transition(ENTRY_TRANSITIONS, entry.status, target, EntryStatus)
    entry.status = target


@transaction.atomic
def withdraw_entry(entry: Entry, *, actor, reason: str = "") -> Entry:
    """Withdraw an entry before it is fully scored: by managers, its nominator or the producer."""
    current = _locked_entry(entry)
    allowed = (
        can_manage_curation(actor)
        or (actor.is_authenticated and current.nominated_by_id == actor.pk)
        or is_own_organisation(actor, current.product)
    )
    if not allowed:
        raise PermissionDenied(_("Anda tidak berwenang menarik usulan ini."))
    before = snapshot(current)
    _move_entry(current, EntryStatus.WITHDRAWN)
    current.save(update_fields=["status", "updated_at"])
    record(
        "curation.entry.withdraw", current, actor=actor, before=before, after=snapshot(current), note=reason
    )
    _sync(entry, current, ("status", "updated_at"))
    return entry


def _reviewer_errors(reviewer, product) -> list[str]:
    errors = []
    if not (reviewer.is_active and can_review(reviewer)):
        errors.append(
            _("%(user)s bukan kurator atau staf kementerian, sehingga tidak dapat menilai.")
            % {"user": reviewer.get_username()}
        )
    if is_own_organisation(reviewer, product):
        errors.append(
            _("%(user)s berasal dari organisasi produsen produk ini dan tidak boleh menilainya.")
            % {"user": reviewer.get_username()}
        )
    return errors


@transaction.atomic
def assign_reviewers(entry: Entry, reviewers: Iterable[User], *, actor) -> list[Assignment]:
    """Assign curators to an entry (while the round is open or under review and the entry is not yet
    fully scored). Refused for anyone without the curator role or ministry staff membership, and for
    anyone from the producer's own organisation. Already assigned reviewers are skipped."""
    _require_manage(actor)
    current = _locked_entry(entry)
    _require_round_state(current.round, RoundState.OPEN, RoundState.REVIEWING, doing=_("Menugaskan kurator"))
    if current.status != EntryStatus.NOMINATED:
        raise InvalidTransition(
            _("Kurator hanya dapat ditugaskan sebelum semua nilai masuk."), code="entry_scored"
        )
    reviewers = list(dict.fromkeys(reviewers))
    errors = [msg for reviewer in reviewers for msg in _reviewer_errors(reviewer, current.product)]
    if errors:
        raise ValidationError({"reviewers": errors})
    existing = set(current.assignments.values_list("reviewer_id", flat=True))
    created = []
    for reviewer in reviewers:
        if reviewer.pk in existing:
            continue
        assignment = Assignment.objects.create(entry=current, reviewer=reviewer, assigned_by=actor)
        record(
            "curation.assignment.add",
            assignment,
            actor=actor,
            after=snapshot(assignment),
            note=f"entry #{current.pk}",
        )
        created.append(assignment)
    return created


@transaction.atomic
def unassign_reviewer(assignment: Assignment, *, actor) -> None:
    """Remove a reviewer who has not submitted yet; if everyone left has submitted (and at least two),
    the entry becomes fully scored."""
    _require_manage(actor)
    entry = _locked_entry(assignment.entry)
    current = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if current.submitted_at is not None:
        raise InvalidTransition(_("Kurator yang sudah mengirim nilai tidak dapat dilepas."), code="submitted")
    record(
        "curation.assignment.remove",
        current,
        actor=actor,
        before=snapshot(current),
        note=f"entry #{entry.pk}",
    )
    current.delete()
    _settle(entry, actor=actor)


def _settle(entry: Entry, *, actor) -> None:
    """When every assigned reviewer (at least MIN_REVIEWERS) has submitted: compute the aggregate once
    and reveal the scores by moving the entry to "scored". `entry` must be locked by the caller."""
    if entry.status != EntryStatus.NOMINATED:
        return
    assignments = list(entry.assignments.all())
    if len(assignments) < MIN_REVIEWERS or any(a.submitted_at is None for a in assignments):
        return
    weights = dict(Criterion.objects.filter(round_id=entry.round_id).values_list("id", "weight"))
    sheets: dict[int, dict[int, int]] = {a.pk: {} for a in assignments}
    for assignment_id, criterion_id, value in Score.objects.filter(assignment__entry=entry).values_list(
        "assignment_id", "criterion_id", "value"
    ):
        sheets[assignment_id][criterion_id] = value
    before = snapshot(entry)
    entry.aggregate = scoring.aggregate(weights, sheets.values())
    _move_entry(entry, EntryStatus.SCORED)
    entry.save(update_fields=["aggregate", "status", "updated_at"])
    record("curation.entry.scored", entry, actor=actor, before=before, after=snapshot(entry))


@transaction.atomic
def submit_scores(assignment: Assignment, scores: Iterable[Mapping[str, Any]], *, actor) -> Assignment:
    """A reviewer's complete score sheet for one entry, sent once: one level (1–5) per criterion of the
    round, each with an optional comment. `scores`: dicts with `criterion` (instance or id), `value`,
    `comment`. The last reviewer's submission computes the aggregate and reveals everyone's scores."""
    # Lock the entry before the assignment, in the same order as unassign_reviewer (no deadlock).
    entry = _locked_entry(
        Entry(pk=Assignment.objects.values_list("entry_id", flat=True).get(pk=assignment.pk))
    )
    current = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if not (actor and actor.is_authenticated and current.reviewer_id == actor.pk):
        raise PermissionDenied(_("Hanya kurator yang ditugaskan yang dapat mengirim nilai ini."))
    _require_round_state(entry.round, RoundState.REVIEWING, doing=_("Mengirim nilai"))
    if current.submitted_at is not None:
        raise InvalidTransition(_("Nilai sudah dikirim dan tidak dapat diubah."), code="already_submitted")
    if entry.status != EntryStatus.NOMINATED:
        raise InvalidTransition(_("Peserta ini tidak lagi menerima nilai."), code="entry_closed")
    criteria = {c.pk: c for c in Criterion.objects.filter(round_id=entry.round_id)}
    given: dict[int, Score] = {}
    errors: list[str] = []
    for item in scores:
        raw = item.get("criterion")
        criterion_id = raw.pk if isinstance(raw, Criterion) else raw
        if criterion_id not in criteria:
            errors.append(_("Kriteria %(id)s bukan kriteria seleksi ini.") % {"id": criterion_id})
            continue
        if criterion_id in given:
            errors.append(
                _("Kriteria \u201c%(name)s\u201d dinilai dua kali.") % {"name": criteria[criterion_id].name}
            )
            continue
        score = Score(
            assignment=current,
            criterion=criteria[criterion_id],
            # Unchecked input on purpose: full_clean below names a missing or wrong value.
            value=item.get("value"),  # type: ignore[misc]
            comment=(item.get("comment") or "").strip(),
        )
        try:
            score.full_clean(exclude=["assignment", "criterion"])
        except ValidationError as exc:
            errors.extend(f"{criteria[criterion_id].name}: {m}" for m in exc.messages)
        given[criterion_id] = score
    missing = [c.name for pk, c in criteria.items() if pk not in given]
    if missing:
        errors.append(_("Nilai belum lengkap: %(names)s.") % {"names": ", ".join(missing)})
    if errors:
        raise ValidationError({"scores": errors})
    Score.objects.bulk_create(given.values())
    current.submitted_at = timezone.now()
    current.save(update_fields=["submitted_at", "updated_at"])
    # The audit trail records that a sheet was sent, not its values: the trail is readable by staff
    # before the scores are revealed.
    record(
        "curation.assignment.submit",
        current,
        actor=actor,
        after={"criteria": len(given)},
        note=f"entry #{entry.pk}",
    )
    _settle(entry, actor=actor)
    _sync(assignment, current, ("submitted_at", "updated_at"))
    return assignment


# Decisions and development plans -----------------------------------------------------------------


def _clean_plan_item(entry: Entry, data: Mapping[str, Any]) -> DevelopmentPlanItem:
    item = DevelopmentPlanItem(entry=entry, **_pick(data, PLAN_ITEM_FIELDS))
    item.full_clean(exclude=["entry"])
    if not item.owner.is_active:
        raise ValidationError({"owner": [_("Akun penanggung jawab tidak aktif.")]})
    return item


@transaction.atomic
def decide(
    entry: Entry,
    *,
    actor,
    decision: str,
    feedback: str,
    plan_items: Iterable[Mapping[str, Any]] = (),
) -> Entry:
    """Decide a fully scored entry: *lolos*, *perbaikan* or *tidak lolos*, always with written feedback.
    *perbaikan* needs at least one development-plan item (`plan_items`: dicts with kind, description,
    owner (a user), due_on); other decisions take none. Nobody from the producer's organisation decides."""
    _require_manage(actor)
    current = _locked_entry(entry)
    if is_own_organisation(actor, current.product):
        raise PermissionDenied(
            _("Anda berasal dari organisasi produsen produk ini dan tidak boleh memutuskannya.")
        )
    _require_round_state(current.round, RoundState.REVIEWING, doing=_("Memutuskan hasil"))
    if current.status == EntryStatus.NOMINATED:
        reviewers = current.assignments.count()
        if reviewers < MIN_REVIEWERS:
            raise InvalidTransition(
                _("Keputusan memerlukan sedikitnya %(min)d kurator; baru %(n)d yang ditugaskan.")
                % {"min": MIN_REVIEWERS, "n": reviewers},
                code="too_few_reviewers",
            )
        raise InvalidTransition(_("Belum semua kurator mengirim nilai."), code="scores_pending")
    errors: dict[str, list[str]] = {}
    if decision not in Decision.values:
        errors["decision"] = [_("Keputusan tidak dikenal.")]
    feedback = (feedback or "").strip()
    if not feedback:
        errors["feedback"] = [_("Umpan balik tertulis wajib diisi.")]
    plan_items = list(plan_items)
    if decision == Decision.IMPROVE and not plan_items:
        errors["plan_items"] = [
            _("Keputusan perbaikan memerlukan sedikitnya satu butir rencana pengembangan.")
        ]
    if decision != Decision.IMPROVE and plan_items:
        errors["plan_items"] = [_("Rencana pengembangan hanya untuk keputusan perbaikan.")]
    if errors:
        raise ValidationError(errors)
    items = [_clean_plan_item(current, data) for data in plan_items]
    before = snapshot(current)
    _move_entry(current, EntryStatus.DECIDED)
    current.decision = decision
    current.feedback = feedback
    current.decided_at = timezone.now()
    current.decided_by = actor
    current.save(update_fields=["status", "decision", "feedback", "decided_at", "decided_by", "updated_at"])
    record("curation.entry.decide", current, actor=actor, before=before, after=snapshot(current))
    for item in items:
        item.save()
        record("curation.plan_item.add", item, actor=actor, after=snapshot(item), note=f"entry #{current.pk}")
    _sync(entry, current, ("status", "decision", "feedback", "decided_at", "decided_by_id", "updated_at"))
    return entry


@transaction.atomic
def add_plan_item(entry: Entry, data: Mapping[str, Any], *, actor) -> DevelopmentPlanItem:
    """Another development-plan item for an entry decided *perbaikan*."""
    _require_manage(actor)
    current = _locked_entry(entry)
    if current.decision != Decision.IMPROVE:
        raise InvalidTransition(
            _("Rencana pengembangan hanya untuk keputusan perbaikan."), code="not_improve"
        )
    item = _clean_plan_item(current, data)
    item.save()
    record("curation.plan_item.add", item, actor=actor, after=snapshot(item), note=f"entry #{current.pk}")
    return item


@transaction.atomic
def set_plan_item_status(item: DevelopmentPlanItem, status: str, *, actor) -> DevelopmentPlanItem:
    """Mark a plan item done (or reopen it): by its owner or by curation managers."""
    current = DevelopmentPlanItem.objects.select_for_update().get(pk=item.pk)
    if not (can_manage_curation(actor) or (actor.is_authenticated and current.owner_id == actor.pk)):
        raise PermissionDenied(_("Hanya penanggung jawab atau kurator yang dapat mengubah status butir ini."))
    _check_transition(PLAN_ITEM_TRANSITIONS, current.status, status, PlanItemStatus)
    before = snapshot(current)
    current.status = status
    current.done_at = timezone.now() if status == PlanItemStatus.DONE else None
    current.save(update_fields=["status", "done_at", "updated_at"])
    record("curation.plan_item.status", current, actor=actor, before=before, after=snapshot(current))
    _sync(item, current, ("status", "done_at", "updated_at"))
    return item
