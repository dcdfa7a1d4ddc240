"""API tokens: issued and revoked on the "Token API" pages by their owners and by ministry
administrators, audited; read-only tokens refused on writes; tokens limited to API areas."""

import re
from importlib import import_module

import pytest
from django.core.exceptions import PermissionDenied
from django.db.migrations import AddField
from django.test import Client
from django.urls import reverse

from smartikm.accounts import actions
from smartikm.accounts.choices import TokenScope
from smartikm.accounts.models import ApiToken, hash_token
from smartikm.core.audit import history

pytestmark = pytest.mark.django_db

PRODUCTS = "/api/catalog/products"


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def issued_raw(response) -> str:
    found = re.search(r'<code id="raw-token">(sik_[^<]+)</code>', response.content.decode())
    assert found, "the page shows the new token once"
    return found.group(1)


def test_an_owner_issues_a_token_on_the_page_sees_it_once_and_new_tokens_read_only(personas):
    client = signed_in(personas.buyer)
    assert client.get(reverse("accounts:tokens")).status_code == 200
    response = client.post(reverse("accounts:tokens"), {"name": "skrip stok", "scope": "read"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    raw = issued_raw(response)
    token = ApiToken.objects.get(user=personas.buyer)
    assert token.key_hash == hash_token(raw) and token.scope == TokenScope.READ and token.areas == []
    entry = history(token).get(action="accounts.api_token.issue")
    assert entry.actor == personas.buyer and "key_hash" not in entry.after
    assert raw not in client.get(reverse("accounts:tokens")).content.decode()  # never shown again
    assert ApiToken._meta.get_field("scope").default == TokenScope.READ


def test_a_read_only_token_reads_but_is_refused_on_writes_with_403_json(personas):
    _token, raw = actions.issue_token(personas.ikm_owner, name="baca", actor=personas.ikm_owner)
    api = Client()
    assert api.get(PRODUCTS, headers=bearer(raw)).status_code == 200
    for method in ("post", "put", "patch", "delete"):
        response = getattr(api, method)(PRODUCTS + ("" if method == "post" else "/1"), headers=bearer(raw))
        if response.status_code == 405:  # no such method on that path
            continue
        assert response.status_code == 403, method
        assert "hanya untuk membaca" in response.json()["detail"]
    _token, writer = actions.issue_token(
        personas.ikm_owner, name="tulis", scope=TokenScope.WRITE, actor=personas.ikm_owner
    )
    # Past authentication: the empty body is what is wrong now.
    assert api.post(PRODUCTS, {}, content_type="application/json", headers=bearer(writer)).status_code == 422


def test_a_token_limited_to_an_area_is_refused_elsewhere(personas):
    _token, raw = actions.issue_token(
        personas.buyer, name="registri", areas=["registry"], actor=personas.buyer
    )
    api = Client()
    assert api.get("/api/registry/ikm", headers=bearer(raw)).status_code == 200
    response = api.get(PRODUCTS, headers=bearer(raw))
    assert response.status_code == 403 and "bagian API" in response.json()["detail"]


def test_the_owner_revokes_a_token_on_the_page_and_it_stops_working(personas):
    token, raw = actions.issue_token(personas.buyer, name="lama", actor=personas.buyer)
    client = signed_in(personas.buyer)
    url = reverse("accounts:revoke_token", args=[token.pk])
    assert "lama" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert history(token).filter(action="accounts.api_token.revoke", actor=personas.buyer).exists()
    assert Client().get(PRODUCTS, headers=bearer(raw)).status_code == 401


def test_other_users_can_neither_see_nor_revoke_a_token(personas):
    token, _raw = actions.issue_token(personas.buyer, name="milik pembeli", actor=personas.buyer)
    other = signed_in(personas.ikm_owner)
    url = reverse("accounts:revoke_token", args=[token.pk])
    assert other.get(url).status_code == 404 and other.post(url).status_code == 404
    assert "milik pembeli" not in other.get(reverse("accounts:tokens")).content.decode()
    assert other.get(reverse("accounts:all_tokens")).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_ministry_administrator_lists_issues_for_others_and_revokes_any_token(personas):
    token, _raw = actions.issue_token(personas.buyer, name="milik pembeli", actor=personas.buyer)
    admin = signed_in(personas.ministry_admin)
    listing = admin.get(reverse("accounts:all_tokens") + "?q=pembeli")
    assert listing.status_code == 200 and "milik pembeli" in listing.content.decode()
    response = admin.post(
        reverse("accounts:all_tokens"),
        {"username": personas.partner_system.username, "name": "sistem mitra", "scope": "write"},
    )
    assert response.status_code == 200
    issued = ApiToken.objects.get(user=personas.partner_system)
    assert issued.scope == TokenScope.WRITE
    assert history(issued).get(action="accounts.api_token.issue").actor == personas.ministry_admin
    assert admin.post(reverse("accounts:revoke_token", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert history(token).filter(action="accounts.api_token.revoke", actor=personas.ministry_admin).exists()


def test_issuing_refuses_bad_input_on_its_field_and_writes_nothing(personas):
    client = signed_in(personas.buyer)
    response = client.post(reverse("accounts:tokens"), {"name": "", "scope": "admin", "areas": ["rahasia"]})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="id_name_error"' in page and 'id="id_scope_error"' in page
    assert 'id="id_areas_error"' in page and not ApiToken.objects.filter(user=personas.buyer).exists()


def test_nobody_issues_a_token_for_somebody_else_without_the_capability(personas):
    with pytest.raises(PermissionDenied):
        actions.issue_token(personas.buyer, name="x", actor=personas.ikm_owner)
    with pytest.raises(PermissionDenied):
        actions.revoke_token(
            actions.issue_token(personas.buyer, name="y", actor=personas.buyer)[0], actor=personas.ikm_owner
        )


def test_revoking_from_the_admin_goes_through_the_audited_action(personas):
    token, _raw = actions.issue_token(personas.buyer, name="lewat admin", actor=personas.buyer)
    admin = signed_in(personas.ministry_admin)
    response = admin.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke_selected", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    assert history(token).filter(action="accounts.api_token.revoke").exists()


def test_tokens_from_before_scopes_keep_writing_after_the_migration():
    migration = import_module("smartikm.accounts.migrations.0003_api_token_scope").Migration
    added = next(op for op in migration.operations if isinstance(op, AddField) and op.name == "scope")
    assert added.field.default == TokenScope.WRITE  # the value every existing row gets
