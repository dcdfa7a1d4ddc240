"""Granting and revoking roles (actions, roles page, admin), sign-up and e-mail confirmation, and the
generated docs/permissions.md."""

import re
from io import StringIO

import pytest
from django.contrib.admin import site
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from smartikm.accounts import actions
from smartikm.accounts.capabilities import Capability
from smartikm.accounts.choices import Role
from smartikm.accounts.matrix_doc import DOC_PATH, render
from smartikm.accounts.models import Membership, User
from smartikm.accounts.permissions import capabilities_of, has_capability
from smartikm.core.audit import history
from smartikm.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_committed_permissions_doc_is_the_rendered_matrix():
    assert DOC_PATH.read_text(encoding="utf-8") == render(), "run `smartikm permissions_doc` and commit"


def test_permissions_doc_command_writes_the_rendering(tmp_path):
    target = tmp_path / "permissions.md"
    call_command("permissions_doc", output=str(target), stdout=StringIO())
    assert target.read_text(encoding="utf-8") == render()


# --------------------------------------------------------------------------- grant and revoke


def test_granting_and_revoking_a_role_appear_in_the_audit_trail_with_actor_and_time(personas):
    admin = personas.ministry_admin
    membership = actions.grant_role(personas.outsider, personas.office_jatim, Role.OFFICER, actor=admin)
    assert has_capability(personas.outsider, Capability.VERIFY_OWN_PROVINCE)
    actions.revoke_role(membership, actor=admin)
    assert not Membership.objects.filter(user=personas.outsider).exists()
    assert not has_capability(personas.outsider, Capability.VERIFY_OWN_PROVINCE)
    grant, revoke = history(membership).order_by("id")
    assert (grant.action, revoke.action) == ("accounts.membership.grant", "accounts.membership.revoke")
    for entry in (grant, revoke):
        assert entry.actor == admin and entry.at is not None
    assert grant.after["username"] == "orang.luar" and grant.after["named_role"] == "provincial_officer"
    assert revoke.before["role"] == Role.OFFICER and revoke.after is None


@pytest.mark.parametrize(
    "who", ["curator", "analyst", "officer_jateng", "upt_officer", "ikm_owner", "buyer", "partner_system"]
)
def test_only_ministry_administrators_grant_or_revoke_and_refusals_change_nothing(personas, who):
    actor = getattr(personas, who)
    existing = Membership.objects.get(user=personas.officer_jateng)
    before = (Membership.objects.count(), AuditEntry.objects.count())
    with pytest.raises(PermissionDenied):
        actions.grant_role(actor, personas.ministry, Role.ADMIN, actor=actor)
    with pytest.raises(PermissionDenied):
        actions.revoke_role(existing, actor=actor)
    assert (Membership.objects.count(), AuditEntry.objects.count()) == before


def test_a_role_that_means_nothing_for_the_organisation_kind_is_refused_on_the_role_field(personas):
    with pytest.raises(ValidationError) as exc:
        actions.grant_role(personas.outsider, personas.buyer_org, Role.OFFICER, actor=personas.ministry_admin)
    assert "role" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        actions.grant_role(personas.curator, personas.ministry, Role.CURATOR, actor=personas.ministry_admin)
    assert "sudah memegang" in exc.value.message_dict["role"][0]
    assert not Membership.objects.filter(user=personas.outsider).exists()


# --------------------------------------------------------------------------- the roles page


def test_the_roles_page_is_for_ministry_administrators_only(personas):
    for user in (personas.curator, personas.analyst, personas.officer_jateng, personas.outsider):
        client = logged_in(user)
        assert client.get(reverse("accounts:roles")).status_code == 403
        membership = Membership.objects.get(user=personas.officer_jateng)
        assert client.post(reverse("accounts:revoke", args=[membership.pk])).status_code == 403
    assert Membership.objects.filter(user=personas.officer_jateng).exists()
    assert Client().get(reverse("accounts:roles")).status_code == 302  # to the login page


def test_a_ministry_administrator_searches_grants_and_revokes_on_the_roles_page(personas):
    client = logged_in(personas.ministry_admin)
    page = client.get(reverse("accounts:roles"), {"q": "petugas.jat"})
    body = page.content.decode()
    assert page.status_code == 200 and "petugas.jateng" in body and "petugas.jatim" in body
    assert "kurator" not in body.split("Daftar peran")[1]
    response = client.post(
        reverse("accounts:roles"),
        {"username": "orang.luar", "organisation": personas.upt.pk, "role": Role.OFFICER},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=personas.outsider)
    confirm = client.get(reverse("accounts:revoke", args=[membership.pk]))
    assert confirm.status_code == 200 and "orang.luar" in confirm.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()  # asking is not revoking
    assert client.post(reverse("accounts:revoke", args=[membership.pk])).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert [e.action for e in history(membership).order_by("id")] == [
        "accounts.membership.grant",
        "accounts.membership.revoke",
    ]


def test_the_roles_page_shows_precise_errors_and_survives_junk_pages(personas):
    client = logged_in(personas.ministry_admin)
    response = client.post(
        reverse("accounts:roles"),
        {"username": "tidak.ada", "organisation": personas.buyer_org.pk, "role": "x"},
    )
    assert response.status_code == 200
    assert {"username", "role"} <= set(response.context["form"].errors)
    response = client.post(
        reverse("accounts:roles"),
        {"username": "orang.luar", "organisation": personas.buyer_org.pk, "role": Role.OFFICER},
    )
    assert response.status_code == 200 and "role" in response.context["form"].errors
    assert not Membership.objects.filter(user=personas.outsider).exists()
    for junk in ("abc", "-1", "9" * 40):
        assert client.get(reverse("accounts:roles"), {"page": junk}).status_code == 200


def test_the_menu_links_the_roles_page_for_ministry_administrators_only(personas):
    url = reverse("accounts:roles")
    assert url == "/akun/peran/"
    assert url in logged_in(personas.ministry_admin).get("/").content.decode()
    assert url not in logged_in(personas.curator).get("/").content.decode()


# --------------------------------------------------------------------------- the admin


def test_the_admin_inline_is_read_only_and_the_membership_admin_grants_through_the_action(personas):
    user_admin = site._registry[User]
    request = RequestFactory().get("/admin/")
    request.user = personas.ministry_admin
    inline = user_admin.get_inline_instances(request, personas.curator)[0]
    assert not inline.has_add_permission(request, personas.curator)
    assert not inline.has_change_permission(request, personas.curator)
    assert not inline.has_delete_permission(request, personas.curator)
    client = logged_in(personas.ministry_admin)
    response = client.post(
        "/admin/accounts/membership/add/",
        {"user": personas.outsider.pk, "organisation": personas.office_jateng.pk, "role": Role.OFFICER},
    )
    assert response.status_code == 302, response.content
    membership = Membership.objects.get(user=personas.outsider)
    assert history(membership).get().action == "accounts.membership.grant"
    response = client.post(
        "/admin/accounts/membership/",
        {"action": "revoke_selected", "_selected_action": [membership.pk]},
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert history(membership).order_by("-id").first().action == "accounts.membership.revoke"


def test_the_admin_refuses_a_pair_that_means_nothing_on_the_form(personas):
    client = logged_in(personas.ministry_admin)
    response = client.post(
        "/admin/accounts/membership/add/",
        {"user": personas.outsider.pk, "organisation": personas.buyer_org.pk, "role": Role.OFFICER},
    )
    assert response.status_code == 200 and not Membership.objects.filter(user=personas.outsider).exists()


# --------------------------------------------------------------------------- sign-up and confirmation


def test_sign_up_then_confirm_is_audited_and_confirming_twice_changes_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:signup"),
            {
                "username": "pengrajin.baru",
                "first_name": "Wati",
                "email": "Wati@Contoh.id",
                "password1": "sandi-panjang-sekali-42",
                "password2": "sandi-panjang-sekali-42",
            },
        )
    assert response.status_code == 200
    user = User.objects.get(username="pengrajin.baru")
    assert not user.is_active and user.email == "wati@contoh.id" and len(mail.outbox) == 1
    # The token is read from the mail: it is signed with a timestamp, so one made again a second
    # later would differ.
    found = re.search(r"/konfirmasi/([^/\s]+)/", mail.outbox[0].body)
    assert found, mail.outbox[0].body
    token = found.group(1)
    assert client.get(reverse("accounts:confirm", args=[token])).status_code == 302
    user.refresh_from_db()
    assert user.is_active
    actions.confirm_email(token)
    assert [e.action for e in history(user).order_by("id")] == [
        "accounts.user.sign_up",
        "accounts.user.confirm_email",
    ]
    assert all("password" not in (e.after or {}) for e in history(user))
    assert capabilities_of(user) == set()


def test_a_bad_confirmation_token_is_a_precise_error_and_activates_nobody(client):
    with pytest.raises(ValidationError) as exc:
        actions.confirm_email("bukan-token")
    assert "token" in exc.value.message_dict
    assert client.get(reverse("accounts:confirm", args=["bukan-token"])).status_code == 400


def test_sign_up_refuses_an_address_already_in_use(personas):
    with pytest.raises(ValidationError) as exc:
        actions.sign_up(username="baru", email="KURATOR@contoh.id", password="sandi-panjang-sekali-42")
    assert "email" in exc.value.message_dict
    assert not User.objects.filter(username="baru").exists()
