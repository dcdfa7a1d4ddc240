"""Weak passwords refused (Django's validators, in Indonesian); sign-up that survives a mail server
that is down, and the page that sends the confirmation again."""

import re
import socket

import pytest
from django.urls import reverse

from smartikm.accounts.models import User
from smartikm.core.audit import history

pytestmark = pytest.mark.django_db

GOOD = "kata-sandi-panjang-7"


def sign_up(client, username="rina", email="rina@contoh.id", password=GOOD):
    return client.post(
        reverse("accounts:signup"),
        {"username": username, "email": email, "password1": password, "password2": password},
    )


def test_sign_up_refuses_password_123_with_django_messages_in_indonesian(client):
    response = sign_up(client, password="123")
    page = response.content.decode()
    assert response.status_code == 200 and not User.objects.filter(username="rina").exists()
    assert "Kata sandi terlalu pendek" in page and "terlalu umum" in page


def test_password_change_refuses_123_and_accepts_a_strong_one(client, personas):
    client.force_login(personas.ikm_owner)
    url = reverse("accounts:password_change")
    response = client.post(
        url, {"old_password": "rahasia-uji-123", "new_password1": "123", "new_password2": "123"}
    )
    assert response.status_code == 200 and "Kata sandi terlalu pendek" in response.content.decode()
    personas.ikm_owner.refresh_from_db()
    assert personas.ikm_owner.check_password("rahasia-uji-123")
    response = client.post(
        url, {"old_password": "rahasia-uji-123", "new_password1": GOOD + "x", "new_password2": GOOD + "x"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_change_done")
    personas.ikm_owner.refresh_from_db()
    assert personas.ikm_owner.check_password(GOOD + "x")


def test_sign_up_with_the_mail_server_down_succeeds_and_the_confirmation_can_be_sent_again(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    saved = settings.MAILERS
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }
    # The mail task runs inline here (see the suite's conftest), so every attempt hits the dead server
    # during the request: still no error for the user.
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)
    assert response.status_code == 200 and "Periksa e-mail Anda" in response.content.decode()
    assert mailoutbox == []
    user = User.objects.get(username="rina")
    assert not user.is_active

    settings.MAILERS = saved  # the server is back
    page = client.get(reverse("accounts:resend_confirmation") + "?email=rina@contoh.id")
    assert page.status_code == 200 and "rina@contoh.id" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:resend_confirmation"), {"email": "RINA@contoh.id"})
    assert response.status_code == 200 and len(mailoutbox) == 1
    assert history(user).filter(action="accounts.user.resend_confirmation").exists()
    link = re.search(r"http://testserver(/akun/konfirmasi/\S+/)", mailoutbox[0].body).group(1)
    assert client.get(link).status_code == 302
    user.refresh_from_db()
    assert user.is_active


def test_resend_answers_the_same_for_unknown_and_confirmed_addresses_and_sends_nothing(
    client, personas, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("accounts:resend_confirmation")
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(url, {"email": "tidak-ada@contoh.id"})
        active = client.post(url, {"email": personas.ikm_owner.email})
    assert unknown.status_code == active.status_code == 200
    assert mailoutbox == []


def test_resend_sends_at_most_three_mails_an_hour_to_one_address(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
        for _ in range(5):
            client.post(reverse("accounts:resend_confirmation"), {"email": "rina@contoh.id"})
    assert len(mailoutbox) == 1 + 3


def test_resend_refuses_a_malformed_address_on_the_field(client):
    response = client.post(reverse("accounts:resend_confirmation"), {"email": "bukan alamat"})
    assert response.status_code == 200 and 'id="id_email_error"' in response.content.decode()
