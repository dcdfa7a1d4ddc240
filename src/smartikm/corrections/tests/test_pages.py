"""The officer pages under /lapas/: a UPT's officers manage their own artisans, work records, sales,
ledger and graduation follow-ups; another UPT's officer finds nothing (404, absent from lists);
ministry staff get counts only; a restricted name never reaches a page. Together with
test_permissions (API) this completes the permissions matrix "through pages or API"."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from smartikm.core.models import AuditEntry
from smartikm.corrections import actions
from smartikm.corrections.choices import ArtisanStatus, EntryKind, LedgerAccount
from smartikm.corrections.models import (
    Artisan,
    FollowUp,
    GraduationCase,
    LedgerEntry,
    Sale,
    WorkRecord,
    Workshop,
)
from smartikm.corrections.tests.conftest import LAST_MONTH, SECRET_NAME, SECRET_NIK

pytestmark = pytest.mark.django_db

SALE_DAY = datetime.date(2026, 1, 9)


def url(name, upt, *args):
    return reverse(f"corrections:{name}", args=[upt.pk, *args])


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_a(officer_a):
    return logged_in(officer_a)


@pytest.fixture
def client_b(officer_b):
    return logged_in(officer_b)


@pytest.fixture
def booked(upt_a, officer_a, product_a, artisans_a):
    """Lapas A with work records of January, one sale split over them and a released artisan."""
    for artisan in artisans_a:
        actions.record_work(artisan, product_a, LAST_MONTH, pieces=2, actor=officer_a)
    sale = actions.record_manual_sale(upt_a, product_a, 100_000, SALE_DAY, actor=officer_a)
    case = actions.release_artisan(artisans_a[2], released_on=datetime.date(2026, 2, 1), actor=officer_a)
    return {"sale": sale, "case": case}


def text(response) -> str:
    return response.content.decode()


def test_the_lapas_a_officer_sees_their_unit_with_counts_and_links(client_a, upt_a, artisans_a):
    response = client_a.get(reverse("corrections:home"))
    assert response.status_code == 200
    body = text(response)
    assert upt_a.name in body
    assert url("artisans", upt_a) in body and url("ledger", upt_a) in body
    assert response.context["units"][0]["active"] == 3


def test_the_lapas_a_officer_lists_and_registers_artisans_by_code_only(
    client_a, upt_a, officer_a, artisans_a
):
    workshop = actions.create_workshop(upt_a, name="Bengkel sabut", actor=officer_a)
    body = text(client_a.get(url("artisans", upt_a)))
    assert all(a.code in body for a in artisans_a)
    assert "Olahan sabut dan tempurung kelapa" in body

    response = client_a.post(
        url("artisan_new", upt_a),
        {"skills": ["woodwork", "batik"], "workshop": workshop.pk, "joined_on": "2025-06-01"},
    )
    new = Artisan.objects.get(upt=upt_a, workshop=workshop)
    assert response.status_code == 302 and response["Location"] == url("artisan", upt_a, new.pk)
    assert new.skills == ["woodwork", "batik"] and new.joined_on == datetime.date(2025, 6, 1)
    listed = text(client_a.get(url("artisans", upt_a)))
    assert new.code in listed and "Bengkel sabut" in listed


def test_the_lapas_a_officer_transfers_returns_and_releases_an_artisan(client_a, upt_a, artisans_a):
    artisan = artisans_a[0]
    assert (
        client_a.post(url("artisan_status", upt_a, artisan.pk), {"status": "transferred"}).status_code == 302
    )
    artisan.refresh_from_db()
    assert artisan.status == ArtisanStatus.TRANSFERRED
    # a transferred artisan cannot be released: the action's error comes back on the page, nothing changes
    response = client_a.post(url("artisan_release", upt_a, artisan.pk), {"released_on": "2026-03-15"})
    assert response.status_code == 400 and response.context["release_form"].non_field_errors()
    assert "Status tidak dapat diubah" in text(response)
    assert not GraduationCase.objects.exists()
    client_a.post(url("artisan_status", upt_a, artisan.pk), {"status": "active"})

    response = client_a.post(url("artisan_release", upt_a, artisan.pk), {"released_on": "2026-03-15"})
    assert response.status_code == 302 and response["Location"] == url("graduation", upt_a)
    case = GraduationCase.objects.get(artisan=artisan)
    assert case.released_on == datetime.date(2026, 3, 1)
    assert sorted(case.follow_ups.values_list("months", flat=True)) == [3, 6, 12]
    detail = text(client_a.get(url("artisan", upt_a, artisan.pk)))
    assert "Kasus graduasi" in detail and "Catat bebas dan buka" not in detail


def test_the_lapas_a_officer_records_work_and_lists_it_by_month(client_a, upt_a, product_a, artisans_a):
    response = client_a.post(
        url("work_new", upt_a),
        {
            "artisan": artisans_a[0].pk,
            "product": product_a.pk,
            "period": "2026-01",
            "pieces": "4",
            "hours": "0",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("?bulan=2026-01")
    record = WorkRecord.objects.get(artisan=artisans_a[0])
    assert (record.period, record.pieces) == (LAST_MONTH, 4)
    january = text(client_a.get(url("work", upt_a), {"bulan": "2026-01"}))
    assert artisans_a[0].code in january and product_a.name_id in january
    february = client_a.get(url("work", upt_a), {"bulan": "2026-02"})
    assert artisans_a[0].code not in text(february) and "Belum ada catatan kerja" in text(february)
    # a garbage month in the list filter is ignored, not an error
    assert client_a.get(url("work", upt_a), {"bulan": "20x6-13"}).status_code == 200


def test_the_lapas_a_officer_records_and_reverses_a_sale(client_a, upt_a, product_a, booked):
    response = client_a.post(
        url("sale_new", upt_a),
        {"product": product_a.pk, "amount": "150000", "sold_on": "2026-01-20", "external_ref": "NOTA-7"},
    )
    assert response.status_code == 302
    sale = Sale.objects.get(external_ref="NOTA-7")
    assert sale.amount == 150_000
    assert sum(LedgerEntry.objects.filter(sale=sale).values_list("amount", flat=True)) == 150_000
    listed = text(client_a.get(url("sales", upt_a)))
    assert "NOTA-7" in listed and url("sale_reverse", upt_a, sale.pk) in listed

    empty_reason = client_a.post(url("sale_reverse", upt_a, sale.pk), {"reason": "  "})
    assert empty_reason.status_code == 400 and "reason" in empty_reason.context["form"].errors
    assert not LedgerEntry.objects.filter(sale=sale, kind=EntryKind.REVERSAL).exists()
    response = client_a.post(url("sale_reverse", upt_a, sale.pk), {"reason": "Nota salah ketik"})
    assert response.status_code == 302
    assert sum(LedgerEntry.objects.filter(sale=sale).values_list("amount", flat=True)) == 0
    assert url("sale_reverse", upt_a, sale.pk) not in text(client_a.get(url("sales", upt_a)))


def test_the_lapas_a_officer_reads_the_ledger_of_a_month_and_downloads_its_report(
    client_a, upt_a, artisans_a, booked
):
    response = client_a.get(url("ledger", upt_a), {"bulan": "2026-01"})
    assert response.status_code == 200
    body = text(response)
    premi = {r["artisan__code"]: r["total"] for r in response.context["premi"]}
    assert set(premi) == {a.code for a in artisans_a}
    assert (
        sum(premi.values())
        == response.context["premi_total"]
        == sum(
            LedgerEntry.objects.filter(account=LedgerAccount.PREMI_ARTISAN).values_list("amount", flat=True)
        )
    )
    assert all(a.code in body for a in artisans_a)
    report_url = reverse("corrections:report", args=[upt_a.pk, 2026, 1])
    assert report_url in body
    download = client_a.get(report_url)
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd.openxml")
    assert "attachment" in download["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(download.content))["Premi"]
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == {a.code for a in artisans_a}
    # another month is empty, not an error
    assert "Tidak ada entri" in text(client_a.get(url("ledger", upt_a), {"bulan": "2025-12"}))
    assert client_a.get(reverse("corrections:report", args=[upt_a.pk, 2026, 13])).status_code == 404


def test_the_lapas_a_officer_records_a_follow_up_outcome(client_a, upt_a, booked):
    follow_up = booked["case"].follow_ups.get(months=3)
    page = text(client_a.get(url("graduation", upt_a)))
    assert booked["case"].artisan.code in page and url("follow_up", upt_a, follow_up.pk) in page
    too_early = client_a.post(
        url("follow_up", upt_a, follow_up.pk), {"outcome": "employed", "done_on": "2025-01-01"}
    )
    assert too_early.status_code == 400 and "done_on" in too_early.context["form"].errors
    response = client_a.post(
        url("follow_up", upt_a, follow_up.pk), {"outcome": "employed", "done_on": "2026-05-03"}
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.outcome, follow_up.done_on) == ("employed", datetime.date(2026, 5, 3))


def test_the_lapas_b_officer_cannot_read_lapas_a_rows_through_the_pages(
    client_b, upt_a, upt_b, officer_b, artisans_a, artisan_b, booked
):
    a_codes = [a.code for a in artisans_a]
    follow_up = booked["case"].follow_ups.first()
    sale = booked["sale"]
    # Lapas A's own pages: 404, as if the unit did not exist
    for name, args in [
        ("artisans", ()),
        ("artisan_new", ()),
        ("artisan", (artisans_a[0].pk,)),
        ("work", ()),
        ("work_new", ()),
        ("sales", ()),
        ("sale_reverse", (sale.pk,)),
        ("ledger", ()),
        ("graduation", ()),
        ("follow_up", (follow_up.pk,)),
    ]:
        assert client_b.get(url(name, upt_a, *args)).status_code == 404, name
    assert client_b.get(reverse("corrections:report", args=[upt_a.pk, 2026, 1])).status_code == 404
    # Lapas A's rows through Lapas B's own pages: 404 too, and nothing written
    assert client_b.get(url("artisan", upt_b, artisans_a[0].pk)).status_code == 404
    assert client_b.get(url("follow_up", upt_b, follow_up.pk)).status_code == 404
    entries = LedgerEntry.objects.count()
    assert client_b.post(url("sale_reverse", upt_b, sale.pk), {"reason": "x"}).status_code == 404
    assert (
        client_b.post(url("artisan_status", upt_b, artisans_a[0].pk), {"status": "transferred"}).status_code
        == 404
    )
    assert (
        client_b.post(
            url("artisan_release", upt_a, artisans_a[0].pk), {"released_on": "2026-03-01"}
        ).status_code
        == 404
    )
    assert LedgerEntry.objects.count() == entries
    assert Artisan.objects.get(pk=artisans_a[0].pk).status == ArtisanStatus.ACTIVE
    # ... and absent from Lapas B's lists
    pages = [
        client_b.get(reverse("corrections:home")),
        client_b.get(url("artisans", upt_b)),
        client_b.get(url("work", upt_b), {"bulan": "2026-01"}),
        client_b.get(url("work", upt_b)),
        client_b.get(url("sales", upt_b)),
        client_b.get(url("ledger", upt_b), {"bulan": "2026-01"}),
        client_b.get(url("graduation", upt_b)),
        client_b.get(url("work_new", upt_b)),
    ]
    for response in pages:
        assert response.status_code == 200
        body = text(response)
        assert not any(code in body for code in a_codes)
        assert upt_a.name not in body
    assert artisan_b.code in text(pages[1])
    # a Lapas A artisan posted to Lapas B's work form is a field error, not a row
    response = client_b.post(
        url("work_new", upt_b),
        {
            "artisan": artisans_a[0].pk,
            "product": booked["sale"].product_id,
            "period": "2026-01",
            "pieces": "1",
        },
    )
    assert response.status_code == 400 and {"artisan", "product"} <= set(response.context["form"].errors)


def test_ministry_staff_see_only_aggregates(personas, upt_a, upt_b, artisans_a, artisan_b, booked):
    for user in (personas.ministry_admin, personas.analyst):
        client = logged_in(user)
        assert client.get(reverse("corrections:home"))["Location"] == reverse("corrections:aggregates")
        for page in (url("artisans", upt_a), url("ledger", upt_a), url("artisan", upt_a, artisans_a[0].pk)):
            response = client.get(page)
            assert response.status_code == 302 and response["Location"] == reverse("corrections:aggregates")
        response = client.get(reverse("corrections:aggregates"))
        assert response.status_code == 200
        body = text(response)
        assert upt_a.name in body and upt_b.name in body
        assert not any(a.code in body for a in [*artisans_a, artisan_b])
        row = next(r for r in response.context["rows"] if r["upt_id"] == upt_a.pk)
        assert row["by_status"] == {"active": 2, "released": 1, "transferred": 0}


def test_outsiders_are_refused_and_anonymous_visitors_sent_to_login(personas, upt_a, officer_a):
    outsider = logged_in(personas.outsider)
    for page in (reverse("corrections:home"), reverse("corrections:aggregates"), url("artisans", upt_a)):
        assert outsider.get(page).status_code == 403
        response = Client().get(page)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    # an officer is not ministry staff: the aggregates page sends them to their own unit
    assert logged_in(officer_a).get(reverse("corrections:aggregates"))["Location"] == reverse(
        "corrections:home"
    )


def test_a_restricted_name_never_appears_on_any_officer_page(client_a, upt_a, officer_a, artisans_a, booked):
    actions.set_restricted_name(artisans_a[0], SECRET_NAME, note=f"NIK {SECRET_NIK}", actor=officer_a)
    follow_up = booked["case"].follow_ups.first()
    pages = [
        reverse("corrections:home"),
        url("artisans", upt_a),
        url("artisan_new", upt_a),
        *(url("artisan", upt_a, a.pk) for a in artisans_a),
        url("work", upt_a),
        url("work", upt_a) + "?bulan=2026-01",
        url("work_new", upt_a),
        url("sales", upt_a),
        url("sale_new", upt_a),
        url("sale_reverse", upt_a, booked["sale"].pk),
        url("ledger", upt_a) + "?bulan=2026-01",
        url("graduation", upt_a),
        url("follow_up", upt_a, follow_up.pk),
    ]
    for page in pages:
        response = client_a.get(page)
        assert response.status_code == 200, page
        assert SECRET_NAME not in text(response) and SECRET_NIK not in text(response), page
    report = client_a.get(reverse("corrections:report", args=[upt_a.pk, 2026, 1]))
    cells = [
        str(v)
        for sheet in load_workbook(io.BytesIO(report.content)).worksheets
        for row in sheet.iter_rows(values_only=True)
        for v in row
    ]
    assert cells and not any(SECRET_NAME in c or SECRET_NIK in c for c in cells)
    assert SECRET_NAME not in report["Content-Disposition"]


# Pinned query counts: the number of queries does not grow with the rows on the page.
ARTISAN_LIST_QUERIES = 6
LEDGER_QUERIES = 7


def _more_artisans(upt, officer, n):
    workshop = Workshop.objects.filter(upt=upt).first() or actions.create_workshop(
        upt, name="Bengkel kayu", actor=officer
    )
    for _ in range(n):
        actions.register_artisan(upt, skills=["woodwork", "other"], workshop=workshop, actor=officer)


@pytest.mark.parametrize("n", [2, 20])
def test_the_artisan_list_runs_a_fixed_number_of_queries(
    n, client_a, upt_a, officer_a, django_assert_num_queries
):
    _more_artisans(upt_a, officer_a, n)
    with django_assert_num_queries(ARTISAN_LIST_QUERIES):
        response = client_a.get(url("artisans", upt_a))
    assert len(response.context["page"].object_list) == n


@pytest.mark.parametrize("sales", [1, 4])
def test_the_ledger_list_runs_a_fixed_number_of_queries(
    sales, client_a, upt_a, officer_a, product_a, artisans_a, django_assert_num_queries
):
    for artisan in artisans_a:
        actions.record_work(artisan, product_a, LAST_MONTH, pieces=1, actor=officer_a)
    for i in range(sales):
        actions.record_manual_sale(upt_a, product_a, 10_000 + i, SALE_DAY, actor=officer_a)
    with django_assert_num_queries(LEDGER_QUERIES):
        response = client_a.get(url("ledger", upt_a), {"bulan": "2026-01"})
    assert len(response.context["page"].object_list) == sales * 5  # 3 artisans + PNBP + capital


# Bad input: a field error on the page and nothing written.


def _writes():
    return (
        Sale.objects.count(),
        LedgerEntry.objects.count(),
        WorkRecord.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"amount": "-5000"}, "amount"),
        ({"amount": "0"}, "amount"),
        ({"amount": "12.500"}, "amount"),
        ({"product": "foreign"}, "product"),
        ({"product": "999999999"}, "product"),
        ({"sold_on": "kemarin"}, "sold_on"),
        ({"sold_on": "2999-01-01"}, "sold_on"),
    ],
)
def test_a_bad_sale_gives_a_field_error_and_writes_nothing(
    data, field, client_a, upt_a, product_a, product_b
):
    post = {"product": product_a.pk, "amount": "50000", "sold_on": "2026-01-05", **data}
    if post["product"] == "foreign":
        post["product"] = product_b.pk
    before = _writes()
    response = client_a.post(url("sale_new", upt_a), post)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in text(response)
    assert _writes() == before


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"period": "garbage"}, "period"),
        ({"period": "2026-13"}, "period"),
        ({"period": "2026-1"}, "period"),
        ({"period": ""}, "period"),
        ({"product": "foreign"}, "product"),
        ({"pieces": "-1"}, "pieces"),
        ({"pieces": "0", "hours": "0"}, "pieces"),
    ],
)
def test_a_bad_work_record_gives_a_field_error_and_writes_nothing(
    data, field, client_a, upt_a, product_a, product_b, artisans_a
):
    post = {"artisan": artisans_a[0].pk, "product": product_a.pk, "period": "2026-01", "pieces": "3", **data}
    if post["product"] == "foreign":
        post["product"] = product_b.pk
    before = _writes()
    response = client_a.post(url("work_new", upt_a), post)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in text(response)
    assert _writes() == before


def test_a_released_artisan_cannot_get_new_work_through_the_form(client_a, upt_a, product_a, booked):
    released = booked["case"].artisan
    response = client_a.post(
        url("work_new", upt_a),
        {"artisan": released.pk, "product": product_a.pk, "period": "2026-03", "pieces": "1"},
    )
    assert response.status_code == 400 and "artisan" in response.context["form"].errors
    assert not FollowUp.objects.filter(done_on__isnull=False).exists()


def test_the_menu_links_upt_officers_and_only_them_to_their_unit_pages(client_a, client, personas):
    link = f'href="{reverse("corrections:home")}"'
    assert link in text(client_a.get(reverse("web:home")))
    client.force_login(personas.ikm_owner)
    assert link not in text(client.get(reverse("web:home")))
