"""Rounds: the seeded default rubric, criteria copied into rounds, the state machine, audit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from smartikm.core.audit import history
from smartikm.curation import actions
from smartikm.curation.actions import InvalidTransition
from smartikm.curation.choices import RoundState
from smartikm.curation.models import Criterion, Rubric, RubricCriterion
from smartikm.curation.tests.conftest import ROUND_DATA

pytestmark = pytest.mark.django_db


def test_default_rubric_is_seeded_by_migration_with_seven_criteria_weighing_100():
    rubric = actions.default_rubric()
    assert rubric is not None and rubric.source
    criteria = list(rubric.criteria.order_by("position"))
    assert [c.code for c in criteria] == [
        "kualitas",
        "desain",
        "kemasan",
        "legalitas",
        "kapasitas",
        "harga",
        "cerita",
    ]
    assert sum(c.weight for c in criteria) == 100
    assert all(all(text for _, text in c.levels()) for c in criteria)


def test_new_round_copies_the_default_rubric_and_later_rubric_edits_do_not_touch_it(personas):
    round_ = actions.create_round(ROUND_DATA, actor=personas.ministry_admin)
    assert round_.state == RoundState.DRAFT
    assert Criterion.objects.filter(round=round_).count() == 7
    RubricCriterion.objects.filter(rubric=actions.default_rubric(), code="kualitas").update(weight=50)
    assert Criterion.objects.get(round=round_, code="kualitas").weight == 20


def test_a_round_can_use_another_rubric(personas):
    rubric = Rubric.objects.create(name="Rubrik pameran")
    RubricCriterion.objects.create(
        rubric=rubric,
        code="tampilan",
        name="Tampilan",
        weight=1,
        **{f"level_{n}": f"L{n}" for n in range(1, 6)},
    )
    round_ = actions.create_round(
        {**ROUND_DATA, "purpose": "exhibition"}, actor=personas.ministry_admin, rubric=rubric
    )
    assert list(round_.criteria.values_list("code", flat=True)) == ["tampilan"]


def test_only_ministry_administrators_create_rounds(personas):
    for user in (
        personas.ikm_owner,
        personas.officer_jateng,
        personas.upt_officer,
        personas.outsider,
        personas.curator,
        personas.analyst,
    ):
        with pytest.raises(PermissionDenied):
            actions.create_round(ROUND_DATA, actor=user)


def test_round_dates_must_be_in_order(personas):
    with pytest.raises(ValidationError):
        actions.create_round(
            {**ROUND_DATA, "closes_on": ROUND_DATA["opens_on"].replace(day=1, month=1)},
            actor=personas.ministry_admin,
        )


def test_round_scope_takes_province_codes_and_refuses_unknown_ones(personas, batik):
    round_ = actions.create_round(
        {**ROUND_DATA, "provinces": ["33"], "categories": [batik]}, actor=personas.ministry_admin
    )
    assert list(round_.provinces.values_list("code", flat=True)) == ["33"]
    with pytest.raises(ValidationError) as exc:
        actions.create_round({**ROUND_DATA, "provinces": ["99"]}, actor=personas.ministry_admin)
    assert "provinces" in exc.value.message_dict


def test_round_moves_only_forward_one_step_at_a_time(make_round, personas):
    round_ = make_round(RoundState.DRAFT)
    with pytest.raises(InvalidTransition):
        actions.change_round_state(round_, RoundState.REVIEWING, actor=personas.ministry_admin)
    actions.change_round_state(round_, RoundState.OPEN, actor=personas.ministry_admin)
    with pytest.raises(InvalidTransition):
        actions.change_round_state(round_, RoundState.DRAFT, actor=personas.ministry_admin)
    with pytest.raises(InvalidTransition):
        actions.change_round_state(round_, "anything", actor=personas.ministry_admin)


def test_a_round_without_criteria_cannot_open(personas):
    round_ = actions.create_round(
        ROUND_DATA, actor=personas.ministry_admin, rubric=Rubric.objects.create(name="Kosong")
    )
    with pytest.raises(ValidationError):
        actions.change_round_state(round_, RoundState.OPEN, actor=personas.ministry_admin)


def test_criteria_are_editable_only_while_the_round_is_a_draft(make_round, personas):
    draft = make_round(RoundState.DRAFT)
    criterion = draft.criteria.get(code="harga")
    actions.update_criterion(criterion, {"weight": 12}, actor=personas.ministry_admin)
    assert Criterion.objects.get(pk=criterion.pk).weight == 12
    actions.change_round_state(draft, RoundState.OPEN, actor=personas.ministry_admin)
    with pytest.raises(InvalidTransition):
        actions.update_criterion(criterion, {"weight": 30}, actor=personas.ministry_admin)
    with pytest.raises(InvalidTransition):
        actions.remove_criterion(criterion, actor=personas.ministry_admin)


def test_round_cannot_be_decided_while_an_entry_is_undecided(open_round, product, personas):
    actions.nominate(open_round, product, actor=personas.ikm_owner)
    actions.change_round_state(open_round, RoundState.REVIEWING, actor=personas.ministry_admin)
    with pytest.raises(ValidationError) as exc:
        actions.change_round_state(open_round, RoundState.DECIDED, actor=personas.ministry_admin)
    assert "1 peserta" in exc.value.messages[0]


def test_round_creation_and_state_changes_are_audited(make_round, personas):
    round_ = make_round(RoundState.PUBLISHED)
    actions_logged = [e.action for e in history(round_).order_by("id")]
    assert actions_logged == [
        "curation.round.create",
        "curation.round.open",
        "curation.round.reviewing",
        "curation.round.decided",
        "curation.round.published",
    ]
    assert round_.published_at is not None
    assert history(round_).filter(actor=personas.ministry_admin).count() == 5
