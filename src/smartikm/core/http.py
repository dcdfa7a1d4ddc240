"""The project's single outbound HTTP seam (docs/architecture.md, rule 6).

Every call to another system goes through `HttpClient`, so hardening lives in one place:

- explicit timeouts (connect/read/write/pool) plus a total deadline per request, because httpx's
  read timeout is per chunk and a server trickling one byte a second would otherwise never time out;
- no redirects at all: the marketplace APIs never need one, and following a redirect is how an
  attacker-controlled URL reaches the metadata service or the admin on localhost;
- destinations that resolve to private, loopback, link-local or reserved addresses are refused,
  except hosts on an explicit allow-list (the tests' fakes on 127.0.0.1);
- a User-Agent that names us, so a marketplace can contact the operator;
- a bounded response size, read as a stream, so a hostile or broken server cannot fill memory;
- no automatic retries: retrying belongs to the persisted sync queue, which knows whether an
  operation is idempotent and keeps the attempt count visible to users.

Tests point adapters at a fake by giving the adapter the fake's base URL and a client built with
`allow_private_hosts={"127.0.0.1"}` (or the `SMARTIKM_HTTP_ALLOW_PRIVATE_HOSTS` setting).
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

USER_AGENT = "e-Smart-IKM/0.1 (+https://github.com/kemenperin/e-smart-ikm)"
DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=20.0, write=20.0, pool=5.0)
DEFAULT_TOTAL_TIMEOUT_S = 45.0
DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024


class HttpError(Exception):
    """Base of every failure raised by the seam (never a bare httpx exception)."""


class TransportFailure(HttpError):
    """No usable response: timeout, refused or dropped connection. `timeout` tells which."""

    def __init__(self, message: str, *, timeout: bool):
        super().__init__(message)
        self.timeout = timeout


class BlockedDestination(HttpError):
    """The URL resolves to an address we refuse to talk to (SSRF guard)."""


class ResponseTooLarge(HttpError):
    """The response body exceeded the configured bound."""


@dataclass(frozen=True)
class HttpResponse:
    """A fully read response; callers parse `content` themselves (strictly, with pydantic)."""

    status_code: int
    headers: httpx.Headers
    content: bytes
    url: str


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _configured_allow_list() -> frozenset[str]:
    # Settings are optional here: the seam must also work in scripts without Django configured.
    try:
        from django.conf import settings

        return frozenset(getattr(settings, "SMARTIKM_HTTP_ALLOW_PRIVATE_HOSTS", ()) or ())
    except Exception:  # noqa: BLE001 - ImproperlyConfigured outside Django
        return frozenset()


class _GuardedTransport(httpx.HTTPTransport):
    """Checks every destination before connecting.

    The check resolves the name itself, so a DNS answer that changes between our lookup and the
    connection (rebinding) is not fully excluded; the allow-list and no-redirect rule cover the
    practical cases (configured marketplace hosts, user-supplied store URLs).
    """

    def __init__(self, allow_private_hosts: frozenset[str], **kwargs: Any):
        super().__init__(**kwargs)
        self._allow = allow_private_hosts

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        if host not in self._allow:
            try:
                infos = socket.getaddrinfo(host, request.url.port or 443, type=socket.SOCK_STREAM)
            except socket.gaierror as exc:
                raise httpx.ConnectError(f"cannot resolve {host}: {exc}", request=request) from exc
            for info in infos:
                if not _is_public(str(info[4][0])):
                    raise BlockedDestination(f"{host} resolves to non-public address {info[4][0]}")
        return super().handle_request(request)


class HttpClient:
    """A hardened synchronous client. Thread-safe like httpx.Client; close it (or use `with`)."""

    def __init__(
        self,
        *,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        total_timeout_s: float = DEFAULT_TOTAL_TIMEOUT_S,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        allow_private_hosts: Iterable[str] = (),
    ):
        self.total_timeout_s = total_timeout_s
        self.max_response_bytes = max_response_bytes
        allow = frozenset(allow_private_hosts) | _configured_allow_list()
        self._client = httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT},
            # retries=0: a transport-level retry could send a non-idempotent POST twice.
            transport=_GuardedTransport(allow, retries=0),
            trust_env=False,  # a stray HTTP(S)_PROXY variable must not reroute marketplace traffic
        )

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        files: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
    ) -> HttpResponse:
        """Send one request and read the whole (bounded) body. Raises only `HttpError`s."""
        deadline = time.monotonic() + self.total_timeout_s
        try:
            with self._client.stream(
                method, url, params=params, content=content, headers=headers, files=files, data=data
            ) as response:
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.max_response_bytes:
                    raise ResponseTooLarge(f"response of {declared} bytes from {url}")
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_response_bytes:
                        raise ResponseTooLarge(f"response over {self.max_response_bytes} bytes from {url}")
                    if time.monotonic() > deadline:
                        raise TransportFailure(f"total deadline exceeded reading {url}", timeout=True)
                    chunks.append(chunk)
                return HttpResponse(
                    response.status_code, response.headers, b"".join(chunks), str(response.url)
                )
        except httpx.TimeoutException as exc:
            raise TransportFailure(f"timeout talking to {url}: {exc!r}", timeout=True) from exc
        except httpx.TransportError as exc:  # refused, reset, dropped mid-response, bad HTTP
            raise TransportFailure(f"connection failure talking to {url}: {exc!r}", timeout=False) from exc

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class HttpSeam(Protocol):
    """What an adapter needs of its HTTP client: an `HttpClient`, or a wrapper that sends through one
    (the sync worker's rate-limited client)."""

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        files: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
    ) -> HttpResponse: ...

    def close(self) -> None: ...


def build_client(**kwargs: Any) -> HttpClient:
    """The factory every adapter uses; keyword arguments as for `HttpClient`."""
    return HttpClient(**kwargs)
