"""Reads of the corrections app: rows for officers of one UPT, counts for everybody else.

Aggregates never return a row about a person. Public programme figures also suppress small cells
(see `programme_figures`).
"""

import datetime
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum

from smartikm.accounts.choices import OrganisationKind
from smartikm.accounts.models import Organisation
from smartikm.corrections.choices import ArtisanStatus, LedgerAccount, Outcome, Skill, UnitType
from smartikm.corrections.models import (
    Artisan,
    FollowUp,
    GraduationCase,
    LedgerEntry,
    Sale,
    UptProfile,
    WorkRecord,
)

# Public cells counting 1–4 people are replaced by None ("< 5"): with a handful of releases per
# unit type, a small count plus a local news story can identify a person. Zero is shown (it names
# nobody). When a row would then have exactly one hidden cell, its total would reveal it, so the
# next smallest non-zero cell of that row is hidden too (secondary suppression). Column totals are
# not published, for the same reason; the national total is the sum of the published row totals.
SMALL_CELL = 5
NOT_FOLLOWED_UP = "pending"


def artisans_of(upt_ids) -> QuerySet[Artisan]:
    return Artisan.objects.filter(upt_id__in=list(upt_ids)).select_related("workshop")


def work_records_of(upt_ids) -> QuerySet[WorkRecord]:
    return WorkRecord.objects.filter(artisan__upt_id__in=list(upt_ids)).select_related("artisan", "product")


def sales_of(upt_ids) -> QuerySet[Sale]:
    return Sale.objects.filter(upt_id__in=list(upt_ids)).select_related("product", "rule")


def ledger_of(upt_ids) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(upt_id__in=list(upt_ids)).select_related("artisan")


def premi_balances(upt) -> list[dict[str, Any]]:
    """Premi per artisan code (all time) and the unallocated balance (code None)."""
    rows = (
        LedgerEntry.objects.filter(
            upt=upt, account__in=[LedgerAccount.PREMI_ARTISAN, LedgerAccount.PREMI_UNALLOCATED]
        )
        .values("artisan__code")
        .annotate(total=Sum("amount"))
        .order_by("artisan__code")
    )
    return [{"code": r["artisan__code"], "amount": r["total"]} for r in rows]


def ministry_aggregates() -> list[dict[str, Any]]:
    """Per UPT: artisans by status and by skill. For ministry staff; counts only."""
    upts = {
        o.pk: o
        for o in Organisation.objects.filter(kind=OrganisationKind.UPT)
        .select_related("upt_profile")
        .order_by("name")
    }
    by_status: dict[int, Counter] = defaultdict(Counter)
    for row in Artisan.objects.values("upt_id", "status").annotate(n=Count("id")).order_by():
        by_status[row["upt_id"]][row["status"]] = row["n"]
    by_skill: dict[int, Counter] = defaultdict(Counter)
    # Skills are a small JSON list per artisan; counted here because JSON array unnesting differs
    # between SQLite and PostgreSQL. Only (upt, skills) pairs are read, never a code.
    for upt_id, skills in (
        Artisan.objects.filter(status=ArtisanStatus.ACTIVE).values_list("upt_id", "skills").iterator()
    ):
        by_skill[upt_id].update(s for s in skills or () if s in Skill.values)
    out = []
    for pk, upt in upts.items():
        profile = getattr(upt, "upt_profile", None)
        out.append(
            {
                "upt_id": pk,
                "upt_name": upt.name,
                "unit_type": profile.unit_type if profile else None,
                "by_status": {s: by_status[pk].get(s, 0) for s in ArtisanStatus.values},
                "active_by_skill": {s: by_skill[pk].get(s, 0) for s in Skill.values},
            }
        )
    return out


def _suppress(cells: dict[str, int]) -> dict[str, int | None]:
    shown: dict[str, int | None] = {k: (None if 0 < v < SMALL_CELL else v) for k, v in cells.items()}
    hidden = [k for k, v in shown.items() if v is None]
    if len(hidden) == 1:
        others = sorted((v, k) for k, v in cells.items() if k not in hidden and v > 0)
        if others:
            shown[others[0][1]] = None
    return shown


def programme_figures(today: datetime.date | None = None) -> dict[str, Any]:
    """Graduation outcomes per UPT type (latest recorded follow-up of each case), small cells hidden."""
    latest = FollowUp.objects.filter(case=OuterRef("pk"), done_on__isnull=False).order_by(
        "-done_on", "-months", "-id"
    )
    cases = (
        GraduationCase.objects.annotate(outcome=Subquery(latest.values("outcome")[:1]))
        .annotate(
            unit_type=Subquery(
                UptProfile.objects.filter(organisation=OuterRef("upt_id")).values("unit_type")[:1]
            )
        )
        .values("unit_type", "outcome")
        .annotate(n=Count("id"))
        .order_by()
    )
    table: dict[str, Counter] = defaultdict(Counter)
    for group in cases:
        table[group["unit_type"] or "unknown"][group["outcome"] or NOT_FOLLOWED_UP] += group["n"]
    columns = [*Outcome.values, NOT_FOLLOWED_UP]
    rows = []
    for unit_type in [*UnitType.values, "unknown"]:
        if unit_type not in table:
            continue
        cells = {c: table[unit_type].get(c, 0) for c in columns}
        total = sum(cells.values())
        rows.append(
            {
                "unit_type": unit_type,
                "cells": _suppress(cells),
                "total": None if 0 < total < SMALL_CELL else total,
                "linked_to_ikm": None,
            }
        )
    linked = Counter(
        (r["unit_type"] or "unknown")
        for r in GraduationCase.objects.filter(ikm__isnull=False)
        .annotate(
            unit_type=Subquery(
                UptProfile.objects.filter(organisation=OuterRef("upt_id")).values("unit_type")[:1]
            )
        )
        .values("unit_type")
    )
    for row in rows:
        n = linked.get(row["unit_type"], 0)
        row["linked_to_ikm"] = None if 0 < n < SMALL_CELL else n
    return {
        "columns": columns,
        "rows": rows,
        "small_cell": SMALL_CELL,
        "total": sum(r["total"] or 0 for r in rows),
    }
