"""The monthly premi report of one UPT as an XLSX workbook (openpyxl), for its officers only.

Everything comes from the ledger entries booked in the month, so the workbook reconciles exactly:
- "Penjualan": one line per sale and entry kind (sale split, premi allocation, reversal); the value
  column is the sum of the line's entries and equals premi + PNBP + capital on every line;
  allocation lines move premi between accounts and net to 0;
- "Premi": premi per artisan CODE plus the unallocated balance; its total equals the premi column;
- "Ringkasan": the totals of both sheets.
Only integer rupiah are written, never formulas, so any reader (or a test) can sum the cells.
"""

import datetime
import io
from collections import defaultdict

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from smartikm.corrections.choices import PREMI_ACCOUNTS, EntryKind, LedgerAccount
from smartikm.corrections.models import LedgerEntry
from smartikm.corrections.permissions import require_upt_officer

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RUPIAH_FORMAT = "#,##0"


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, month, 1)
    end = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return start, end


def report_filename(upt, year: int, month: int) -> str:
    return f"premi-upt{upt.pk}-{year:04d}-{month:02d}.xlsx"


def monthly_report(upt, year: int, month: int, *, user) -> bytes:
    require_upt_officer(user, upt)
    start, end = month_bounds(year, month)
    entries = (
        LedgerEntry.objects.filter(upt=upt, booked_on__gte=start, booked_on__lt=end)
        .select_related("sale__product", "artisan")
        .order_by("booked_on", "sale_id", "id")
    )
    lines: dict[tuple, dict] = {}
    premi_by_code: dict[str | None, int] = defaultdict(int)
    for e in entries:
        key = (e.sale_id, e.kind)
        line = lines.get(key)
        if line is None:
            sale = e.sale
            line = lines[key] = {
                "sale": sale.pk if sale else "",
                "date": sale.sold_on if sale else e.booked_on,
                "booked_on": e.booked_on,
                "product": sale.product.name_id if sale else "",
                "source": sale.source if sale else "",
                "ref": sale.external_ref if sale else "",
                "kind": str(EntryKind(e.kind).label),
                "premi": 0,
                "pnbp": 0,
                "capital": 0,
            }
        if e.account in PREMI_ACCOUNTS:
            line["premi"] += e.amount
            premi_by_code[e.artisan.code if e.artisan is not None else None] += e.amount
        elif e.account == LedgerAccount.PNBP:
            line["pnbp"] += e.amount
        else:
            line["capital"] += e.amount

    wb = Workbook()
    summary = wb.active
    assert isinstance(summary, Worksheet)  # a new workbook starts with one worksheet
    summary.title = _("Ringkasan")
    sales = wb.create_sheet(_("Penjualan"))
    premi = wb.create_sheet(_("Premi"))
    bold = Font(bold=True)

    header = [
        _("ID penjualan"),
        _("Tanggal penjualan"),
        _("Tanggal buku"),
        _("Produk"),
        _("Sumber"),
        _("Referensi"),
        _("Jenis"),
        _("Nilai (Rp)"),
        _("Premi (Rp)"),
        _("PNBP (Rp)"),
        _("Modal produksi (Rp)"),
    ]
    sales.append(header)
    totals = {"value": 0, "premi": 0, "pnbp": 0, "capital": 0}
    for line in lines.values():
        value = line["premi"] + line["pnbp"] + line["capital"]
        sales.append(
            [
                line["sale"],
                line["date"],
                line["booked_on"],
                line["product"],
                line["source"],
                line["ref"],
                line["kind"],
                value,
                line["premi"],
                line["pnbp"],
                line["capital"],
            ]
        )
        totals["value"] += value
        for k in ("premi", "pnbp", "capital"):
            totals[k] += line[k]
    premi.append([_("Kode warga binaan"), _("Premi (Rp)")])
    for code in sorted(c for c in premi_by_code if c is not None):
        premi.append([code, premi_by_code[code]])
    if None in premi_by_code:
        premi.append([_("Belum teralokasi"), premi_by_code[None]])

    summary.append([_("Laporan premi bulanan")])
    summary.append([_("UPT"), upt.name])
    summary.append([_("Bulan"), f"{year:04d}-{month:02d}"])
    summary.append([_("Nilai penjualan bersih (Rp)"), totals["value"]])
    summary.append([_("Premi (Rp)"), totals["premi"]])
    summary.append([_("PNBP (Rp)"), totals["pnbp"]])
    summary.append([_("Modal produksi (Rp)"), totals["capital"]])
    summary["A1"].font = bold
    for sheet in (sales, premi):
        for cell in sheet[1]:
            cell.font = bold
    for row in sales.iter_rows(min_row=2, min_col=8, max_col=11):
        for cell in row:
            cell.number_format = RUPIAH_FORMAT
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
