"""Splitting integer rupiah exactly: the largest-remainder rule (Hamilton's method).

`split(amount, weights)` gives each key ``floor(amount * weight / total)`` and then hands the rupiah
left over, one each, to the keys with the largest remainders ``amount * weight mod total``. Ties are
broken by the order of `weights` (first wins), so the result is a pure function of its input:

- sale proceeds: the order is premi, PNBP, production capital (`SplitRule.parts`), so a rupiah
  that could go either way goes to the inmates' premi first;
- premi among artisans: the order is the artisans' codes, ascending.

Properties (proved by tests/test_split.py with hypothesis): the parts sum to the amount exactly,
no part is negative, a key with weight 0 gets 0, no part differs from its exact share by a rupiah
or more, and the same input always gives the same output. Only integers are used; no floats.
"""

from collections.abc import Hashable, Sequence


def split[K: Hashable](amount: int, weights: Sequence[tuple[K, int]]) -> dict[K, int]:
    """`amount` (>= 0) divided among the keys in proportion to their (>= 0) integer weights."""
    if amount < 0:
        raise ValueError("amount must not be negative (reverse entries instead of splitting negatives)")
    if any(w < 0 for _, w in weights):
        raise ValueError("weights must not be negative")
    keys = [k for k, _ in weights]
    if len(set(keys)) != len(keys):
        raise ValueError("keys must be unique")
    total = sum(w for _, w in weights)
    if total <= 0:
        raise ValueError("at least one weight must be positive")
    parts = {k: amount * w // total for k, w in weights}
    left = amount - sum(parts.values())
    # Sorted by remainder, largest first; Python's sort is stable, so equal remainders keep the
    # order of `weights`: that is the fixed tie order.
    order = sorted(range(len(weights)), key=lambda i: -(amount * weights[i][1] % total))
    for i in order[:left]:
        parts[weights[i][0]] += 1
    return parts
