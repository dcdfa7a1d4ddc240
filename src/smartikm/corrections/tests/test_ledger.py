"""Sales become immutable ledger entries: split by the rule in force, premi pro rata to work records,
unallocated without them, corrections only by reversing entries."""

import datetime

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.test import RequestFactory

from smartikm.corrections import actions
from smartikm.corrections.choices import EntryKind, LedgerAccount
from smartikm.corrections.models import ImmutableRowError, LedgerEntry, Sale, SplitRule
from smartikm.corrections.tests.conftest import LAST_MONTH

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 1, 15)


def totals(sale) -> dict[str, int]:
    rows = LedgerEntry.objects.filter(sale=sale).values("account").annotate(t=Sum("amount"))
    return {r["account"]: r["t"] for r in rows}


def test_default_rule_is_data_with_its_source():
    rule = SplitRule.objects.get(upt__isnull=True)
    assert (rule.premi_bp, rule.pnbp_bp, rule.capital_bp) == (5000, 1500, 3500)
    assert rule.source == "Kepmenkeh M.01-PP.02.01/1990"


def test_sale_without_work_records_books_premi_as_unallocated(upt_a, officer_a, product_a):
    sale = actions.record_manual_sale(upt_a, product_a, 100_001, DAY, actor=officer_a)
    assert totals(sale) == {
        LedgerAccount.PREMI_UNALLOCATED: 50_001,
        LedgerAccount.PNBP: 15_000,
        LedgerAccount.CAPITAL: 35_000,
    }


def test_premi_is_split_pro_rata_to_pieces_with_ties_by_code(upt_a, officer_a, product_a, artisans_a):
    for artisan, pieces in zip(artisans_a, (1, 1, 2), strict=True):
        actions.record_work(artisan, product_a, LAST_MONTH, pieces=pieces, actor=officer_a)
    sale = actions.record_manual_sale(upt_a, product_a, 10_001, DAY, actor=officer_a)  # premi 5001
    shares = dict(
        LedgerEntry.objects.filter(sale=sale, account=LedgerAccount.PREMI_ARTISAN).values_list(
            "artisan__code", "amount"
        )
    )
    assert sum(shares.values()) == 5001
    by_code = {a.code: p for a, p in zip(artisans_a, (1, 1, 2), strict=True)}
    ones = sorted(c for c, p in by_code.items() if p == 1)
    two = next(c for c, p in by_code.items() if p == 2)
    # 5001 / 4 pieces: 1250.25, 1250.25, 2500.5; the rupiah left goes to the largest remainder (0.5).
    assert shares[two] == 2501 and shares[ones[0]] == 1250 and shares[ones[1]] == 1250


def test_hours_are_used_when_no_pieces_were_recorded(upt_a, officer_a, product_a, artisans_a):
    actions.record_work(artisans_a[0], product_a, LAST_MONTH, hours=30, actor=officer_a)
    actions.record_work(artisans_a[1], product_a, LAST_MONTH, hours=10, actor=officer_a)
    sale = actions.record_manual_sale(upt_a, product_a, 8_000, DAY, actor=officer_a)  # premi 4000
    shares = dict(
        LedgerEntry.objects.filter(sale=sale, artisan__isnull=False).values_list("artisan_id", "amount")
    )
    assert shares == {artisans_a[0].pk: 3000, artisans_a[1].pk: 1000}


def test_unallocated_premi_is_allocated_once_work_records_exist(upt_a, officer_a, product_a, artisans_a):
    sale = actions.record_manual_sale(upt_a, product_a, 9_999, DAY, actor=officer_a)
    actions.record_work(artisans_a[0], product_a, LAST_MONTH, pieces=2, actor=officer_a)
    actions.record_work(artisans_a[1], product_a, LAST_MONTH, pieces=1, actor=officer_a)
    created = actions.allocate_unallocated_premi(upt_a, product_a, LAST_MONTH, actor=officer_a)
    assert {e.kind for e in created} == {EntryKind.ALLOCATION}
    t = totals(sale)
    assert t[LedgerAccount.PREMI_UNALLOCATED] == 0
    # 9 999 x 50/15/35 % = 4 999.5 / 1 499.85 / 3 499.65: the two rupiah left go to the larger
    # remainders (PNBP, capital), so premi is 4 999.
    assert t[LedgerAccount.PREMI_ARTISAN] == 4999
    assert sum(t.values()) == sale.amount
    assert actions.allocate_unallocated_premi(upt_a, product_a, LAST_MONTH, actor=officer_a) == []


def test_a_upt_rule_in_force_replaces_the_default(upt_a, officer_a, product_a):
    actions.set_split_rule(
        upt_a,
        premi_bp=3500,
        pnbp_bp=5000,
        capital_bp=1500,
        valid_from=LAST_MONTH,
        source="SK Kalapas 2026",
        actor=officer_a,
    )
    sale = actions.record_manual_sale(upt_a, product_a, 1_000, DAY, actor=officer_a)
    assert totals(sale) == {
        LedgerAccount.PREMI_UNALLOCATED: 350,
        LedgerAccount.PNBP: 500,
        LedgerAccount.CAPITAL: 150,
    }
    older = actions.record_manual_sale(upt_a, product_a, 1_000, datetime.date(2025, 12, 31), actor=officer_a)
    assert totals(older)[LedgerAccount.PREMI_UNALLOCATED] == 500


def test_overlapping_rules_and_rules_not_summing_to_100_percent_are_refused(upt_a, officer_a):
    with pytest.raises(ValidationError):
        actions.set_split_rule(
            upt_a, premi_bp=5000, pnbp_bp=5000, capital_bp=1, valid_from=DAY, source="x", actor=officer_a
        )
    actions.set_split_rule(
        upt_a, premi_bp=3000, pnbp_bp=0, capital_bp=7000, valid_from=LAST_MONTH, source="x", actor=officer_a
    )
    with pytest.raises(ValidationError):
        actions.set_split_rule(
            upt_a, premi_bp=3000, pnbp_bp=0, capital_bp=7000, valid_from=DAY, source="y", actor=officer_a
        )


def test_record_sale_is_idempotent_on_source_and_external_reference(upt_a, product_a):
    first = actions.record_sale(upt_a, product_a, 120_000, DAY, "shopee", "SP-2601-0001")
    again = actions.record_sale(upt_a, product_a, 120_000, DAY, "shopee", "SP-2601-0001")
    assert again.pk == first.pk
    assert Sale.objects.count() == 1
    assert LedgerEntry.objects.aggregate(t=Sum("amount"))["t"] == 120_000


def test_sale_of_another_upts_product_is_refused(upt_a, officer_a, product_b):
    with pytest.raises(ValidationError):
        actions.record_manual_sale(upt_a, product_b, 1_000, DAY, actor=officer_a)


def test_officer_of_another_upt_cannot_record_a_sale(upt_a, product_a, officer_b):
    with pytest.raises(PermissionDenied):
        actions.record_manual_sale(upt_a, product_a, 1_000, DAY, actor=officer_b)


def test_ledger_entries_cannot_be_changed_or_deleted(upt_a, officer_a, product_a):
    sale = actions.record_manual_sale(upt_a, product_a, 1_000, DAY, actor=officer_a)
    entry = LedgerEntry.objects.filter(sale=sale).first()
    entry.amount = 1
    with pytest.raises(ImmutableRowError):
        entry.save()
    with pytest.raises(ImmutableRowError):
        entry.delete()
    with pytest.raises(ImmutableRowError):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=1)
    with pytest.raises(ImmutableRowError):
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(ImmutableRowError):
        sale.delete()
    assert LedgerEntry.objects.get(pk=entry.pk).amount != 1


def test_admin_offers_no_add_change_or_delete_of_ledger_rows(personas):
    request = RequestFactory().get("/")
    request.user = personas.ministry_admin
    for model in (LedgerEntry, Sale):
        admin = site._registry[model]
        assert not admin.has_add_permission(request)
        assert not admin.has_change_permission(request)
        assert not admin.has_delete_permission(request)


def test_reversing_a_sale_nets_it_to_zero_and_cannot_be_done_twice(upt_a, officer_a, product_a, artisans_a):
    actions.record_work(artisans_a[0], product_a, LAST_MONTH, pieces=1, actor=officer_a)
    sale = actions.record_manual_sale(upt_a, product_a, 77_777, DAY, actor=officer_a)
    before = LedgerEntry.objects.filter(sale=sale).count()
    reversals = actions.reverse_sale(sale, reason="Salah input nilai", actor=officer_a)
    assert len(reversals) == before
    assert all(r.kind == EntryKind.REVERSAL and r.reverses_id for r in reversals)
    assert all(v == 0 for v in totals(sale).values())
    with pytest.raises(ValidationError):
        actions.reverse_sale(sale, reason="lagi", actor=officer_a)


def test_a_channel_sale_is_reversed_once_by_its_reference_as_the_system(upt_a, product_a, artisans_a):
    sale = actions.record_sale(upt_a, product_a, 120_000, DAY, "shopee", "SP-2601-0009:SKU-1", quantity=2)
    booked = LedgerEntry.objects.filter(sale=sale).count()
    reversals = actions.reverse_recorded_sale("shopee", "SP-2601-0009:SKU-1", reason="Pesanan dibatalkan")
    assert len(reversals) == booked
    assert all(r.kind == EntryKind.REVERSAL and r.reverses_id and r.created_by is None for r in reversals)
    assert all(v == 0 for v in totals(sale).values())
    rows = LedgerEntry.objects.count()
    assert actions.reverse_recorded_sale("shopee", "SP-2601-0009:SKU-1", reason="lagi") == []
    assert actions.reverse_recorded_sale("shopee", "TIDAK-ADA", reason="tak dikenal") == []
    assert LedgerEntry.objects.count() == rows


def test_a_partly_reversed_channel_sale_gets_only_its_open_entries_reversed(upt_a, officer_a, product_a):
    sale = actions.record_sale(upt_a, product_a, 50_000, DAY, "lazada", "LZ-77:SKU-2")
    first = LedgerEntry.objects.filter(sale=sale).order_by("id").first()
    actions.reverse_entry(first, reason="koreksi petugas", actor=officer_a)
    reversals = actions.reverse_recorded_sale("lazada", "LZ-77:SKU-2", reason="Pesanan dibatalkan")
    assert first.pk not in {r.reverses_id for r in reversals}
    assert all(v == 0 for v in totals(sale).values())


def test_a_channel_sale_reversal_needs_a_reason(upt_a, product_a):
    actions.record_sale(upt_a, product_a, 50_000, DAY, "lazada", "LZ-78:SKU-2")
    with pytest.raises(ValidationError):
        actions.reverse_recorded_sale("lazada", "LZ-78:SKU-2", reason="  ")


def test_a_reversal_needs_a_reason_and_cannot_itself_be_reversed(upt_a, officer_a, product_a):
    sale = actions.record_manual_sale(upt_a, product_a, 1_000, DAY, actor=officer_a)
    entry = LedgerEntry.objects.filter(sale=sale).first()
    with pytest.raises(ValidationError):
        actions.reverse_entry(entry, reason=" ", actor=officer_a)
    reversal = actions.reverse_entry(entry, reason="koreksi", actor=officer_a)
    assert reversal.amount == -entry.amount
    with pytest.raises(ValidationError):
        actions.reverse_entry(reversal, reason="koreksi", actor=officer_a)
    with pytest.raises(ValidationError):
        actions.reverse_entry(entry, reason="koreksi", actor=officer_a)
