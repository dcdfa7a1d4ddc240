"""core.http: the single outbound seam refuses what it must and maps failures to its own errors."""

import httpx
import pytest

from smartikm.channels.marketplaces.fakeserver import FakeResponse, FakeServer
from smartikm.core.http import USER_AGENT, BlockedDestination, HttpClient, ResponseTooLarge, TransportFailure


class Echo(FakeServer):
    """A tiny server whose answers the tests choose."""

    answer = FakeResponse.json(200, {"ok": True})

    def handle(self, request):
        return self.answer

    def throttle_response(self, request):
        return FakeResponse.json(429, {})


@pytest.fixture
def echo():
    with Echo(hang_s=1.0) as server:
        yield server


def test_loopback_is_refused_unless_explicitly_allowed(echo):
    with HttpClient() as strict, pytest.raises(BlockedDestination):
        strict.request("GET", echo.url)
    with HttpClient(allow_private_hosts={"127.0.0.1"}) as allowed:
        assert allowed.request("GET", echo.url).status_code == 200


@pytest.mark.parametrize("host", ["10.0.0.8", "169.254.169.254", "192.168.1.1", "[::1]", "localhost"])
def test_private_and_metadata_addresses_are_refused(host):
    with HttpClient() as client, pytest.raises(BlockedDestination):
        client.request("GET", f"http://{host}/latest/meta-data/")


def test_redirects_are_never_followed(echo, http):
    echo.answer = FakeResponse.redirect("http://169.254.169.254/latest/meta-data/")
    response = http.request("GET", echo.url)
    assert response.status_code == 302 and len(echo.requests) == 1


def test_requests_carry_our_user_agent(echo, http):
    http.request("GET", echo.url)
    assert echo.requests[0].headers["user-agent"] == USER_AGENT


def test_oversized_response_is_refused(echo):
    echo.answer = FakeResponse(200, b"x" * 5000)
    client = HttpClient(max_response_bytes=1000, allow_private_hosts={"127.0.0.1"})
    with client, pytest.raises(ResponseTooLarge):
        client.request("GET", echo.url)


def test_timeout_and_dropped_connection_become_transport_failures(echo, http):
    echo.inject("timeout")
    with pytest.raises(TransportFailure) as slow:
        http.request("GET", echo.url)
    assert slow.value.timeout
    echo.inject("drop")
    with pytest.raises(TransportFailure) as dropped:
        http.request("GET", echo.url)
    assert not dropped.value.timeout


def test_a_post_is_sent_once_even_when_the_connection_drops(echo, http):
    echo.inject("drop", when="after")
    with pytest.raises(TransportFailure):
        http.request("POST", echo.url, content=b"{}")
    assert len(echo.requests) == 1  # no transport-level retry: retries belong to the sync queue


def test_faults_can_be_injected_over_the_control_api(echo, http):
    http.request("POST", echo.url + "/__fake__/faults", content=b'{"kind": "http_503", "times": 1}')
    assert http.request("GET", echo.url).status_code == 503
    assert http.request("GET", echo.url).status_code == 200


def test_settings_allow_list_also_opens_the_fakes(echo, settings):
    settings.SMARTIKM_HTTP_ALLOW_PRIVATE_HOSTS = ["127.0.0.1"]
    with HttpClient(timeout=httpx.Timeout(1.0)) as client:
        assert client.request("GET", echo.url).status_code == 200
