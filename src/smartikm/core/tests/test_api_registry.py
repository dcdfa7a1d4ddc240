"""IKM and sentra endpoints: who sees which fields, filters, pinned query counts, and writes through
the registry forms and actions."""

import json

import pytest

from smartikm.core.audit import history
from smartikm.core.tests.conftest import (
    OWNER_NIK,
    OWNER_NIK_MASKED,
    PRIVATE_MARKERS,
    REJECTION_MARKER,
)
from smartikm.registry.choices import VerificationStatus
from smartikm.registry.models import Ikm, Sentra, SentraMember

pytestmark = pytest.mark.django_db

PRIVATE_KEYS = {
    "owner_name",
    "owner_phone",
    "owner_birth_date",
    "owner_nik",
    "owner_nik_masked",
    "npwp",
    "needs",
    "rejection_reason",
    "investment",
}


def _walk_keys(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _walk_keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk_keys(item)


def assert_public(response):
    assert response.status_code == 200, response.content
    text = response.content.decode()
    for marker in (*PRIVATE_MARKERS, REJECTION_MARKER):
        assert marker not in text
    assert not PRIVATE_KEYS & set(_walk_keys(response.json()))


@pytest.fixture
def sentra(db, village_jateng):
    return Sentra.objects.create(
        name="Sentra Batik Uji",
        village=village_jateng,
        province_id=village_jateng.code[:2],
        regency_id=village_jateng.code[:5],
        commodity="batik tulis",
        kbli_id="13134",
        supervising_agency="Disperindag Jepara",
    )


# --------------------------------------------------------------------------- reads: privacy


def test_public_list_hides_private_fields(api, make_ikm):
    make_ikm()
    make_ikm(status=VerificationStatus.REJECTED)
    response = api.get("/api/registry/ikm")
    assert_public(response)
    assert response.json()["count"] == 1


def test_public_detail_hides_private_fields(api, make_ikm, sentra):
    ikm = make_ikm(has_export_experience=True)
    SentraMember.objects.create(sentra=sentra, ikm=ikm)
    response = api.get(f"/api/registry/ikm/{ikm.pk}")
    assert_public(response)
    body = response.json()
    assert body["name"] == ikm.name and body["sentra"] == {"id": sentra.pk, "name": sentra.name}
    assert body["kbli"]["code"] == "13134" and body["province"]["code"] == "33"


def test_public_sees_only_verified_ikm(api, make_ikm):
    verified = make_ikm()
    for status in ("draft", "submitted", "rejected", "resubmitted"):
        make_ikm(status=status)
    body = api.get("/api/registry/ikm?status=draft").json()
    assert body["count"] == 0
    body = api.get("/api/registry/ikm").json()
    assert [i["id"] for i in body["items"]] == [verified.pk]


def test_unverified_profile_is_not_found_publicly(api, make_ikm):
    draft = make_ikm(status=VerificationStatus.SUBMITTED)
    assert api.get(f"/api/registry/ikm/{draft.pk}").status_code == 404


def test_authenticated_buyer_still_sees_public_fields_only(api, personas, bearer, make_ikm):
    ikm = make_ikm()
    assert_public(api.get("/api/registry/ikm", headers=bearer(personas.buyer)))
    assert_public(api.get(f"/api/registry/ikm/{ikm.pk}", headers=bearer(personas.buyer)))
    assert api.get(f"/api/registry/ikm/{ikm.pk}/full", headers=bearer(personas.buyer)).status_code == 403


def test_owner_sees_own_full_profile_with_the_nik_masked_never_plain(api, personas, bearer, make_ikm):
    ikm = make_ikm(owner=personas.ikm_owner, status=VerificationStatus.REJECTED)
    response = api.get(f"/api/registry/ikm/{ikm.pk}/full", headers=bearer(personas.ikm_owner))
    assert response.status_code == 200
    body = response.json()
    assert body["owner_nik_masked"] == OWNER_NIK_MASKED and "owner_nik" not in body
    assert OWNER_NIK not in response.content.decode()
    assert body["rejection_reason"] == REJECTION_MARKER and body["npwp"] and body["needs"]


def test_owner_sees_own_draft_in_the_list(api, personas, bearer, make_ikm):
    own = make_ikm(owner=personas.ikm_owner, status=VerificationStatus.DRAFT)
    make_ikm(status=VerificationStatus.DRAFT)
    body = api.get("/api/registry/ikm?status=draft", headers=bearer(personas.ikm_owner)).json()
    assert [i["id"] for i in body["items"]] == [own.pk]


def test_owner_cannot_see_the_full_profile_of_another_ikm(api, personas, bearer, make_ikm):
    other = make_ikm()
    assert (
        api.get(f"/api/registry/ikm/{other.pk}/full", headers=bearer(personas.ikm_owner)).status_code == 403
    )


def test_officer_sees_full_profiles_of_own_province_only(api, personas, bearer, make_ikm, village_jatim):
    jateng = make_ikm(status=VerificationStatus.SUBMITTED)
    jatim = make_ikm(village=village_jatim)
    headers = bearer(personas.officer_jateng)
    full = api.get(f"/api/registry/ikm/{jateng.pk}/full", headers=headers)
    assert full.status_code == 200 and full.json()["owner_nik_masked"] == OWNER_NIK_MASKED
    assert api.get(f"/api/registry/ikm/{jatim.pk}/full", headers=headers).status_code == 403


def test_officer_list_includes_pending_profiles_of_own_province_only(
    api, personas, bearer, make_ikm, village_jatim
):
    mine = make_ikm(status=VerificationStatus.SUBMITTED)
    make_ikm(status=VerificationStatus.SUBMITTED, village=village_jatim)
    body = api.get("/api/registry/ikm?status=submitted", headers=bearer(personas.officer_jateng)).json()
    assert [i["id"] for i in body["items"]] == [mine.pk]


def test_ministry_staff_see_every_profile_with_the_nik_masked(api, personas, bearer, make_ikm, village_jatim):
    make_ikm(status=VerificationStatus.DRAFT)
    other = make_ikm(status=VerificationStatus.SUBMITTED, village=village_jatim)
    headers = bearer(personas.ministry_admin)
    assert api.get("/api/registry/ikm", headers=headers).json()["count"] == 2
    full = api.get(f"/api/registry/ikm/{other.pk}/full", headers=headers)
    assert full.json()["owner_nik_masked"] == OWNER_NIK_MASKED and OWNER_NIK not in full.content.decode()


# --------------------------------------------------------------------------- reads: filters


def test_ikm_list_filters(api, make_ikm, village_jatim, sentra):
    a = make_ikm(name="Batik Lasem Sekar", has_export_experience=True)
    b = make_ikm(name="Tenun Troso", scale="menengah")
    c = make_ikm(name="Batik Madura", village=village_jatim)
    SentraMember.objects.create(sentra=sentra, ikm=a)

    def ids(query):
        return sorted(i["id"] for i in api.get("/api/registry/ikm", query).json()["items"])

    assert ids({"province": "35"}) == [c.pk]
    assert ids({"regency": a.regency_id}) == sorted([a.pk, b.pk])
    assert ids({"scale": "menengah"}) == [b.pk]
    assert ids({"has_export_experience": "true"}) == [a.pk]
    assert ids({"q": "batik"}) == sorted([a.pk, c.pk])
    assert ids({"kbli": "13134"}) == sorted([a.pk, b.pk, c.pk])
    assert ids({"kbli": "10110"}) == []
    assert ids({"sentra": sentra.pk}) == [a.pk]


def test_sentra_list_counts_verified_members_and_hides_inactive_sentra(api, make_ikm, sentra, village_jateng):
    for status in ("verified", "verified", "draft"):
        SentraMember.objects.create(sentra=sentra, ikm=make_ikm(status=status))
    Sentra.objects.create(
        name="Sentra Tutup",
        village=village_jateng,
        province_id="33",
        regency_id=village_jateng.code[:5],
        commodity="gerabah",
        kbli_id="13134",
        is_active=False,
    )
    body = api.get("/api/registry/sentra").json()
    assert [(s["name"], s["members_count"]) for s in body["items"]] == [("Sentra Batik Uji", 2)]
    detail = api.get(f"/api/registry/sentra/{sentra.pk}").json()
    assert detail["supervising_agency"] == "Disperindag Jepara" and detail["members_count"] == 2
    assert api.get("/api/registry/sentra", {"q": "gerabah"}).json()["count"] == 0


# --------------------------------------------------------------------------- reads: query counts


@pytest.mark.parametrize("page_size", [2, 10])
def test_public_ikm_list_query_count_does_not_grow_with_page_size(
    api, make_ikm, django_assert_num_queries, page_size
):
    for _ in range(12):
        make_ikm()
    with django_assert_num_queries(2):  # COUNT + page with kbli/regions joined
        body = api.get(f"/api/registry/ikm?page_size={page_size}").json()
    assert len(body["items"]) == page_size


@pytest.mark.parametrize("page_size", [2, 10])
def test_officer_ikm_list_query_count_does_not_grow_with_page_size(
    api, personas, bearer, make_ikm, django_assert_num_queries, page_size
):
    for _ in range(12):
        make_ikm(status=VerificationStatus.SUBMITTED)
    headers = bearer(personas.officer_jateng, fresh=True)
    with django_assert_num_queries(4):  # token + memberships + COUNT + page
        body = api.get(f"/api/registry/ikm?page_size={page_size}", headers=headers).json()
    assert len(body["items"]) == page_size


@pytest.mark.parametrize("page_size", [2, 10])
def test_sentra_list_query_count_does_not_grow_with_page_size(
    api, village_jateng, make_ikm, django_assert_num_queries, page_size
):
    for n in range(12):
        s = Sentra.objects.create(
            name=f"Sentra {n:02d}",
            village=village_jateng,
            province_id="33",
            regency_id=village_jateng.code[:5],
            commodity="batik",
            kbli_id="13134",
        )
        SentraMember.objects.create(sentra=s, ikm=make_ikm())
    with django_assert_num_queries(2):  # COUNT + page with members counted in SQL
        body = api.get(f"/api/registry/sentra?page_size={page_size}").json()
    assert len(body["items"]) == page_size and all(s["members_count"] == 1 for s in body["items"])


def test_public_ikm_detail_takes_a_fixed_number_of_queries(api, make_ikm, django_assert_num_queries):
    ikm = make_ikm()
    with django_assert_num_queries(2):  # profile with regions, kbli, sentra joined + certifications
        assert api.get(f"/api/registry/ikm/{ikm.pk}").status_code == 200


# --------------------------------------------------------------------------- writes


def post_json(api, url, payload, headers=None, method="post"):
    body = payload if isinstance(payload, bytes) else json.dumps(payload)
    return getattr(api, method)(url, body, content_type="application/json", headers=headers or {})


@pytest.fixture
def new_ikm_payload(village_jateng):
    return {
        "name": "Batik Tulis Sekar Jagad",
        "kbli": "13134",
        "workers": 7,
        "investment": 250_000_000,
        "village": village_jateng.code,
        "address": "Jl. Kenanga No. 3",
        "owner_name": "Sri Wahyuni",
        "phone": "0812 3456 7890",
        "licences": ["iumk"],
        "consumers": ["individuals"],
        "store_links": {"instagram": "https://instagram.com/sekarjagad"},
    }


def test_owner_registers_an_ikm_as_a_draft_they_own(api, personas, bearer, new_ikm_payload, village_jateng):
    response = post_json(api, "/api/registry/ikm", new_ikm_payload, bearer(personas.ikm_owner))
    assert response.status_code == 201, response.content
    body = response.json()
    ikm = Ikm.objects.get(pk=body["id"])
    assert ikm.owner == personas.ikm_owner and ikm.status == VerificationStatus.DRAFT
    assert ikm.province_id == "33" and ikm.regency_id == village_jateng.code[:5] and ikm.scale == "kecil"
    assert ikm.phone == "+6281234567890"
    assert body["status"] == "draft" and body["owner_name"] == "Sri Wahyuni"
    assert history(ikm).filter(action="registry.ikm.create").exists()


def test_writes_without_a_token_are_401_and_write_nothing(api, make_ikm, new_ikm_payload, make_product):
    ikm = make_ikm(status=VerificationStatus.SUBMITTED)
    product = make_product(ikm)
    before = Ikm.objects.count()
    for method, url in [
        ("post", "/api/registry/ikm"),
        ("patch", f"/api/registry/ikm/{ikm.pk}"),
        ("post", f"/api/registry/ikm/{ikm.pk}/submit"),
        ("post", f"/api/registry/ikm/{ikm.pk}/verify"),
        ("post", f"/api/registry/ikm/{ikm.pk}/reject"),
        ("post", "/api/catalog/products"),
        ("patch", f"/api/catalog/products/{product.pk}"),
        ("post", f"/api/catalog/products/{product.pk}/status"),
        ("post", f"/api/catalog/products/{product.pk}/images"),
    ]:
        response = post_json(api, url, new_ikm_payload, method=method)
        assert response.status_code == 401, (method, url, response.content)
    assert Ikm.objects.count() == before
    ikm.refresh_from_db()
    assert ikm.status == VerificationStatus.SUBMITTED


def test_wrong_types_are_422_naming_the_fields(api, personas, bearer, new_ikm_payload):
    before = Ikm.objects.count()
    payload = {**new_ikm_payload, "workers": "banyak", "has_trademark": "mungkin", "licences": "iumk"}
    response = post_json(api, "/api/registry/ikm", payload, bearer(personas.ikm_owner))
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"workers", "has_trademark", "licences"} <= fields
    assert Ikm.objects.count() == before


def test_missing_required_fields_are_422_naming_each(api, personas, bearer):
    response = post_json(api, "/api/registry/ikm", {"name": "Tanpa Data"}, bearer(personas.ikm_owner))
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert {"kbli", "workers", "investment", "village", "address", "owner_name"} <= set(errors)
    assert errors["village"] == "Wajib diisi."


def test_oversized_strings_are_422_naming_the_field_and_write_nothing(api, personas, bearer, new_ikm_payload):
    before = Ikm.objects.count()
    for field, limit in [("name", 200), ("address", 300), ("owner_name", 150), ("village", 13)]:
        payload = {**new_ikm_payload, field: "x" * (limit + 1)}
        response = post_json(api, "/api/registry/ikm", payload, bearer(personas.ikm_owner))
        assert response.status_code == 422
        errors = response.json()["errors"]
        assert [e["field"] for e in errors] == [field]
        assert str(limit) in errors[0]["message"]
    assert Ikm.objects.count() == before


def test_unknown_fields_are_refused(api, personas, bearer, new_ikm_payload):
    payload = {**new_ikm_payload, "status": "verified"}
    response = post_json(api, "/api/registry/ikm", payload, bearer(personas.ikm_owner))
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["status"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("village", "99.99.99.9999"), ("village", "33.20"), ("kbli", "99999"), ("kbli", "01111")],
)
def test_unknown_or_unfit_region_and_kbli_codes_are_422(api, personas, bearer, new_ikm_payload, field, value):
    before = Ikm.objects.count()
    response = post_json(
        api, "/api/registry/ikm", {**new_ikm_payload, field: value}, bearer(personas.ikm_owner)
    )
    assert response.status_code == 422, response.content
    assert field in {e["field"] for e in response.json()["errors"]}
    assert Ikm.objects.count() == before


def test_form_rules_apply_through_the_api(api, personas, bearer, new_ikm_payload):
    payload = {**new_ikm_payload, "npwp": "12.345.678.9-012.345", "marketing_reach": "export"}
    response = post_json(api, "/api/registry/ikm", payload, bearer(personas.ikm_owner))
    assert response.status_code == 422
    assert {"npwp", "has_export_experience"} <= {e["field"] for e in response.json()["errors"]}


def test_owner_updates_only_the_fields_sent_and_the_nik_is_kept(api, personas, bearer, make_ikm):
    ikm = make_ikm(owner=personas.ikm_owner, status=VerificationStatus.DRAFT, npwp="")
    response = post_json(
        api,
        f"/api/registry/ikm/{ikm.pk}",
        {"name": "Batik Baru", "workers": 25},
        bearer(personas.ikm_owner),
        "patch",
    )
    assert response.status_code == 200, response.content
    ikm.refresh_from_db()
    assert ikm.name == "Batik Baru" and ikm.workers == 25 and ikm.scale == "menengah"
    assert ikm.owner_nik == OWNER_NIK and ikm.address.startswith("Jl. Uji")
    assert response.json()["owner_nik_masked"] == OWNER_NIK_MASKED


def test_outsider_cannot_update_an_ikm(api, personas, bearer, make_ikm):
    ikm = make_ikm()
    response = post_json(
        api, f"/api/registry/ikm/{ikm.pk}", {"name": "Dibajak"}, bearer(personas.outsider), "patch"
    )
    assert response.status_code == 403
    ikm.refresh_from_db()
    assert ikm.name != "Dibajak"


def test_owner_submits_a_draft_once(api, personas, bearer, make_ikm):
    ikm = make_ikm(owner=personas.ikm_owner, status=VerificationStatus.DRAFT)
    headers = bearer(personas.ikm_owner)
    response = api.post(f"/api/registry/ikm/{ikm.pk}/submit", headers=headers)
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    again = api.post(f"/api/registry/ikm/{ikm.pk}/submit", headers=headers)
    assert again.status_code == 422 and again.json()["errors"][0]["field"] is None


def test_jatim_officer_cannot_verify_a_jateng_ikm(api, personas, bearer, make_ikm):
    ikm = make_ikm(status=VerificationStatus.SUBMITTED)
    response = api.post(f"/api/registry/ikm/{ikm.pk}/verify", headers=bearer(personas.officer_jatim))
    assert response.status_code == 403
    assert "Jawa Tengah" in response.json()["detail"]
    ikm.refresh_from_db()
    assert ikm.status == VerificationStatus.SUBMITTED and ikm.verified_by is None


def test_owner_cannot_verify_own_ikm(api, personas, bearer, make_ikm):
    ikm = make_ikm(owner=personas.ikm_owner, status=VerificationStatus.SUBMITTED)
    response = api.post(f"/api/registry/ikm/{ikm.pk}/verify", headers=bearer(personas.ikm_owner))
    assert response.status_code == 403
    ikm.refresh_from_db()
    assert ikm.status == VerificationStatus.SUBMITTED


def test_jateng_officer_verifies_a_submitted_jateng_ikm(api, personas, bearer, make_ikm):
    ikm = make_ikm(status=VerificationStatus.SUBMITTED)
    response = api.post(f"/api/registry/ikm/{ikm.pk}/verify", headers=bearer(personas.officer_jateng))
    assert response.status_code == 200, response.content
    ikm.refresh_from_db()
    assert ikm.status == VerificationStatus.VERIFIED and ikm.verified_by == personas.officer_jateng
    assert response.json()["verified_by_id"] == personas.officer_jateng.pk


def test_rejection_needs_a_reason_which_stays_private(api, personas, bearer, make_ikm):
    ikm = make_ikm(status=VerificationStatus.SUBMITTED)
    headers = bearer(personas.ministry_admin)
    empty = post_json(api, f"/api/registry/ikm/{ikm.pk}/reject", {"reason": "  "}, headers)
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "reason"
    missing = post_json(api, f"/api/registry/ikm/{ikm.pk}/reject", {}, headers)
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "reason"
    ok = post_json(
        api, f"/api/registry/ikm/{ikm.pk}/reject", {"reason": "Foto produk kurang jelas."}, headers
    )
    assert ok.status_code == 200 and ok.json()["rejection_reason"] == "Foto produk kurang jelas."
    ikm.refresh_from_db()
    assert ikm.status == VerificationStatus.REJECTED


def test_officer_registers_an_ikm_for_its_owner(api, personas, bearer, new_ikm_payload):
    payload = {**new_ikm_payload, "owner_username": personas.ikm_owner.username}
    response = post_json(api, "/api/registry/ikm", payload, bearer(personas.officer_jateng))
    assert response.status_code == 201, response.content
    assert Ikm.objects.get(pk=response.json()["id"]).owner == personas.ikm_owner


def test_registering_for_someone_else_needs_an_officer_of_that_province(
    api, personas, bearer, new_ikm_payload
):
    before = Ikm.objects.count()
    payload = {**new_ikm_payload, "owner_username": personas.buyer.username}
    assert post_json(api, "/api/registry/ikm", payload, bearer(personas.ikm_owner)).status_code == 403
    assert post_json(api, "/api/registry/ikm", payload, bearer(personas.officer_jatim)).status_code == 403
    unknown = post_json(
        api, "/api/registry/ikm", {**payload, "owner_username": "tidak.ada"}, bearer(personas.officer_jateng)
    )
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "owner_username"
    assert Ikm.objects.count() == before
