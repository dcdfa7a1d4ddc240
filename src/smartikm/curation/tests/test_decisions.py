"""Decisions, development plans, re-entry in a later round, and the audit trail."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from smartikm.core.audit import history
from smartikm.curation import actions
from smartikm.curation.actions import InvalidTransition
from smartikm.curation.choices import Decision, EntryStatus, PlanItemStatus, RoundState
from smartikm.curation.models import DevelopmentPlanItem
from smartikm.curation.queries import history_of
from smartikm.curation.tests.conftest import LEVELS_A, LEVELS_B, sheet

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 6, 30)


def plan(owner, kind="packaging"):
    return {
        "kind": kind,
        "description": "Label belum mencantumkan berat bersih.",
        "owner": owner,
        "due_on": DUE,
    }


def test_lolos_decision_records_who_when_and_the_feedback(scored_entry, personas):
    actions.decide(
        scored_entry, actor=personas.ministry_admin, decision=Decision.PASSED, feedback="Siap dipasarkan."
    )
    scored_entry.refresh_from_db()
    assert scored_entry.status == EntryStatus.DECIDED
    assert scored_entry.decided_by == personas.ministry_admin and scored_entry.decided_at
    assert [e.action for e in history(scored_entry).order_by("id")][-1] == "curation.entry.decide"


def test_every_decision_needs_written_feedback(scored_entry, personas):
    for decision in Decision.values:
        with pytest.raises(ValidationError) as exc:
            actions.decide(scored_entry, actor=personas.ministry_admin, decision=decision, feedback="  ")
        assert "feedback" in exc.value.message_dict
    scored_entry.refresh_from_db()
    assert scored_entry.status == EntryStatus.SCORED


def test_perbaikan_creates_development_plan_items_with_owner_and_due_date(scored_entry, personas):
    actions.decide(
        scored_entry,
        actor=personas.ministry_admin,
        decision=Decision.IMPROVE,
        feedback="Perbaiki kemasan dan urus PIRT.",
        plan_items=[plan(personas.ikm_owner), plan(personas.officer_jateng, "certification")],
    )
    items = list(DevelopmentPlanItem.objects.filter(entry=scored_entry).order_by("id"))
    assert [(i.kind, i.owner, i.due_on, i.status) for i in items] == [
        ("packaging", personas.ikm_owner, DUE, PlanItemStatus.OPEN),
        ("certification", personas.officer_jateng, DUE, PlanItemStatus.OPEN),
    ]
    assert all(history(i).filter(action="curation.plan_item.add").exists() for i in items)


def test_perbaikan_without_plan_items_is_refused_and_other_decisions_take_none(scored_entry, personas):
    with pytest.raises(ValidationError) as exc:
        actions.decide(
            scored_entry, actor=personas.ministry_admin, decision=Decision.IMPROVE, feedback="Perbaiki."
        )
    assert "plan_items" in exc.value.message_dict
    with pytest.raises(ValidationError):
        actions.decide(
            scored_entry,
            actor=personas.ministry_admin,
            decision=Decision.FAILED,
            feedback="Belum sesuai.",
            plan_items=[plan(personas.ikm_owner)],
        )
    assert not DevelopmentPlanItem.objects.exists()


def test_tidak_lolos_requires_feedback_and_then_stands(scored_entry, personas):
    with pytest.raises(ValidationError):
        actions.decide(scored_entry, actor=personas.ministry_admin, decision=Decision.FAILED, feedback="")
    actions.decide(
        scored_entry,
        actor=personas.ministry_admin,
        decision=Decision.FAILED,
        feedback="Mutu belum konsisten.",
    )
    with pytest.raises(InvalidTransition):
        actions.decide(
            scored_entry, actor=personas.ministry_admin, decision=Decision.PASSED, feedback="Ubah pikiran."
        )


def test_decision_needs_all_scores_and_a_manager_outside_the_producer(
    open_round, product, personas, curator2
):
    entry = actions.nominate(open_round, product, actor=personas.ikm_owner)
    a, _ = actions.assign_reviewers(entry, [personas.curator, curator2], actor=personas.ministry_admin)
    actions.change_round_state(open_round, RoundState.REVIEWING, actor=personas.ministry_admin)
    actions.submit_scores(a, sheet(open_round, LEVELS_A), actor=personas.curator)
    with pytest.raises(InvalidTransition) as exc:
        actions.decide(entry, actor=personas.ministry_admin, decision=Decision.PASSED, feedback="Bagus.")
    assert "Belum semua" in exc.value.messages[0]
    with pytest.raises(PermissionDenied):
        actions.decide(entry, actor=personas.officer_jateng, decision=Decision.PASSED, feedback="Bagus.")


def test_plan_item_owner_marks_it_done_and_others_may_not(scored_entry, personas):
    actions.decide(
        scored_entry,
        actor=personas.ministry_admin,
        decision=Decision.IMPROVE,
        feedback="Perbaiki label.",
        plan_items=[plan(personas.ikm_owner)],
    )
    item = scored_entry.plan_items.get()
    with pytest.raises(PermissionDenied):
        actions.set_plan_item_status(item, PlanItemStatus.DONE, actor=personas.outsider)
    actions.set_plan_item_status(item, PlanItemStatus.DONE, actor=personas.ikm_owner)
    assert item.status == PlanItemStatus.DONE and item.done_at
    with pytest.raises(InvalidTransition):
        actions.set_plan_item_status(item, PlanItemStatus.DONE, actor=personas.ikm_owner)
    with pytest.raises(PermissionDenied):  # a curator reviews; reopening a plan item is the manager's
        actions.set_plan_item_status(item, PlanItemStatus.OPEN, actor=personas.curator)
    actions.set_plan_item_status(item, PlanItemStatus.OPEN, actor=personas.ministry_admin)
    assert DevelopmentPlanItem.objects.get(pk=item.pk).done_at is None


def test_a_product_reenters_a_later_round_and_keeps_its_history(
    scored_entry, make_round, personas, curator2, product
):
    first_round = scored_entry.round
    actions.decide(
        scored_entry,
        actor=personas.ministry_admin,
        decision=Decision.IMPROVE,
        feedback="Perbaiki label.",
        plan_items=[plan(personas.ikm_owner)],
    )
    actions.change_round_state(first_round, RoundState.DECIDED, actor=personas.ministry_admin)
    actions.change_round_state(first_round, RoundState.PUBLISHED, actor=personas.ministry_admin)
    later = make_round(
        name="Kurasi Program Marketplace 2026 Tahap II",
        opens_on=datetime.date(2026, 7, 1),
        closes_on=datetime.date(2026, 7, 31),
        results_on=datetime.date(2026, 8, 15),
    )
    second = actions.nominate(later, product, actor=personas.ikm_owner)
    a, b = actions.assign_reviewers(second, [personas.curator, curator2], actor=personas.ministry_admin)
    actions.change_round_state(later, RoundState.REVIEWING, actor=personas.ministry_admin)
    actions.submit_scores(a, sheet(later, [5] * 7), actor=personas.curator)
    actions.submit_scores(b, sheet(later, LEVELS_B), actor=curator2)
    actions.decide(
        second, actor=personas.ministry_admin, decision=Decision.PASSED, feedback="Label sudah benar."
    )
    rows = list(history_of(product))
    assert [(e.round_id, e.decision) for e in rows] == [(later.pk, "lolos"), (first_round.pk, "perbaikan")]
    assert [i.kind for i in rows[1].plan_items.all()] == ["packaging"]


def test_every_step_of_an_entry_is_in_the_audit_trail(scored_entry, personas):
    actions.decide(scored_entry, actor=personas.ministry_admin, decision=Decision.PASSED, feedback="Siap.")
    assert [e.action for e in history(scored_entry).order_by("id")] == [
        "curation.entry.nominate",
        "curation.entry.scored",
        "curation.entry.decide",
    ]
    for assignment in scored_entry.assignments.all():
        assert [e.action for e in history(assignment).order_by("id")] == [
            "curation.assignment.add",
            "curation.assignment.submit",
        ]


def test_withdrawn_entries_do_not_block_the_round_decision(open_round, product, personas):
    entry = actions.nominate(open_round, product, actor=personas.ikm_owner)
    actions.withdraw_entry(entry, actor=personas.ikm_owner, reason="Stok habis.")
    actions.change_round_state(open_round, RoundState.REVIEWING, actor=personas.ministry_admin)
    actions.change_round_state(open_round, RoundState.DECIDED, actor=personas.ministry_admin)
    assert entry.status == EntryStatus.WITHDRAWN
