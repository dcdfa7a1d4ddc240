"""The monthly XLSX report reconciles exactly with the month's sales and ledger."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from smartikm.corrections import actions, report
from smartikm.corrections.tests.conftest import LAST_MONTH, bearer

pytestmark = pytest.mark.django_db


def column(sheet, header: str) -> list:
    names = [c.value for c in sheet[1]]
    i = names.index(header)
    return [row[i] for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.fixture
def january(upt_a, officer_a, product_a, artisans_a):
    for artisan, pieces in zip(artisans_a, (3, 2, 2), strict=True):
        actions.record_work(artisan, product_a, LAST_MONTH, pieces=pieces, actor=officer_a)
    amounts = [75_001, 150_000, 33_333, 1]
    for i, amount in enumerate(amounts, start=1):
        actions.record_manual_sale(upt_a, product_a, amount, datetime.date(2026, 1, i * 5), actor=officer_a)
    actions.record_sale(upt_a, product_a, 99_999, datetime.date(2026, 1, 30), "shopee", "SP-1")
    # February: not in January's report.
    actions.record_manual_sale(upt_a, product_a, 500_000, datetime.date(2026, 2, 1), actor=officer_a)
    return [*amounts, 99_999]


def test_monthly_report_sums_to_the_months_sales_and_premi_per_code(upt_a, officer_a, artisans_a, january):
    wb = load_workbook(io.BytesIO(report.monthly_report(upt_a, 2026, 1, user=officer_a)))
    sales, premi = wb["Penjualan"], wb["Premi"]
    values = column(sales, "Nilai (Rp)")
    assert sum(values) == sum(january)
    parts = [column(sales, h) for h in ("Premi (Rp)", "PNBP (Rp)", "Modal produksi (Rp)")]
    assert [sum(p) for p in zip(*parts, strict=True)] == values  # every line reconciles
    assert all(isinstance(v, int) for v in values)
    codes = column(premi, "Kode warga binaan")
    assert sorted(codes) == sorted(a.code for a in artisans_a)
    assert sum(column(premi, "Premi (Rp)")) == sum(parts[0])


def test_a_reversal_appears_as_a_negative_line_and_the_report_still_reconciles(
    upt_a, officer_a, product_a, january
):
    sale = actions.record_manual_sale(upt_a, product_a, 10_000, datetime.date(2026, 1, 31), actor=officer_a)
    actions.reverse_sale(
        sale, reason="Barang dikembalikan", actor=officer_a, booked_on=datetime.date(2026, 1, 31)
    )
    wb = load_workbook(io.BytesIO(report.monthly_report(upt_a, 2026, 1, user=officer_a)))
    values = column(wb["Penjualan"], "Nilai (Rp)")
    assert -10_000 in values
    assert sum(values) == sum(january)
    assert sum(column(wb["Premi"], "Premi (Rp)")) == sum(column(wb["Penjualan"], "Premi (Rp)"))


def test_report_is_for_the_upts_own_officers_only(upt_a, officer_b, personas, january):
    for user in (officer_b, personas.ministry_admin):
        with pytest.raises(PermissionDenied):
            report.monthly_report(upt_a, 2026, 1, user=user)


def test_report_downloads_through_the_api_as_xlsx(upt_a, officer_a, january):
    response = bearer(officer_a).get("/api/corrections/reports/2026/1")
    assert response.status_code == 200
    assert response["Content-Type"] == report.CONTENT_TYPE
    wb = load_workbook(io.BytesIO(response.content))
    assert sum(column(wb["Penjualan"], "Nilai (Rp)")) == sum(january)
