"""Who sees what: officers their own UPT's rows only; ministry staff counts only; the public nothing
but programme figures and unit profiles."""

import datetime

import pytest

from smartikm.corrections import actions
from smartikm.corrections.tests.conftest import LAST_MONTH, bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def lapas_a_data(upt_a, officer_a, product_a, artisans_a):
    actions.record_work(artisans_a[0], product_a, LAST_MONTH, pieces=4, actor=officer_a)
    sale = actions.record_manual_sale(upt_a, product_a, 200_000, datetime.date(2026, 1, 10), actor=officer_a)
    case = actions.release_artisan(artisans_a[2], released_on=datetime.date(2026, 2, 1), actor=officer_a)
    return {"artisan": artisans_a[0], "sale": sale, "case": case}


OFFICER_LISTS = ["/api/corrections/artisans", "/api/corrections/work-records", "/api/corrections/sales",
                 "/api/corrections/ledger", "/api/corrections/graduation"]  # fmt: skip


@pytest.mark.parametrize("path", OFFICER_LISTS)
def test_officer_of_lapas_b_sees_none_of_lapas_a_rows(path, lapas_a_data, officer_b, artisan_b):
    response = bearer(officer_b).get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert lapas_a_data["artisan"].code not in body
    assert all(
        str(item.get("upt_id", "")) != str(lapas_a_data["sale"].upt_id) for item in response.json()["items"]
    )


@pytest.mark.parametrize("path", OFFICER_LISTS)
def test_officer_of_lapas_a_sees_their_own_rows(path, lapas_a_data, officer_a):
    response = bearer(officer_a).get(path)
    assert response.status_code == 200
    assert response.json()["count"] >= 1


def test_officer_of_lapas_b_gets_404_for_lapas_a_objects(lapas_a_data, officer_b, artisan_b):
    client = bearer(officer_b)
    artisan, sale, case = lapas_a_data["artisan"], lapas_a_data["sale"], lapas_a_data["case"]
    assert client.get(f"/api/corrections/artisans/{artisan.pk}").status_code == 404
    follow_up = case.follow_ups.first()
    posts = {
        f"/api/corrections/artisans/{artisan.pk}/release": {"released_on": "2026-03-01"},
        f"/api/corrections/artisans/{artisan.pk}/status": {"status": "transferred"},
        f"/api/corrections/sales/{sale.pk}/reverse": {"reason": "coba"},
        f"/api/corrections/follow-ups/{follow_up.pk}": {"outcome": "employed", "done_on": "2026-05-01"},
        "/api/corrections/work-records": {
            "artisan": artisan.pk,
            "product": sale.product_id,
            "period": "2026-01",
        },
    }
    for path, body in posts.items():
        assert client.post(path, body, content_type="application/json").status_code == 404, path
    response = client.post(
        "/api/corrections/sales",
        {"upt": sale.upt_id, "product": sale.product_id, "amount": 1000, "sold_on": "2026-01-02"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert client.get(f"/api/corrections/reports/2026/1?upt={sale.upt_id}").status_code == 404


def test_ministry_staff_get_aggregates_but_never_rows(lapas_a_data, personas, upt_b):
    client = bearer(personas.ministry_admin)  # a superuser, too
    for path in OFFICER_LISTS:
        assert client.get(path).status_code == 403, path
    assert client.get(f"/api/corrections/artisans/{lapas_a_data['artisan'].pk}").status_code == 403
    response = client.get("/api/corrections/aggregates")
    assert response.status_code == 200
    rows = {r["upt_name"]: r for r in response.json()}
    lapas_a = rows["Lapas Kelas I Semarang"]
    assert lapas_a["by_status"] == {"active": 2, "released": 1, "transferred": 0}
    assert lapas_a["active_by_skill"]["coconut"] == 2
    assert lapas_a_data["artisan"].code not in response.content.decode()


def test_officers_and_the_public_cannot_read_the_ministry_aggregates(officer_a, client, upt_a):
    assert bearer(officer_a).get("/api/corrections/aggregates").status_code == 403
    assert client.get("/api/corrections/aggregates").status_code == 401


def test_anonymous_callers_are_refused_every_officer_endpoint(client, lapas_a_data):
    for path in [*OFFICER_LISTS, "/api/corrections/reports/2026/1"]:
        assert client.get(path).status_code == 401, path


def test_officer_registers_an_artisan_and_gets_a_random_code(officer_a, upt_a):
    response = bearer(officer_a).post(
        "/api/corrections/artisans", {"skills": ["woodwork"]}, content_type="application/json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["code"].startswith("WB-") and len(body["code"]) == 11
    assert "name" not in body
