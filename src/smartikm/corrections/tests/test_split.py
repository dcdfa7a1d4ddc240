"""The largest-remainder split, checked for every amount and rule hypothesis can think of."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartikm.corrections.split import split

AMOUNTS = st.integers(min_value=0, max_value=10**13)


@st.composite
def basis_point_rules(draw):
    premi = draw(st.integers(0, 10_000))
    pnbp = draw(st.integers(0, 10_000 - premi))
    return [("premi", premi), ("pnbp", pnbp), ("capital", 10_000 - premi - pnbp)]


@st.composite
def percent_rules(draw):
    premi = draw(st.integers(0, 100))
    pnbp = draw(st.integers(0, 100 - premi))
    return [("premi", premi), ("pnbp", pnbp), ("capital", 100 - premi - pnbp)]


WEIGHT_LISTS = st.lists(st.integers(0, 10_000), min_size=1, max_size=40).filter(lambda ws: sum(ws) > 0)


@given(AMOUNTS, st.one_of(basis_point_rules(), percent_rules()))
def test_sale_parts_sum_exactly_to_the_sale_and_none_is_negative(amount, rule):
    parts = split(amount, rule)
    assert sum(parts.values()) == amount
    assert all(v >= 0 for v in parts.values())


@given(AMOUNTS, basis_point_rules())
def test_each_part_is_within_one_rupiah_of_its_exact_share(amount, rule):
    parts = split(amount, rule)
    for key, weight in rule:
        exact_times_total = amount * weight
        assert abs(parts[key] * 10_000 - exact_times_total) < 10_000


@given(AMOUNTS, basis_point_rules())
def test_split_is_deterministic(amount, rule):
    assert split(amount, rule) == split(amount, list(rule))


@given(AMOUNTS, basis_point_rules())
def test_a_zero_share_never_receives_a_rupiah(amount, rule):
    parts = split(amount, rule)
    assert all(parts[k] == 0 for k, w in rule if w == 0)


@given(st.integers(0, 10**12), WEIGHT_LISTS)
def test_premi_allocations_sum_exactly_to_the_premi_part(premi, weights):
    codes = [(f"WB-{i:08d}", w) for i, w in enumerate(weights)]
    shares = split(premi, codes)
    assert sum(shares.values()) == premi
    assert all(v >= 0 for v in shares.values())
    assert shares == split(premi, codes)


def test_ties_go_to_premi_first_then_pnbp():
    assert split(1, [("premi", 1), ("pnbp", 1), ("capital", 1)]) == {"premi": 1, "pnbp": 0, "capital": 0}
    assert split(2, [("premi", 1), ("pnbp", 1), ("capital", 1)]) == {"premi": 1, "pnbp": 1, "capital": 0}


def test_the_default_rule_splits_a_sale_with_a_remainder_as_documented():
    rule = [("premi", 5000), ("pnbp", 1500), ("capital", 3500)]
    # 10 001 * 50 % = 5000.5, * 15 % = 1500.15, * 35 % = 3500.35: the extra rupiah goes to premi.
    assert split(10_001, rule) == {"premi": 5001, "pnbp": 1500, "capital": 3500}


def test_negative_amounts_and_empty_weights_are_refused():
    with pytest.raises(ValueError):
        split(-1, [("a", 1)])
    with pytest.raises(ValueError):
        split(10, [("a", 0)])
