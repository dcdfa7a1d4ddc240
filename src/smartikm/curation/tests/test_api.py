"""The curation API: public results, the reviewer's work with the hiding rule, the managers' writes,
the shared error shape, and pinned query counts of the list endpoints."""

import json

import pytest
from django.test import Client
from django.utils import timezone

from smartikm.accounts.models import ApiToken
from smartikm.curation import actions
from smartikm.curation.choices import Decision, RoundState
from smartikm.curation.models import Criterion, Entry
from smartikm.curation.tests.conftest import LEVELS_A, LEVELS_B, sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> Client:
    return Client()


@pytest.fixture
def bearer():
    def make(user) -> dict[str, str]:
        token, raw = ApiToken.issue(user, "uji", scope="write")
        # "used just now": no last_used_at write, so query counts stay fixed
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return {"Authorization": f"Bearer {raw}"}

    return make


def post(api, url, payload, headers):
    return api.post(url, json.dumps(payload), content_type="application/json", headers=headers)


def publish(round_, personas):
    actions.change_round_state(round_, RoundState.DECIDED, actor=personas.ministry_admin)
    actions.change_round_state(round_, RoundState.PUBLISHED, actor=personas.ministry_admin)


# --------------------------------------------------------------------------- public results


def test_published_results_list_only_lolos_entries_of_published_rounds(
    api, personas, curator2, make_round, make_product, ikm, upt_product
):
    published = make_round(name="Seleksi Terbit")
    unpublished = make_round(name="Seleksi Belum Terbit")
    passed = make_product(ikm=ikm, name="Tas Anyaman Pandan")
    failed = make_product(ikm=ikm, name="Tikar Gagal")
    hidden = make_product(ikm=ikm, name="Batik Belum Diumumkan")
    decisions = {passed: Decision.PASSED, failed: Decision.FAILED, upt_product: Decision.PASSED}
    for round_, products in ((published, [passed, failed, upt_product]), (unpublished, [hidden])):
        entries = [actions.nominate(round_, p, actor=personas.ministry_admin) for p in products]
        for entry in entries:
            actions.assign_reviewers(entry, [personas.curator, curator2], actor=personas.ministry_admin)
        actions.change_round_state(round_, RoundState.REVIEWING, actor=personas.ministry_admin)
        for entry in entries:
            a, b = entry.assignments.order_by("id")
            actions.submit_scores(a, sheet(round_, LEVELS_A, "komentar-rahasia-a"), actor=personas.curator)
            actions.submit_scores(b, sheet(round_, LEVELS_B, "komentar-rahasia-b"), actor=curator2)
            actions.decide(
                entry,
                actor=personas.ministry_admin,
                decision=decisions.get(entry.product, Decision.PASSED),
                feedback="umpan-balik-rahasia",
            )
    publish(published, personas)
    body = api.get("/api/curation/results").json()
    names = sorted(item["product"]["name_id"] for item in body["items"])
    assert names == ["Keset Sabut Kelapa", "Tas Anyaman Pandan"]
    by_name = {i["product"]["name_id"]: i for i in body["items"]}
    assert by_name["Tas Anyaman Pandan"]["producer_name"] == "Batik Tulis Sekar Jagad"
    assert by_name["Tas Anyaman Pandan"]["province"] == "Jawa Tengah"
    assert by_name["Keset Sabut Kelapa"]["producer_kind"] == "upt"
    assert by_name["Keset Sabut Kelapa"]["producer_name"] == "Karya warga binaan — Lapas Kelas I Semarang"
    text = json.dumps(body)
    for secret in ("komentar-rahasia", "umpan-balik-rahasia", "kurator", "66.25", "Siti Aminah"):
        assert secret not in text
    assert api.get(f"/api/curation/results?round={unpublished.pk}").json()["count"] == 0
    html = api.get("/kurasi/hasil/").content.decode()  # the public page shows the same list
    assert "Tas Anyaman Pandan" in html and "Karya warga binaan — Lapas Kelas I Semarang" in html
    assert "Tikar Gagal" not in html and "Batik Belum Diumumkan" not in html
    for secret in ("komentar-rahasia", "umpan-balik-rahasia", "66.25", "Siti Aminah"):
        assert secret not in html


def test_results_list_takes_two_queries_whatever_the_page_size(
    api, personas, curator2, make_round, make_product, ikm, upt_product, django_assert_num_queries
):
    round_ = make_round()
    products = [make_product(ikm=ikm) for _ in range(3)] + [upt_product]
    for product in products:
        entry = actions.nominate(round_, product, actor=personas.ministry_admin)
        actions.assign_reviewers(entry, [personas.curator, curator2], actor=personas.ministry_admin)
    actions.change_round_state(round_, RoundState.REVIEWING, actor=personas.ministry_admin)
    for entry in Entry.objects.filter(round=round_):
        a, b = entry.assignments.order_by("id")
        actions.submit_scores(a, sheet(round_, LEVELS_A), actor=personas.curator)
        actions.submit_scores(b, sheet(round_, LEVELS_B), actor=curator2)
        actions.decide(entry, actor=personas.ministry_admin, decision=Decision.PASSED, feedback="Siap.")
    publish(round_, personas)
    for size in (1, 4):
        with django_assert_num_queries(2):  # COUNT + the page with round, product, IKM/UPT, category joined
            body = api.get(f"/api/curation/results?page_size={size}").json()
        assert body["count"] == 4 and len(body["items"]) == size
    api.get("/kurasi/hasil/")  # warm the session/locale machinery; the page itself is pinned below
    with django_assert_num_queries(2):  # COUNT + the page of 30 with the same joins
        assert api.get("/kurasi/hasil/").status_code == 200


def test_public_sees_open_rounds_but_not_drafts(api, make_round, django_assert_num_queries):
    make_round(RoundState.DRAFT, name="Draf Rahasia")
    make_round(name="Seleksi Terbuka")
    make_round(name="Seleksi Terbuka Dua")
    with django_assert_num_queries(4):  # COUNT + page + categories + provinces
        body = api.get("/api/curation/rounds").json()
    assert sorted(r["name"] for r in body["items"]) == ["Seleksi Terbuka", "Seleksi Terbuka Dua"]


def test_round_detail_shows_the_rubric_with_level_descriptors(api, open_round):
    body = api.get(f"/api/curation/rounds/{open_round.pk}").json()
    assert [c["weight"] for c in body["criteria"]] == [20, 15, 15, 15, 15, 10, 10]
    assert len(body["criteria"][0]["levels"]) == 5


# --------------------------------------------------------------------------- managers


def test_ministry_admin_creates_a_round_and_moves_it_through_its_states(api, personas, bearer, batik):
    headers = bearer(personas.ministry_admin)
    payload = {
        "name": "Kurasi Trade Expo Indonesia 2026",
        "purpose": "exhibition",
        "opens_on": "2026-05-01",
        "closes_on": "2026-06-15",
        "results_on": "2026-07-01",
        "for_upt": True,
        "categories": [batik.slug],
        "provinces": ["33", "35"],
    }
    response = post(api, "/api/curation/rounds", payload, headers)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["state"], body["categories"], sorted(body["provinces"])) == (
        "draft",
        ["batik"],
        ["33", "35"],
    )
    assert len(body["criteria"]) == 7
    response = post(api, f"/api/curation/rounds/{body['id']}/state", {"state": "open"}, headers)
    assert response.json()["state"] == "open"
    response = post(api, f"/api/curation/rounds/{body['id']}/state", {"state": "published"}, headers)
    assert response.status_code == 422
    assert set(response.json()) == {"detail", "errors"}


def test_non_managers_cannot_create_rounds_and_get_the_shared_error_shape(api, personas, bearer):
    payload = {
        "name": "X",
        "purpose": "export",
        "opens_on": "2026-05-01",
        "closes_on": "2026-05-02",
        "results_on": "2026-05-03",
    }
    for user in (personas.ikm_owner, personas.curator, personas.analyst):
        response = post(api, "/api/curation/rounds", payload, bearer(user))
        assert response.status_code == 403
        assert response.json()["errors"] == [] and "administrator" in response.json()["detail"]
    assert post(api, "/api/curation/rounds", payload, {}).status_code == 401
    response = post(
        api, "/api/curation/rounds", {**payload, "categories": ["tidak-ada"]}, bearer(personas.ministry_admin)
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "categories"


def test_owner_nominates_and_manager_assigns_reviewers_by_username(
    api, personas, bearer, open_round, product, curator2
):
    response = post(
        api,
        f"/api/curation/rounds/{open_round.pk}/entries",
        {"product": product.pk},
        bearer(personas.ikm_owner),
    )
    assert response.status_code == 201, response.content
    entry_id = response.json()["id"]
    response = post(
        api,
        f"/api/curation/entries/{entry_id}/reviewers",
        {"reviewers": [personas.ikm_owner.username]},
        bearer(personas.ministry_admin),
    )
    assert response.status_code == 422  # the owner is not a curator (and is the producer)
    response = post(
        api,
        f"/api/curation/entries/{entry_id}/reviewers",
        {"reviewers": ["kurator", "kurator.mitra"]},
        bearer(personas.ministry_admin),
    )
    assert response.status_code == 200
    assert (response.json()["reviewers_count"], response.json()["submitted_count"]) == (2, 0)


def test_round_entries_list_is_for_managers_and_takes_fixed_queries(
    api, personas, bearer, open_round, make_product, ikm, curator2, manager, django_assert_num_queries
):
    for _ in range(3):
        entry = actions.nominate(open_round, make_product(ikm=ikm), actor=personas.ikm_owner)
        actions.assign_reviewers(entry, [personas.curator, curator2], actor=manager)
    headers = bearer(manager)
    for outsider in (personas.ikm_owner, personas.curator):
        response = api.get(f"/api/curation/rounds/{open_round.pk}/entries", headers=bearer(outsider))
        assert response.status_code == 403
    with django_assert_num_queries(5):  # token + memberships + round + COUNT + page (annotated, joined)
        body = api.get(f"/api/curation/rounds/{open_round.pk}/entries", headers=headers).json()
    assert body["count"] == 3 and all(e["reviewers_count"] == 2 for e in body["items"])


# --------------------------------------------------------------------------- reviewers


def test_reviewer_lists_own_assignments_in_fixed_queries(
    api, personas, bearer, open_round, make_product, ikm, upt_product, curator2, django_assert_num_queries
):
    for product in [make_product(ikm=ikm), make_product(ikm=ikm), upt_product]:
        entry = actions.nominate(open_round, product, actor=personas.ministry_admin)
        actions.assign_reviewers(entry, [personas.curator, curator2], actor=personas.ministry_admin)
    headers = bearer(curator2)
    with django_assert_num_queries(3):  # token + COUNT + page with entry, round, product, IKM/UPT joined
        body = api.get("/api/curation/assignments", headers=headers).json()
    assert body["count"] == 3
    assert {i["producer_name"] for i in body["items"]} >= {"Karya warga binaan — Lapas Kelas I Semarang"}
    assert api.get("/api/curation/assignments", headers=bearer(personas.outsider)).json()["count"] == 0


def test_scores_are_hidden_through_the_api_until_all_reviewers_submit(
    api, personas, bearer, open_round, product, curator2
):
    entry = actions.nominate(open_round, product, actor=personas.ikm_owner)
    a, b = actions.assign_reviewers(entry, [personas.curator, curator2], actor=personas.ministry_admin)
    actions.change_round_state(open_round, RoundState.REVIEWING, actor=personas.ministry_admin)
    url = f"/api/curation/entries/{entry.pk}/scores"
    first = post(
        api,
        f"/api/curation/assignments/{a.pk}/scores",
        {"scores": sheet(open_round, LEVELS_A, "rapi")},
        bearer(personas.curator),
    )
    assert first.status_code == 200, first.content
    assert (first.json()["revealed"], len(first.json()["scores"])) == (False, 7)
    assert all(s["mine"] for s in first.json()["scores"])
    other = api.get(url, headers=bearer(curator2)).json()
    assert (other["revealed"], other["scores"], other["aggregate"]) == (False, [], None)
    admin = api.get(url, headers=bearer(personas.ministry_admin)).json()
    assert admin["scores"] == []
    assert api.get(url, headers=bearer(personas.outsider)).status_code == 403
    assert api.get(url).status_code == 401
    # someone else may not submit on this assignment; the error is the shared shape
    response = post(api, f"/api/curation/assignments/{b.pk}/scores", {"scores": []}, bearer(personas.curator))
    assert response.status_code == 403 and set(response.json()) == {"detail", "errors"}
    last = post(
        api,
        f"/api/curation/assignments/{b.pk}/scores",
        {"scores": sheet(open_round, LEVELS_B)},
        bearer(curator2),
    ).json()
    assert last["revealed"] is True and last["aggregate"] == "66.25"
    assert len(last["scores"]) == 14 and {s["sheet"] for s in last["scores"]} == {1, 2}
    assert "kurator" not in json.dumps(last)  # sheets are numbered, reviewers not named
    owner_view = api.get(url, headers=bearer(personas.ikm_owner)).json()
    assert (owner_view["aggregate"], owner_view["scores"]) == ("66.25", [])


def test_score_values_outside_one_to_five_are_refused_with_field_errors(
    api, personas, bearer, open_round, product, curator2
):
    entry = actions.nominate(open_round, product, actor=personas.ikm_owner)
    a, _ = actions.assign_reviewers(entry, [personas.curator, curator2], actor=personas.ministry_admin)
    actions.change_round_state(open_round, RoundState.REVIEWING, actor=personas.ministry_admin)
    scores = sheet(open_round, LEVELS_A)
    scores[0]["value"] = 6
    response = post(
        api, f"/api/curation/assignments/{a.pk}/scores", {"scores": scores}, bearer(personas.curator)
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "scores.0.value"
    response = post(
        api, f"/api/curation/assignments/{a.pk}/scores", {"scores": scores[1:]}, bearer(personas.curator)
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "scores"


# --------------------------------------------------------------------------- decisions and history


def test_manager_decides_perbaikan_with_plan_items_and_the_owner_reads_the_history(
    api, personas, bearer, scored_entry
):
    payload = {
        "decision": "perbaikan",
        "feedback": "Label perlu berat bersih dan PIRT.",
        "plan_items": [
            {
                "kind": "packaging",
                "description": "Cetak ulang label.",
                "owner": "pemilik.ikm",
                "due_on": "2026-06-30",
            }
        ],
    }
    response = post(
        api, f"/api/curation/entries/{scored_entry.pk}/decision", payload, bearer(personas.ministry_admin)
    )
    assert response.status_code == 200, response.content
    assert response.json()["plan_items"][0]["owner"] == "pemilik.ikm"
    history = api.get(
        f"/api/curation/products/{scored_entry.product_id}/entries", headers=bearer(personas.ikm_owner)
    )
    assert history.status_code == 200
    assert [(e["decision"], e["feedback"]) for e in history.json()] == [("perbaikan", payload["feedback"])]
    assert (
        api.get(
            f"/api/curation/products/{scored_entry.product_id}/entries", headers=bearer(personas.outsider)
        ).status_code
        == 403
    )
    item_id = response.json()["plan_items"][0]["id"]
    done = post(
        api, f"/api/curation/plan-items/{item_id}/status", {"status": "done"}, bearer(personas.ikm_owner)
    )
    assert done.json()["status"] == "done"


def test_tidak_lolos_without_feedback_is_a_field_error(api, personas, bearer, scored_entry):
    response = post(
        api,
        f"/api/curation/entries/{scored_entry.pk}/decision",
        {"decision": "tidak_lolos", "feedback": " "},
        bearer(personas.ministry_admin),
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "feedback", "message": "Umpan balik tertulis wajib diisi."}
    ]


def test_unknown_ids_answer_404_in_the_shared_shape(api, personas, bearer):
    response = api.get("/api/curation/rounds/999999")
    assert response.status_code == 404 and set(response.json()) == {"detail", "errors"}
    response = api.get(f"/api/curation/entries/{2**63}/scores", headers=bearer(personas.curator))
    assert response.status_code == 404


def test_criterion_ids_from_another_round_are_refused(
    api, personas, bearer, open_round, make_round, product, curator2
):
    other = make_round(name="Lain")
    entry = actions.nominate(open_round, product, actor=personas.ikm_owner)
    a, _ = actions.assign_reviewers(entry, [personas.curator, curator2], actor=personas.ministry_admin)
    actions.change_round_state(open_round, RoundState.REVIEWING, actor=personas.ministry_admin)
    foreign = [{"criterion": c.pk, "value": 3} for c in Criterion.objects.filter(round=other)]
    response = post(
        api, f"/api/curation/assignments/{a.pk}/scores", {"scores": foreign}, bearer(personas.curator)
    )
    assert response.status_code == 422
    assert "bukan kriteria seleksi ini" in response.json()["errors"][0]["message"]
