"""Login throttling (django-axes): five wrong passwords lock a username from that address, on the
site's login page and on the admin's, until the cool-off ends or a ministry administrator unlocks it."""

import datetime
import logging

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from smartikm.accounts import actions
from smartikm.core.audit import history

pytestmark = pytest.mark.django_db

SITE_LOGIN = "/akun/masuk/"
ADMIN_LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "rahasia-uji-123"  # the personas' password


def try_login(client, path, username, password, **extra):
    return client.post(path, {"username": username, "password": password}, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def lock_out(client, path, username):
    return [try_login(client, path, username, "salah-sekali").status_code for _ in range(5)]


@pytest.mark.parametrize("path", [SITE_LOGIN, ADMIN_LOGIN])
def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(client, personas, path):
    statuses = lock_out(client, path, personas.ministry_admin.username)
    assert statuses == [200, 200, 200, 200, 429]
    response = try_login(client, path, personas.ministry_admin.username, PASSWORD)
    assert response.status_code == 429 and not signed_in(client)
    page = response.content.decode()
    assert "Terlalu banyak percobaan masuk" in page and "Coba lagi dalam 15 menit" in page
    assert 14 * 60 <= int(response["Retry-After"]) <= 15 * 60


def test_the_lockout_is_logged_with_username_and_address(client, personas, caplog):
    with caplog.at_level(logging.WARNING, logger="smartikm.accounts.lockout"):
        lock_out(client, SITE_LOGIN, personas.ikm_owner.username)
    assert "Login locked out" in caplog.text and "pemilik.ikm" in caplog.text and "127.0.0.1" in caplog.text


def test_the_lock_is_per_username_and_address(client, personas):
    lock_out(client, SITE_LOGIN, personas.ikm_owner.username)
    other_address = Client(REMOTE_ADDR="198.51.100.20")
    assert try_login(other_address, SITE_LOGIN, personas.ikm_owner.username, PASSWORD).status_code == 302
    assert try_login(client, SITE_LOGIN, personas.buyer.username, PASSWORD).status_code == 302


def test_fewer_failures_then_a_success_start_the_count_again(client, personas):
    for _ in range(4):
        try_login(client, SITE_LOGIN, personas.ikm_owner.username, "salah")
    assert try_login(client, SITE_LOGIN, personas.ikm_owner.username, PASSWORD).status_code == 302
    client.logout()
    statuses = [
        try_login(client, SITE_LOGIN, personas.ikm_owner.username, "salah").status_code for _ in range(4)
    ]
    assert statuses == [200] * 4


def test_the_lock_ends_by_itself_after_the_cool_off(client, personas):
    lock_out(client, SITE_LOGIN, personas.ikm_owner.username)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert try_login(client, SITE_LOGIN, personas.ikm_owner.username, PASSWORD).status_code == 302


def test_a_ministry_administrator_unlocks_from_the_admin_and_it_is_audited(client, personas):
    lock_out(client, SITE_LOGIN, personas.ikm_owner.username)
    admin = Client()
    admin.force_login(personas.ministry_admin)
    response = admin.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock_login_selected", "_selected_action": [personas.ikm_owner.pk]},
    )
    assert response.status_code == 302
    assert history(personas.ikm_owner).filter(action="accounts.user.unlock_login").exists()
    assert try_login(client, SITE_LOGIN, personas.ikm_owner.username, PASSWORD).status_code == 302


def test_only_ministry_administrators_may_unlock(personas):
    with pytest.raises(PermissionDenied):
        actions.unlock_login(personas.ikm_owner, actor=personas.officer_jateng)
