"""Reusable reads of curation, shaped for fixed query counts, and the score-hiding rule.

Hiding rule: a reviewer's scores are seen by nobody but their author until every assigned reviewer
(at least two) has submitted — not by other reviewers, not by curators or ministry staff, not through
the API or pages. From then on (entry status "scored" or "decided") the entry's reviewers and the
curation managers see all scores. Producers and the public never see individual scores.
"""

from django.db.models import Count, Prefetch, Q, QuerySet

from smartikm.core.crypto import secret_fields
from smartikm.curation.choices import Decision, EntryStatus, RoundState
from smartikm.curation.models import Assignment, Criterion, DevelopmentPlanItem, Entry, Round, Score
from smartikm.curation.permissions import can_manage_curation
from smartikm.registry.models import Ikm

REVEALED_STATUSES = (EntryStatus.SCORED, EntryStatus.DECIDED)


PRODUCER_RELATIONS = ("producer", "producer__province", "producer__ikm", "category")


def product_relations(prefix: str = "product") -> list[str]:
    """select_related paths for a product and what its producer's public name and province need."""
    return [prefix, *(f"{prefix}__{path}" for path in PRODUCER_RELATIONS)]


def scores_revealed(entry: Entry) -> bool:
    return entry.status in REVEALED_STATUSES


def revealed_scores(entry: Entry) -> QuerySet[Score]:
    """All scores of `entry` once revealed, none before. For managers' views only (admin, API)."""
    qs = Score.objects.filter(assignment__entry=entry).select_related("criterion", "assignment")
    if not scores_revealed(entry):
        return qs.none()
    return qs.order_by("assignment_id", "criterion__position", "criterion_id")


def visible_scores(entry: Entry, user) -> QuerySet[Score]:
    """The scores of `entry` that `user` may read (see the module docstring)."""
    if not (user and user.is_authenticated):
        return Score.objects.none()
    if scores_revealed(entry) and (
        can_manage_curation(user) or entry.assignments.filter(reviewer=user).exists()
    ):
        return revealed_scores(entry)
    return (
        Score.objects.filter(assignment__entry=entry, assignment__reviewer=user)
        .select_related("criterion", "assignment")
        .order_by("criterion__position", "criterion_id")
    )


def criteria_weights(round_: Round) -> dict[int, int]:
    return dict(Criterion.objects.filter(round=round_).values_list("id", "weight"))


def assignments_of(user) -> QuerySet[Assignment]:
    """A reviewer's assignments, newest rounds first, with entry, round and product joined."""
    return (
        Assignment.objects.filter(reviewer=user)
        .select_related("entry", "entry__round", *product_relations("entry__product"))
        .order_by("-entry__round__opens_on", "entry__round_id", "entry_id")
    )


def entries_of_round(round_: Round) -> QuerySet[Entry]:
    """Entries of a round for its managers: product joined, reviewer and submission counts annotated."""
    return (
        Entry.objects.filter(round=round_)
        .select_related(*product_relations())
        .annotate(
            reviewers_count=Count("assignments"),
            submitted_count=Count("assignments", filter=Q(assignments__submitted_at__isnull=False)),
        )
        .order_by("id")
    )


def published_results() -> QuerySet[Entry]:
    """The public list: *lolos* entries of published rounds only. Callers show public names only
    (product, producer, round) — never reviewers or scores."""
    return (
        Entry.objects.filter(round__state=RoundState.PUBLISHED, decision=Decision.PASSED)
        .select_related("round", *product_relations())
        # Public names only: the maker's encrypted fields (owner NIK) are not even loaded.
        .defer(*secret_fields(Ikm, "product__producer__ikm__"))
        .order_by("-round__published_at", "round_id", "product__name_id", "id")
    )


def history_of(product) -> QuerySet[Entry]:
    """Every entry of a product across rounds (its curation history), newest round first."""
    return (
        Entry.objects.filter(product=product)
        .select_related("round")
        .prefetch_related(
            Prefetch("plan_items", queryset=DevelopmentPlanItem.objects.select_related("owner"))
        )
        .order_by("-round__opens_on", "-id")
    )


def open_plan_items_of(user) -> QuerySet[DevelopmentPlanItem]:
    return DevelopmentPlanItem.objects.filter(owner=user, status="open").select_related(
        "entry__round", "entry__product"
    )
