"""The programme-channel rule, asked through the channel eligibility hook itself."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from smartikm.channels.eligibility import reasons_not_eligible
from smartikm.curation import actions, rules
from smartikm.curation.choices import Decision, RoundState
from smartikm.curation.models import Entry

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 10)


@dataclass
class Channel:
    code: str = "program-kemenperin"
    name: str = "Etalase Program Kemenperin"
    is_programme: bool = True


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(rules, "_today", lambda: TODAY)


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def passed_entry(scored_entry, personas):
    actions.decide(scored_entry, actor=personas.ministry_admin, decision=Decision.PASSED, feedback="Siap.")
    actions.change_round_state(scored_entry.round, RoundState.DECIDED, actor=personas.ministry_admin)
    actions.change_round_state(scored_entry.round, RoundState.PUBLISHED, actor=personas.ministry_admin)
    return scored_entry


def decided_on(entry: Entry, when: datetime.datetime) -> None:
    Entry.objects.filter(pk=entry.pk).update(decided_at=when)


def test_the_rule_is_registered_in_settings():
    from django.conf import settings

    assert "smartikm.curation.rules.selected_within_12_months" in settings.HOOKS["channel_eligibility"]


def test_ordinary_channels_never_object(product):
    assert reasons_not_eligible(product, Channel(is_programme=False)) == []


def test_programme_channel_refuses_a_product_never_selected_with_an_indonesian_reason(product):
    reasons = reasons_not_eligible(product, Channel())
    assert len(reasons) == 1
    assert "Etalase Program Kemenperin" in reasons[0] and "12 bulan" in reasons[0]


def test_a_lolos_decision_in_a_published_round_makes_the_product_eligible(passed_entry, product):
    decided_on(passed_entry, local(TODAY, 9))
    assert reasons_not_eligible(product, Channel()) == []


def test_decision_exactly_365_days_ago_still_counts_even_at_the_first_minute(passed_entry, product):
    boundary = TODAY - datetime.timedelta(days=365)
    decided_on(passed_entry, local(boundary, 0, 0))
    assert reasons_not_eligible(product, Channel()) == []
    decided_on(passed_entry, local(boundary, 23, 59))
    assert reasons_not_eligible(product, Channel()) == []


def test_decision_366_days_ago_no_longer_counts_even_at_the_last_minute(passed_entry, product):
    decided_on(passed_entry, local(TODAY - datetime.timedelta(days=366), 23, 59))
    assert len(reasons_not_eligible(product, Channel())) == 1


def test_a_lolos_decision_in_an_unpublished_round_does_not_count(scored_entry, personas, product):
    actions.decide(scored_entry, actor=personas.ministry_admin, decision=Decision.PASSED, feedback="Siap.")
    decided_on(scored_entry, local(TODAY, 9))
    assert len(reasons_not_eligible(product, Channel())) == 1
    actions.change_round_state(scored_entry.round, RoundState.DECIDED, actor=personas.ministry_admin)
    assert len(reasons_not_eligible(product, Channel())) == 1


@pytest.mark.parametrize("decision", [Decision.IMPROVE, Decision.FAILED])
def test_other_decisions_in_a_published_round_do_not_count(scored_entry, personas, product, decision):
    plan_items = (
        [{"kind": "design", "description": "Motif", "owner": personas.ikm_owner, "due_on": TODAY}]
        if decision == Decision.IMPROVE
        else []
    )
    actions.decide(
        scored_entry,
        actor=personas.ministry_admin,
        decision=decision,
        feedback="Belum.",
        plan_items=plan_items,
    )
    actions.change_round_state(scored_entry.round, RoundState.DECIDED, actor=personas.ministry_admin)
    actions.change_round_state(scored_entry.round, RoundState.PUBLISHED, actor=personas.ministry_admin)
    decided_on(scored_entry, local(TODAY, 9))
    assert len(reasons_not_eligible(product, Channel())) == 1


def test_another_products_selection_does_not_count(passed_entry, make_product, ikm):
    decided_on(passed_entry, local(TODAY, 9))
    assert len(reasons_not_eligible(make_product(ikm=ikm), Channel())) == 1
