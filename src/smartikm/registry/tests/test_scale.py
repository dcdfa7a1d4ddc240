import pytest

from smartikm.registry.actions import update_ikm
from smartikm.registry.scale import classify

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("workers", "investment", "scale"),
    [
        (19, 999_999_999, "kecil"),
        (19, 1_000_000_000, "menengah"),
        (20, 999_999_999, "menengah"),
        (20, 1_000_000_000, "menengah"),
        (20, 15_000_000_000, "menengah"),
        (20, 15_000_000_001, "besar"),
        (19, 15_000_000_001, "menengah"),
        (0, 0, "kecil"),
    ],
)
def test_scale_class_boundaries_follow_permenperin_64_2016(workers, investment, scale):
    assert classify(workers, investment) == scale


def test_scale_is_stored_on_create_and_recomputed_on_update(make_ikm, personas):
    ikm = make_ikm(workers=19, investment=999_999_999)
    assert ikm.scale == "kecil"
    update_ikm(ikm, {"workers": 20, "investment": 15_000_000_001}, actor=personas.ikm_owner)
    ikm.refresh_from_db()
    assert ikm.scale == "besar"
