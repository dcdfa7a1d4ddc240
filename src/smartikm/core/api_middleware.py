"""Two middlewares that hold the REST API's contract for answers its routers never see.

- `ApiErrorMiddleware`: every error answer under /api/ has the JSON error shape of
  `core.api_support`, also when Django answered before the API could (an unknown path, a path whose
  id is not a number, a method the path does not allow).
- `IdempotencyMiddleware`: a POST sent with an `Idempotency-Key` header runs once per user and key;
  a retry with the same body gets the first answer again (status and body), a retry with another body
  gets 409. The key row and the request's own writes commit together, so a client never sees an
  answer whose effect was lost, and parallel retries wait on the key's unique constraint instead of
  creating a second row.
"""

import datetime
import hashlib
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from smartikm.core.api_support import default_http_message, error_body, token_model
from smartikm.core.models import IdempotencyKey

API_PREFIX = "/api/"
IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
IDEMPOTENCY_TTL = datetime.timedelta(hours=24)
# Visible ASCII only, as most APIs with this header accept (UUIDs, ULIDs, client-made strings).
KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"
_KEY_RE = re.compile(KEY_PATTERN)
# A stored answer larger than this is not kept (and the request is answered normally, once).
MAX_STORED_BODY = 1024 * 1024


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def json_error(status: int, detail: str, errors: list[dict] | None = None) -> JsonResponse:
    return JsonResponse(error_body(detail, errors), status=status)


class ApiErrorMiddleware:
    """Rewrite non-JSON error answers under /api/ into the API's JSON error shape."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not is_api_request(request) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        status = response.status_code
        if status == 404:
            detail = _("Alamat API tidak ditemukan. Lihat /api/docs untuk daftar alamat yang tersedia.")
        elif status >= 500:
            detail = _("Terjadi kesalahan pada server. Silakan coba lagi nanti.")
        else:
            detail = default_http_message(status)
        replacement = json_error(status, detail)
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                replacement[header] = response[header]
        return replacement


def _bearer_user(request: HttpRequest):
    """The active user of the request's bearer token, or None (the API then answers 401 itself)."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, raw = header.partition(" ")
    raw = raw.strip()
    if scheme.lower() != "bearer" or not raw or len(raw) > 200:
        return None
    api_token = token_model().find_active(raw)
    return api_token.user if api_token is not None else None


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def request_fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    for part in (request.method or "", request.path_info, request.META.get("QUERY_STRING", "")):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    digest.update(request.body)
    return digest.hexdigest()


def _replay(row: IdempotencyKey, fingerprint: str) -> HttpResponse:
    if row.fingerprint != fingerprint:
        return json_error(
            409,
            _("Idempotency-Key ini sudah dipakai untuk permintaan lain. Gunakan kunci baru untuk data baru."),
            [
                {
                    "field": IDEMPOTENCY_HEADER,
                    "message": _("Kunci yang sama hanya boleh dikirim ulang dengan isi yang sama."),
                }
            ],
        )
    response = HttpResponse(bytes(row.body), status=row.status, content_type=row.content_type)
    response[REPLAYED_HEADER] = "true"
    return response


def run_once(user, key: str, fingerprint: str, call) -> HttpResponse:
    """Answer `call()` once per (user, key): store a 2xx answer with the key in the same transaction,
    replay it for an identical retry, refuse a retry with another body with 409. An error answer is
    not kept (its writes and the key are rolled back), so the client may retry with the same key."""
    for _attempt in range(3):
        now = timezone.now()
        with transaction.atomic():
            IdempotencyKey.objects.filter(user=user, key=key, expires_at__lte=now).delete()
            try:
                with transaction.atomic():
                    row = IdempotencyKey.objects.create(
                        user=user,
                        key=key,
                        fingerprint=fingerprint,
                        status=0,
                        content_type="",
                        body=b"",
                        expires_at=now + IDEMPOTENCY_TTL,
                    )
            except IntegrityError:
                # Another request with this key committed first (we waited for it on the constraint).
                stored = IdempotencyKey.objects.filter(user=user, key=key).first()
                if stored is None:  # ...and it failed and was rolled back: try to be the first
                    continue
                return _replay(stored, fingerprint)
            response = call()
            storable = (
                200 <= response.status_code < 300
                and not response.streaming
                and len(response.content) <= MAX_STORED_BODY
            )
            if storable:
                row.status = response.status_code
                row.content_type = response.get("Content-Type", "application/json")
                row.body = response.content
                row.save(update_fields=["status", "content_type", "body"])
            else:
                transaction.set_rollback(True)
            return response
    return json_error(409, default_http_message(409))


class IdempotencyMiddleware:
    """Honour `Idempotency-Key` on JSON POSTs under /api/ made with a valid bearer token."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(IDEMPOTENCY_HEADER)
        if key is None or request.method != "POST" or not is_api_request(request):
            return self.get_response(request)
        if not _KEY_RE.match(key):
            return json_error(
                422,
                _("Data tidak valid. Periksa isian yang ditandai."),
                [
                    {
                        "field": IDEMPOTENCY_HEADER,
                        "message": _("Kunci harus 1–255 karakter ASCII yang terlihat, tanpa spasi."),
                    }
                ],
            )
        # Multipart uploads are not covered: their bodies differ on every try (the boundary) and may
        # exceed the in-memory limit that reading the body for the fingerprint needs.
        if request.content_type == "multipart/form-data":
            return self.get_response(request)
        user = _bearer_user(request)
        if user is None:
            return self.get_response(request)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and _content_length(request) > limit:
            return json_error(413, default_http_message(413))
        return run_once(user, key, request_fingerprint(request), lambda: self.get_response(request))
