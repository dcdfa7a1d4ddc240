"""The weighted aggregate: integer arithmetic on a 0–100 scale, two decimals, halves rounded up."""

from decimal import Decimal

import pytest

from smartikm.curation.scoring import aggregate, round_half_up

DEFAULT_WEIGHTS = dict(enumerate([20, 15, 15, 15, 15, 10, 10]))


def levels(*values):
    return dict(enumerate(values))


def test_hand_computed_example_with_the_default_weights_is_66_25():
    # A: (v-1) = 3,2,2,1,3,4,2 -> 60+30+30+15+45+40+20 = 240; B: 4,3,2,2,3,3,3 -> 290.
    # 100 * (240 + 290) / (4 * 100 * 2) = 66.25
    result = aggregate(DEFAULT_WEIGHTS, [levels(4, 3, 3, 2, 4, 5, 3), levels(5, 4, 3, 3, 4, 4, 4)])
    assert result == Decimal("66.25")
    assert str(result) == "66.25"


def test_all_lowest_levels_give_zero_and_all_highest_give_one_hundred():
    assert aggregate(DEFAULT_WEIGHTS, [levels(*[1] * 7)] * 2) == Decimal("0.00")
    assert aggregate(DEFAULT_WEIGHTS, [levels(*[5] * 7)] * 3) == Decimal("100.00")


def test_weights_matter_a_heavy_criterion_moves_the_aggregate_more():
    weights = {1: 3, 2: 1}
    assert aggregate(weights, [{1: 5, 2: 1}]) == Decimal("75.00")
    assert aggregate(weights, [{1: 1, 2: 5}]) == Decimal("25.00")


def test_a_half_hundredth_is_rounded_up_not_to_even():
    # weights 1 + 7 = 8, one step on the light criterion: 100 * 1 / 32 = 3.125 -> 3.13 (banker's: 3.12)
    assert aggregate({1: 1, 2: 7}, [{1: 2, 2: 1}]) == Decimal("3.13")
    # and below a half rounds down: 100 * 1 / 12 = 8.333… -> 8.33
    assert aggregate({1: 1, 2: 2}, [{1: 2, 2: 1}]) == Decimal("8.33")


def test_round_half_up_on_integers():
    assert [round_half_up(n, 2) for n in (0, 1, 2, 3, 5)] == [0, 1, 1, 2, 3]
    assert round_half_up(2, 3) == 1 and round_half_up(1, 3) == 0


def test_an_incomplete_or_out_of_range_sheet_gives_no_number():
    with pytest.raises(ValueError):
        aggregate({1: 1, 2: 1}, [{1: 3}])
    with pytest.raises(ValueError):
        aggregate({1: 1}, [{1: 6}])
    with pytest.raises(ValueError):
        aggregate({1: 1}, [])
