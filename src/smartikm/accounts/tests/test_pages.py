"""Self-service accounts: sign up and confirm by e-mail, log in."""

import re

import pytest
from django.urls import reverse

from smartikm.accounts.models import User

pytestmark = pytest.mark.django_db


def test_sign_up_sends_a_confirmation_link_and_the_account_works_only_after_it(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:signup"),
            {
                "username": "rina",
                "email": "Rina@Contoh.id",
                "password1": "kata-sandi-panjang-7",
                "password2": "kata-sandi-panjang-7",
            },
        )
    assert response.status_code == 200 and "rina@contoh.id" in response.content.decode()
    user = User.objects.get(username="rina")
    assert not user.is_active
    refused = client.post(reverse("accounts:login"), {"username": "rina", "password": "kata-sandi-panjang-7"})
    assert refused.status_code == 200  # the form again: an unconfirmed account cannot sign in
    link = re.search(r"http://testserver(/akun/konfirmasi/\S+/)", mailoutbox[0].body).group(1)
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == reverse("registry:dashboard")
    user.refresh_from_db()
    assert user.is_active
    assert client.get(reverse("registry:dashboard")).status_code == 200


def test_a_tampered_confirmation_link_is_refused(client):
    assert client.get(reverse("accounts:confirm", args=["bukan-token"])).status_code == 400


def test_sign_up_refuses_an_address_already_in_use(client, personas):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "lain",
            "email": personas.ikm_owner.email.upper(),
            "password1": "kata-sandi-panjang-7",
            "password2": "kata-sandi-panjang-7",
        },
    )
    assert "sudah dipakai" in response.content.decode()


def test_login_page_is_the_login_url_and_logs_in(client, personas):
    response = client.get(reverse("registry:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    response = client.post(
        reverse("accounts:login"), {"username": "pemilik.ikm", "password": "rahasia-uji-123"}
    )
    assert response.status_code == 302
