"""Parallel identical writes to the corrections API: a unique constraint that refuses the late ones
answers 409/422 in the error shape, never 500, and leaves one row."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client

from smartikm.accounts.models import ApiToken
from smartikm.core.testing import restore_database_after  # noqa: F401 (fixture)
from smartikm.corrections import actions
from smartikm.corrections.models import Sale, WorkRecord
from smartikm.corrections.tests.conftest import make_upt_product

PARALLEL = 8


def _post_in_parallel(path: str, body: dict, headers: dict[str, str]) -> list[tuple[int, dict]]:
    start = threading.Barrier(PARALLEL)
    answers: list[tuple[int, dict]] = []

    def post():
        try:
            start.wait()
            response = Client().post(path, body, content_type="application/json", headers=headers)
            answers.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(PARALLEL)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


@pytest.fixture
def officer_headers(personas) -> dict[str, str]:
    _token, raw = ApiToken.issue(personas.upt_officer, "uji", scope="write")
    return {"Authorization": f"Bearer {raw}"}


# One transactional test per module: the database is emptied after each one and rebuilt only when
# the module ends (restore_database_after), so the three probes share one test.
@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_identical_sales_and_work_records_give_one_row_and_never_a_server_error(
    restore_database_after,  # noqa: F811
    upt_a,
    officer_a,
    officer_headers,
):
    product = make_upt_product(upt_a)

    # Same receipt number, no key: one sale, the others are told the number is taken (422).
    body = {"product": product.pk, "amount": 150_000, "sold_on": "2026-01-15", "external_ref": "NOTA-77"}
    answers = _post_in_parallel("/api/corrections/sales", body, officer_headers)
    assert sorted(status for status, _ in answers) == [201] + [422] * (PARALLEL - 1), answers
    assert all(b["errors"][0]["field"] == "external_ref" for status, b in answers if status == 422)
    assert Sale.objects.filter(external_ref="NOTA-77").count() == 1

    # No receipt number but one Idempotency-Key: one sale, the same answer eight times.
    body = {"product": product.pk, "amount": 99_000, "sold_on": "2026-01-16"}
    answers = _post_in_parallel(
        "/api/corrections/sales", body, {**officer_headers, "Idempotency-Key": "jual-1"}
    )
    assert [status for status, _ in answers] == [201] * PARALLEL, answers
    assert len({b["id"] for _, b in answers}) == 1
    assert Sale.objects.filter(product=product, amount=99_000).count() == 1

    # The same month's work record: one row with the figures sent, no 500.
    artisan = actions.register_artisan(upt_a, skills=["coconut"], actor=officer_a)
    body = {"artisan": artisan.pk, "product": product.pk, "period": "2026-01", "pieces": 4, "hours": 10}
    answers = _post_in_parallel("/api/corrections/work-records", body, officer_headers)
    assert all(status in (201, 409) for status, _ in answers), answers
    assert sum(status == 201 for status, _ in answers) >= 1
    row = WorkRecord.objects.get(artisan=artisan, product=product, period=datetime.date(2026, 1, 1))
    assert (row.pieces, row.hours) == (4, 10)
