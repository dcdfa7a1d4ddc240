"""The weighted aggregate of an entry's scores, in integer arithmetic so every engine and every run
gives the same number.

Scale: 0–100. A level `v` (1–5) on a criterion counts as (v − 1) / 4 of that criterion's weight, so
all 1s give 0 and all 5s give 100; the reviewers' results are averaged with equal say:

    aggregate = 100 × Σ_reviewers Σ_criteria weight × (v − 1)  /  (4 × Σ weights × number of reviewers)

rounded to two decimals, half up (3.125 → 3.13, never banker's 3.12). Worked example (default
rubric weights 20/15/15/15/15/10/10; reviewer A levels 4,3,3,2,4,5,3 → 240 weighted steps; reviewer B
5,4,3,3,4,4,4 → 290): 100 × 530 / (4 × 100 × 2) = 66.25. Both are pinned in `tests/test_scoring.py`.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal

from smartikm.curation.choices import SCORE_MAX, SCORE_MIN

STEPS = SCORE_MAX - SCORE_MIN  # 4: the distance from the lowest to the highest level
HUNDREDTHS = 100  # two decimals


def round_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded to the nearest integer, halves away from zero (both ≥ 0)."""
    if denominator <= 0 or numerator < 0:
        raise ValueError("non-negative numerator and positive denominator expected")
    return (2 * numerator + denominator) // (2 * denominator)


def aggregate(weights: Mapping[int, int], sheets: Iterable[Mapping[int, int]]) -> Decimal:
    """The 0–100 aggregate of complete score sheets.

    `weights`: criterion id → weight (≥ 1). `sheets`: one mapping per reviewer, criterion id → level
    (1–5), covering every criterion. Raises ValueError on an incomplete sheet or a level out of range,
    because a half-filled sheet must never produce a number that looks final.
    """
    sheets = list(sheets)
    total_weight = sum(weights.values())
    if not sheets or total_weight <= 0:
        raise ValueError("at least one sheet and a positive total weight are needed")
    points = 0
    for sheet in sheets:
        if set(sheet) != set(weights):
            raise ValueError("every sheet must score every criterion exactly once")
        for criterion, level in sheet.items():
            if not SCORE_MIN <= level <= SCORE_MAX:
                raise ValueError(f"level {level} outside {SCORE_MIN}–{SCORE_MAX}")
            points += weights[criterion] * (level - SCORE_MIN)
    hundredths = round_half_up(100 * HUNDREDTHS * points, STEPS * total_weight * len(sheets))
    return Decimal(hundredths).scaleb(-2)
