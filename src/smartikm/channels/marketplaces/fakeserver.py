"""Shared plumbing of the protocol-faithful fake marketplaces (one per folder, `fake.py`).

A fake is a real HTTP server on 127.0.0.1 with a random free port, so the adapters are tested
through the real client, the real signing and the real transport (core.http) — not through mocks.
This module gives every fake the same server loop, token store, token buckets and fault injection;
each channel's `fake.py` only implements the protocol (verification, routes, error shapes).

Faults are injected from Python (`fake.inject("drop", times=1)`) or over HTTP for a benchmark in
another process (`POST /__fake__/faults {"kind": "http_500", "probability": 0.05}`).
Kinds: `throttle` (the channel's real throttle answer), `http_500`, `http_503`, `timeout` (hold the
request longer than the client waits), `drop` (close the socket without answering), `malformed`
(200 with broken JSON), `slow` (answer correctly after `slow_delay_s`). `when="after"` applies a
fault after the request took effect — the case that makes a blind retry create a duplicate.
"""

from __future__ import annotations

import contextlib
import json
import random
import secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

FAULT_KINDS = ("throttle", "http_500", "http_503", "timeout", "drop", "malformed", "slow")


@dataclass
class FakeRequest:
    method: str
    path: str
    query: dict[str, str]  # first value of each parameter
    query_multi: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: bytes
    client_ip: str = "127.0.0.1"

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def is_multipart(self) -> bool:
        return self.content_type.startswith("multipart/form-data")

    def form(self) -> dict[str, str]:
        if not self.content_type.startswith("application/x-www-form-urlencoded"):
            return {}
        return {k: v[0] for k, v in parse_qs(self.body.decode(), keep_blank_values=True).items()}

    def multipart(self) -> tuple[dict[str, str], dict[str, bytes]]:
        """(text fields, file fields) of a multipart/form-data body."""
        if not self.is_multipart:
            return {}, {}
        raw = b"Content-Type: " + self.content_type.encode() + b"\r\n\r\n" + self.body
        message = BytesParser(policy=HTTP).parsebytes(raw)
        fields: dict[str, str] = {}
        files: dict[str, bytes] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            decoded = part.get_payload(decode=True)  # bytes for a leaf part, None for a nested multipart
            payload = decoded if isinstance(decoded, bytes) else b""
            if part.get_filename():
                files[str(name)] = payload
            else:
                fields[str(name)] = payload.decode()
        return fields, files

    def json(self) -> Any:
        return json.loads(self.body or b"null")


@dataclass
class FakeResponse:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, payload: Any, **headers: str) -> FakeResponse:
        return cls(status, json.dumps(payload).encode(), {"Content-Type": "application/json", **headers})

    @classmethod
    def redirect(cls, location: str) -> FakeResponse:
        return cls(302, b"", {"Location": location})


@dataclass
class _Fault:
    kind: str
    remaining: int | None  # None = until cleared
    path: str | None
    probability: float
    when: str


class TokenBucket:
    """Per-key bucket like the channels' per-(app, shop, API) limits. Real time, not the fake clock:
    throttling is about request rate, not about the timestamps being verified."""

    def __init__(self, rate: float, burst: float):
        self.rate, self.burst = rate, burst
        self._state: dict[tuple, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: tuple) -> bool:
        now = time.monotonic()
        with self._lock:
            tokens, last = self._state.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            allowed = tokens >= 1.0
            self._state[key] = (tokens - 1.0 if allowed else tokens, now)
            return allowed


@dataclass
class Grant:
    shop_id: str
    expires_at: float
    used: bool = False
    data: dict = field(default_factory=dict)


class TokenStore:
    """Authorization codes, access tokens and refresh tokens of one fake."""

    def __init__(self) -> None:
        self.codes: dict[str, Grant] = {}
        self.access: dict[str, Grant] = {}
        self.refresh: dict[str, Grant] = {}

    def new_code(self, shop_id: str, expires_at: float, **data: Any) -> str:
        code = secrets.token_hex(16)
        self.codes[code] = Grant(shop_id, expires_at, data=dict(data))
        return code

    def new_pair(self, shop_id: str, access_expires_at: float, refresh_expires_at: float, **data: Any):
        access, refresh = secrets.token_hex(16), secrets.token_hex(16)
        self.access[access] = Grant(shop_id, access_expires_at, data=dict(data))
        self.refresh[refresh] = Grant(shop_id, refresh_expires_at, data=dict(data))
        return access, refresh


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive like the real gateways, so pooled connections are exercised
    disable_nagle_algorithm = True  # headers and body go out in two writes; without this each costs ~40 ms
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - keep test output clean
        return

    def _serve(self) -> None:
        fake = self.server.fake
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        multi = parse_qs(parts.query, keep_blank_values=True)
        request = FakeRequest(
            method=self.command,
            path=parts.path,
            query={k: v[0] for k, v in multi.items()},
            query_multi=multi,
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
            client_ip=self.client_address[0],
        )
        response = fake.dispatch(request, self)
        if response is None:  # dropped connection: no bytes at all
            return
        try:
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            self.wfile.write(response.body)
        except OSError:  # the client gave up (timeout fault); nothing to do
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_DELETE = _serve

    def drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):  # the client may already be gone
            self.connection.shutdown(socket.SHUT_RDWR)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    fake: FakeServer


class FakeServer:
    """Base of each channel's fake. Subclasses implement `handle` and `throttle_response`."""

    channel = "fake"

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.time,
        qps: float = 1000.0,
        burst: float | None = None,
        slow_delay_s: float = 0.2,
        hang_s: float = 3.0,
        seed: int = 0,
    ):
        self.clock = clock
        self.bucket = TokenBucket(qps, burst if burst is not None else qps)
        self.slow_delay_s = slow_delay_s
        self.hang_s = hang_s
        self.tokens = TokenStore()
        self.lock = threading.RLock()  # one lock for all state: handlers run on many threads
        self.requests: list[FakeRequest] = []  # every request received, for assertions
        self._faults: list[_Fault] = []
        self._rng = random.Random(seed)
        self._ids = 0
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # ---- lifecycle
    def start(self) -> FakeServer:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.fake = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None, "fake not started"
        host, port = self._server.server_address[:2]
        assert isinstance(host, str)  # a TCP server's address; bytes only for Unix sockets
        return f"http://{host}:{port}"

    # ---- faults
    def inject(
        self,
        kind: str,
        *,
        times: int | None = 1,
        path: str | None = None,
        probability: float = 1.0,
        when: str = "before",
    ) -> None:
        if kind not in FAULT_KINDS or when not in ("before", "after"):
            raise ValueError(f"unknown fault {kind!r}/{when!r}")
        with self.lock:
            self._faults.append(_Fault(kind, times, path, probability, when))

    def clear_faults(self) -> None:
        with self.lock:
            self._faults.clear()

    def _take_fault(self, path: str, when: str) -> str | None:
        with self.lock:
            for fault in self._faults:
                if fault.when != when or (fault.path and fault.path not in path):
                    continue
                if fault.probability < 1.0 and self._rng.random() >= fault.probability:
                    continue
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                return fault.kind
        return None

    def _apply_fault(self, kind: str, request: FakeRequest, handler: _Handler, response: FakeResponse | None):
        if kind == "drop":
            handler.drop()
            return None
        if kind == "timeout":
            self._stopping.wait(self.hang_s)
            return response or self.handle(request)
        if kind == "slow":
            self._stopping.wait(self.slow_delay_s)
            return response or self.handle(request)
        if kind == "malformed":
            return FakeResponse(
                200, b'{"request_id": "broken", "response": {', {"Content-Type": "application/json"}
            )
        if kind == "throttle":
            return self.throttle_response(request)
        status = 500 if kind == "http_500" else 503
        return FakeResponse(
            status, b"<html><body>upstream error</body></html>", {"Content-Type": "text/html"}
        )

    # ---- dispatch
    def dispatch(self, request: FakeRequest, handler: _Handler) -> FakeResponse | None:
        if request.path.startswith("/__fake__/"):
            return self._control(request)
        with self.lock:
            self.requests.append(request)
        fault = self._take_fault(request.path, "before")
        if fault is not None and fault not in ("timeout", "slow"):
            return self._apply_fault(fault, request, handler, None)
        if fault is not None:  # slow/timeout: wait, then really handle it
            self._stopping.wait(self.slow_delay_s if fault == "slow" else self.hang_s)
        try:
            response = self.handle(request)
        except Exception as exc:  # noqa: BLE001 - a fake bug must show up as a 500, not a hang
            return FakeResponse.json(500, {"fake_error": repr(exc)})
        after = self._take_fault(request.path, "after")
        if after is not None:
            return self._apply_fault(after, request, handler, response)
        return response

    def _control(self, request: FakeRequest) -> FakeResponse:
        if request.path == "/__fake__/faults" and request.method == "POST":
            spec = request.json() or {}
            self.inject(
                spec["kind"],
                times=spec.get("times", 1),
                path=spec.get("path"),
                probability=float(spec.get("probability", 1.0)),
                when=spec.get("when", "before"),
            )
            return FakeResponse.json(200, {"ok": True})
        if request.path == "/__fake__/reset" and request.method == "POST":
            self.clear_faults()
            return FakeResponse.json(200, {"ok": True})
        if request.path == "/__fake__/stats":
            with self.lock:
                return FakeResponse.json(200, {"requests": len(self.requests)})
        return FakeResponse.json(404, {"error": "unknown control path"})

    def next_id(self, base: int = 1_000_000_000) -> str:
        with self.lock:
            self._ids += 1
            return str(base + self._ids)

    def new_request_id(self) -> str:
        return secrets.token_hex(12)

    # ---- subclass API
    def handle(self, request: FakeRequest) -> FakeResponse:
        raise NotImplementedError

    def throttle_response(self, request: FakeRequest) -> FakeResponse:
        raise NotImplementedError
