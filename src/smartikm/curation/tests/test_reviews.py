"""Nominations and reviews: who may nominate, who may review, scores hidden until all are in."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from smartikm.accounts.choices import Role
from smartikm.accounts.models import Membership, User
from smartikm.core.models import AuditEntry
from smartikm.curation import actions
from smartikm.curation.actions import InvalidTransition
from smartikm.curation.choices import EntryStatus, RoundState
from smartikm.curation.models import Entry
from smartikm.curation.queries import visible_scores
from smartikm.curation.tests.conftest import LEVELS_A, LEVELS_B, make_ikm, sheet
from smartikm.registry.choices import VerificationStatus

pytestmark = pytest.mark.django_db


# Nominations -------------------------------------------------------------------------------------


def test_owner_officer_of_the_province_and_upt_officer_may_nominate(
    open_round, product, upt_product, make_product, ikm, personas
):
    assert actions.nominate(open_round, product, actor=personas.ikm_owner).producer_kind == "ikm"
    assert actions.nominate(open_round, upt_product, actor=personas.upt_officer).producer_kind == "upt"
    other = make_product(ikm=ikm)
    assert (
        actions.nominate(open_round, other, actor=personas.officer_jateng).nominated_by
        == personas.officer_jateng
    )


def test_officer_of_another_province_buyer_and_outsider_may_not_nominate(open_round, product, personas):
    for user in (personas.officer_jatim, personas.buyer, personas.outsider):
        with pytest.raises(PermissionDenied):
            actions.nominate(open_round, product, actor=user)


def test_nomination_needs_an_open_round(make_round, product, personas):
    draft = make_round(RoundState.DRAFT)
    with pytest.raises(InvalidTransition):
        actions.nominate(draft, product, actor=personas.ikm_owner)


def test_a_product_enters_a_round_only_once(open_round, product, personas):
    actions.nominate(open_round, product, actor=personas.ikm_owner)
    with pytest.raises(ValidationError) as exc:
        actions.nominate(open_round, product, actor=personas.ministry_admin)
    assert "sudah terdaftar" in exc.value.message_dict["product"][0]


def test_products_outside_the_round_scope_are_refused(
    make_round, product, upt_product, make_product, personas
):
    only_ikm_in_jatim = make_round(for_upt=False, provinces=["35"])
    with pytest.raises(ValidationError) as exc:
        actions.nominate(only_ikm_in_jatim, product, actor=personas.ministry_admin)
    assert "Provinsi" in " ".join(exc.value.message_dict["product"])
    with pytest.raises(ValidationError) as exc:
        actions.nominate(only_ikm_in_jatim, upt_product, actor=personas.ministry_admin)
    assert "UPT" in " ".join(exc.value.message_dict["product"])
    unverified = make_product(
        ikm=make_ikm(personas.ikm_owner, name="Belum", status=VerificationStatus.SUBMITTED)
    )
    with pytest.raises(ValidationError):
        actions.nominate(make_round(), unverified, actor=personas.ministry_admin)


def test_a_parent_category_in_scope_admits_its_sub_categories(make_round, product, personas, batik):
    round_ = make_round(categories=[batik.parent])
    assert actions.nominate(round_, product, actor=personas.ikm_owner).pk


# Reviewers ---------------------------------------------------------------------------------------


def test_reviewer_from_the_producers_own_organisation_is_refused(
    open_round, product, upt_product, personas, curator2
):
    # The IKM owner who also curates must not review their own product.
    Membership.objects.create(user=personas.ikm_owner, organisation=personas.ministry, role=Role.CURATOR)
    entry = actions.nominate(open_round, product, actor=personas.ikm_owner)
    with pytest.raises(ValidationError) as exc:
        actions.assign_reviewers(entry, [personas.ikm_owner, curator2], actor=personas.ministry_admin)
    assert "organisasi produsen" in exc.value.message_dict["reviewers"][0]
    assert not entry.assignments.exists()  # all or nothing
    # A curator who is also a member of the UPT must not review the UPT's products.
    Membership.objects.create(user=curator2, organisation=personas.upt, role=Role.MEMBER)
    upt_entry = actions.nominate(open_round, upt_product, actor=personas.upt_officer)
    with pytest.raises(ValidationError):
        actions.assign_reviewers(upt_entry, [curator2], actor=personas.ministry_admin)


def test_reviewer_without_the_curator_role_is_refused(open_round, product, personas):
    entry = actions.nominate(open_round, product, actor=personas.ikm_owner)
    for user in (personas.officer_jateng, personas.upt_officer, personas.buyer):
        with pytest.raises(ValidationError) as exc:
            actions.assign_reviewers(entry, [user], actor=personas.ministry_admin)
        assert "bukan kurator" in exc.value.message_dict["reviewers"][0]


def test_only_managers_assign_reviewers(open_round, product, personas, curator2):
    entry = actions.nominate(open_round, product, actor=personas.ikm_owner)
    with pytest.raises(PermissionDenied):
        actions.assign_reviewers(entry, [curator2], actor=personas.ikm_owner)


def test_fewer_than_two_reviewers_means_no_decision(open_round, product, personas):
    entry = actions.nominate(open_round, product, actor=personas.ikm_owner)
    (assignment,) = actions.assign_reviewers(entry, [personas.curator], actor=personas.ministry_admin)
    actions.change_round_state(open_round, RoundState.REVIEWING, actor=personas.ministry_admin)
    actions.submit_scores(assignment, sheet(open_round, LEVELS_A), actor=personas.curator)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.NOMINATED and entry.aggregate is None
    with pytest.raises(InvalidTransition) as exc:
        actions.decide(entry, actor=personas.ministry_admin, decision="lolos", feedback="Bagus.")
    assert "sedikitnya 2 kurator" in exc.value.messages[0]


# Scores ------------------------------------------------------------------------------------------


def test_scores_are_hidden_from_everyone_but_their_author_until_all_are_in(
    open_round, product, personas, curator2
):
    entry = actions.nominate(open_round, product, actor=personas.ikm_owner)
    a, b = actions.assign_reviewers(entry, [personas.curator, curator2], actor=personas.ministry_admin)
    actions.change_round_state(open_round, RoundState.REVIEWING, actor=personas.ministry_admin)
    actions.submit_scores(a, sheet(open_round, LEVELS_A, "rapi"), actor=personas.curator)
    entry.refresh_from_db()
    assert visible_scores(entry, personas.curator).count() == 7
    for user in (curator2, personas.ministry_admin, personas.ikm_owner, personas.outsider):
        assert visible_scores(entry, user).count() == 0
    assert entry.aggregate is None
    actions.submit_scores(b, sheet(open_round, LEVELS_B), actor=curator2)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SCORED
    assert entry.aggregate == Decimal("66.25")
    assert visible_scores(entry, curator2).count() == 14
    assert visible_scores(entry, personas.ministry_admin).count() == 14
    assert visible_scores(entry, personas.ikm_owner).count() == 0  # producers never see sheets


def test_score_submission_audit_does_not_reveal_the_values(scored_entry):
    entries = AuditEntry.objects.filter(action="curation.assignment.submit")
    assert entries.count() == 2
    assert all(e.after == {"criteria": 7} for e in entries)


def test_only_the_assigned_reviewer_submits_and_only_once(open_round, product, personas, curator2):
    entry = actions.nominate(open_round, product, actor=personas.ikm_owner)
    a, _ = actions.assign_reviewers(entry, [personas.curator, curator2], actor=personas.ministry_admin)
    with pytest.raises(InvalidTransition):  # the round is still open for nominations
        actions.submit_scores(a, sheet(open_round, LEVELS_A), actor=personas.curator)
    actions.change_round_state(open_round, RoundState.REVIEWING, actor=personas.ministry_admin)
    with pytest.raises(PermissionDenied):
        actions.submit_scores(a, sheet(open_round, LEVELS_A), actor=curator2)
    actions.submit_scores(a, sheet(open_round, LEVELS_A), actor=personas.curator)
    with pytest.raises(InvalidTransition):
        actions.submit_scores(a, sheet(open_round, LEVELS_B), actor=personas.curator)


def test_an_incomplete_or_out_of_range_sheet_is_refused_whole(open_round, product, personas, curator2):
    entry = actions.nominate(open_round, product, actor=personas.ikm_owner)
    a, _ = actions.assign_reviewers(entry, [personas.curator, curator2], actor=personas.ministry_admin)
    actions.change_round_state(open_round, RoundState.REVIEWING, actor=personas.ministry_admin)
    with pytest.raises(ValidationError) as exc:
        actions.submit_scores(a, sheet(open_round, LEVELS_A)[:-1], actor=personas.curator)
    assert "belum lengkap" in exc.value.message_dict["scores"][0]
    with pytest.raises(ValidationError):
        actions.submit_scores(a, sheet(open_round, [6, 3, 3, 2, 4, 5, 3]), actor=personas.curator)
    a.refresh_from_db()
    assert a.submitted_at is None and not a.scores.exists()


def test_removing_the_only_missing_reviewer_completes_the_entry(open_round, product, personas, curator2):
    third = User.objects.create_user("kurator.tiga")
    Membership.objects.create(user=third, organisation=personas.ministry, role=Role.CURATOR)
    entry = actions.nominate(open_round, product, actor=personas.ikm_owner)
    a, b, c = actions.assign_reviewers(
        entry, [personas.curator, curator2, third], actor=personas.ministry_admin
    )
    actions.change_round_state(open_round, RoundState.REVIEWING, actor=personas.ministry_admin)
    actions.submit_scores(a, sheet(open_round, LEVELS_A), actor=personas.curator)
    actions.submit_scores(b, sheet(open_round, LEVELS_B), actor=curator2)
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.NOMINATED
    actions.unassign_reviewer(c, actor=personas.ministry_admin)
    entry.refresh_from_db()
    assert (entry.status, entry.aggregate) == (EntryStatus.SCORED, Decimal("66.25"))
    with pytest.raises(InvalidTransition):
        actions.unassign_reviewer(a, actor=personas.ministry_admin)
