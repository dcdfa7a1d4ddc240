"""Bearer-token throttling: a client that keeps sending invalid tokens is answered 429 with
Retry-After, counted in the database so that every web process sees the same count."""

import datetime
import secrets

import pytest
from django.test import RequestFactory
from django.utils import timezone

from smartikm.accounts.models import ApiToken
from smartikm.core.models import ThrottleCounter
from smartikm.core.throttle import client_ip

pytestmark = pytest.mark.django_db

PRODUCTS = "/api/catalog/products"


def random_bearer() -> dict[str, str]:
    return {"Authorization": f"Bearer sik_{secrets.token_urlsafe(32)}"}


@pytest.fixture
def low_limit(settings):
    settings.API_TOKEN_FAILURE_LIMIT = 20
    settings.API_TOKEN_FAILURE_WINDOW_S = 600


def test_fifty_random_tokens_from_one_client_end_in_429_with_retry_after(api, low_limit):
    statuses = [api.get(PRODUCTS, headers=random_bearer()).status_code for _ in range(50)]
    assert statuses[:19] == [401] * 19
    assert 429 in statuses and set(statuses[20:]) == {429}
    response = api.get(PRODUCTS, headers=random_bearer())
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 600
    body = response.json()
    assert "Coba lagi dalam" in body["detail"] and body["errors"] == []


def test_the_throttle_counts_per_client_address(api, low_limit):
    for _ in range(25):
        api.get(PRODUCTS, headers=random_bearer(), REMOTE_ADDR="203.0.113.7")
    assert api.get(PRODUCTS, headers=random_bearer(), REMOTE_ADDR="203.0.113.7").status_code == 429
    assert api.get(PRODUCTS, headers=random_bearer(), REMOTE_ADDR="198.51.100.9").status_code == 401


def test_a_valid_token_still_works_from_a_throttled_address(api, low_limit, personas, bearer):
    for _ in range(25):
        api.get(PRODUCTS, headers=random_bearer())
    assert api.get(PRODUCTS, headers=bearer(personas.ikm_owner)).status_code == 200


def test_requests_without_a_token_are_not_counted_and_public_reads_go_on(api, low_limit):
    for _ in range(25):
        api.get(PRODUCTS, headers=random_bearer())
    assert api.get(PRODUCTS).status_code == 200


def test_the_client_may_try_again_when_its_window_has_ended(api, low_limit):
    for _ in range(25):
        api.get(PRODUCTS, headers=random_bearer())
    assert api.get(PRODUCTS, headers=random_bearer()).status_code == 429
    ThrottleCounter.objects.update(window_start=timezone.now() - datetime.timedelta(seconds=601))
    assert api.get(PRODUCTS, headers=random_bearer()).status_code == 401


def test_a_revoked_token_counts_as_invalid(api, low_limit, personas, bearer):
    headers = bearer(personas.ikm_owner)
    ApiToken.objects.filter(user=personas.ikm_owner).update(revoked_at=timezone.now())
    statuses = {api.get(PRODUCTS, headers=headers).status_code for _ in range(25)}
    assert statuses == {401, 429}


def test_client_address_behind_trusted_proxies_is_the_one_the_nearest_proxy_saw(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.2")
    assert client_ip(request) == "10.0.0.1"
    settings.PROXY_COUNT = 1
    assert client_ip(request) == "198.51.100.2"  # "1.2.3.4" is the client's own, forgeable claim
    settings.PROXY_COUNT = 3
    assert client_ip(request) == "10.0.0.1"  # fewer hops than proxies: the header is not trusted
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="nonsense")) is None
