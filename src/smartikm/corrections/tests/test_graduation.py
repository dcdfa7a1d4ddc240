"""Release opens a graduation case with 3/6/12-month follow-ups; public figures are aggregates with
small cells hidden."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from smartikm.catalog.tests.factories import make_ikm
from smartikm.corrections import actions, queries
from smartikm.corrections.choices import ArtisanStatus
from smartikm.corrections.models import FollowUp

pytestmark = pytest.mark.django_db


def test_release_opens_a_case_with_follow_ups_at_3_6_and_12_months(officer_a, artisans_a):
    case = actions.release_artisan(artisans_a[0], released_on=datetime.date(2026, 8, 31), actor=officer_a)
    artisans_a[0].refresh_from_db()
    assert artisans_a[0].status == ArtisanStatus.RELEASED
    assert artisans_a[0].release_month == datetime.date(2026, 8, 1)  # only the month is kept
    assert list(case.follow_ups.values_list("months", "due_on")) == [
        (3, datetime.date(2026, 11, 1)),
        (6, datetime.date(2027, 2, 1)),
        (12, datetime.date(2027, 8, 1)),
    ]


def test_a_released_artisan_cannot_be_released_or_transferred_again(officer_a, artisans_a):
    actions.release_artisan(artisans_a[0], released_on=datetime.date(2026, 3, 1), actor=officer_a)
    with pytest.raises(ValidationError):
        actions.release_artisan(artisans_a[0], released_on=datetime.date(2026, 4, 1), actor=officer_a)
    with pytest.raises(ValidationError):
        actions.change_artisan_status(artisans_a[0], ArtisanStatus.TRANSFERRED, actor=officer_a)


def test_a_transferred_artisan_can_come_back(officer_a, artisans_a):
    actions.change_artisan_status(artisans_a[1], ArtisanStatus.TRANSFERRED, actor=officer_a)
    actions.change_artisan_status(artisans_a[1], ArtisanStatus.ACTIVE, actor=officer_a)
    artisans_a[1].refresh_from_db()
    assert artisans_a[1].status == ArtisanStatus.ACTIVE


def test_linking_a_business_needs_recorded_consent(officer_a, artisans_a, personas):
    case = actions.release_artisan(artisans_a[0], released_on=datetime.date(2026, 1, 1), actor=officer_a)
    ikm = make_ikm(name="Mebel Bangkit Mandiri")
    with pytest.raises(ValidationError):
        actions.link_business(case, ikm, actor=officer_a)
    actions.record_consent(case, given_on=datetime.date(2026, 7, 1), actor=officer_a)
    case = actions.link_business(case, ikm, actor=officer_a)
    assert case.ikm_id == ikm.pk and case.consent_on == datetime.date(2026, 7, 1)


def _release_with_outcome(upt, officer, n, outcome):
    for _ in range(n):
        artisan = actions.register_artisan(upt, actor=officer)
        case = actions.release_artisan(artisan, released_on=datetime.date(2025, 1, 1), actor=officer)
        follow_up = FollowUp.objects.get(case=case, months=3)
        actions.record_follow_up(follow_up, outcome=outcome, done_on=datetime.date(2025, 4, 2), actor=officer)


def test_programme_figures_hide_cells_under_five_and_the_cell_that_would_reveal_them(upt_a, officer_a):
    _release_with_outcome(upt_a, officer_a, 6, "employed")
    _release_with_outcome(upt_a, officer_a, 7, "own_business")
    _release_with_outcome(upt_a, officer_a, 2, "lost_contact")
    figures = queries.programme_figures()
    (row,) = figures["rows"]
    assert row["unit_type"] == "lapas"
    assert row["total"] == 15
    assert row["cells"]["lost_contact"] is None  # 2 people: hidden
    assert row["cells"]["employed"] is None  # else 15 - 7 - 6 would reveal the 2
    assert row["cells"]["own_business"] == 7
    assert row["cells"]["not_working"] == 0


def test_programme_endpoint_is_public_and_shows_only_counts(upt_a, officer_a, client):
    _release_with_outcome(upt_a, officer_a, 5, "employed")
    response = client.get("/api/corrections/programme")
    assert response.status_code == 200
    body = response.json()
    assert body["rows"][0]["cells"]["employed"] == 5
    assert "WB-" not in response.content.decode()


def test_programme_page_shows_aggregates_with_small_cells_hidden_and_no_codes(upt_a, officer_a, client):
    _release_with_outcome(upt_a, officer_a, 6, "employed")
    _release_with_outcome(upt_a, officer_a, 2, "lost_contact")
    response = client.get("/program/graduasi/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lapas (lembaga pemasyarakatan)" in html and "<td>—</td>" in html
    assert "WB-" not in html
