"""What every router of the REST API shares: bearer-token authentication, one JSON error shape, and
page-number pagination with a total count.

Error shape (every non-2xx answer of /api/):

    {"detail": "<pesan dalam Bahasa Indonesia>", "errors": [{"field": "name", "message": "..."}]}

`errors` is empty when no particular field is at fault; `field` is null for errors about the whole
request (a form's non-field errors).
"""

import datetime
import logging
import math
from typing import Annotated, Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer

from smartikm.core.pages import COUNT_AHEAD, capped_count
from smartikm.core.throttle import FailureWindow, client_ip

logger = logging.getLogger(__name__)

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
# Far beyond any real listing, small enough that page * page_size always fits a 64-bit OFFSET.
MAX_PAGE = 1_000_000
# last_used_at is written at most this often per token, so a busy client does not write on every call.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=5)


# --------------------------------------------------------------------------- authentication


def token_model():
    """The API token model, named in settings like AUTH_USER_MODEL (core sits below the accounts
    app that defines it). It provides the classmethod `find_active(raw_token)`, and its instances
    `may_write()` (False for a read-only token) and `may_use(area)` (the token covers the API area,
    the first path segment after /api/, e.g. "catalog")."""
    return apps.get_model(settings.API_TOKEN_MODEL)


# Methods that only read: every token may use them; the others need a token that may write.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def token_failures() -> FailureWindow:
    """Invalid bearer tokens counted per client address (settings.API_TOKEN_FAILURE_*)."""
    return FailureWindow(
        "api-token", limit=settings.API_TOKEN_FAILURE_LIMIT, window=settings.API_TOKEN_FAILURE_WINDOW_S
    )


def api_area(request: HttpRequest) -> str:
    """The API area a request is for: the path segment after /api/ ("catalog" in /api/catalog/...)."""
    parts = request.path.strip("/").split("/")
    return parts[1] if len(parts) > 1 else ""


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <raw token>`; the token is looked up by its SHA-256, revoked tokens and
    inactive users are refused. Sets `request.user` to the token's user.

    Invalid tokens are counted per client address; past the limit the client is answered 429 (with
    Retry-After) instead of 401 until its window ends. A right token is still accepted from such an
    address: guessing a 256-bit token is hopeless anyway, and a partner behind the same address as a
    misbehaving script keeps working (and valid requests cost no extra query).
    A read-only token, or one limited to other API areas, is refused with 403.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        token = token.strip()
        model = token_model()
        api_token = model.find_active(token) if token and len(token) <= 200 else None
        if api_token is None:
            failures = token_failures()
            client = client_ip(request) or "unknown"
            failures.fail(client)
            wait = failures.retry_after(client)
            if wait is not None:
                raise Throttled(wait)
            return None
        if not api_token.may_use(api_area(request)):
            raise ApiError(403, _("Token ini tidak berlaku untuk bagian API ini."))
        if request.method not in SAFE_METHODS and not api_token.may_write():
            raise ApiError(403, _("Token ini hanya untuk membaca; perubahan data memerlukan token tulis."))
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at > LAST_USED_RESOLUTION:
            model.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user


class OptionalTokenAuth(TokenAuth):
    """For public endpoints: without an Authorization header the caller is anonymous (and sees public
    fields only); a header that is present but wrong is still refused with 401, so a client with a
    broken token finds out instead of silently seeing less."""

    def __call__(self, request: HttpRequest) -> Any:
        if not request.headers.get(self.header):
            request.user = AnonymousUser()
            return request.user  # AnonymousUser is truthy: ninja lets the request through
        user = super().__call__(request)
        if not user:
            raise AuthenticationError()
        return user


token_auth = TokenAuth()
optional_auth = OptionalTokenAuth()


def current_user(request: HttpRequest):
    """The authenticated user of an API request, or AnonymousUser."""
    user = getattr(request, "auth", None)
    if user is None or isinstance(user, AnonymousUser):
        return AnonymousUser()
    return user


# --------------------------------------------------------------------------- errors


class ErrorItem(Schema):
    field: str | None = Field(None, description="Nama field yang bermasalah; null untuk seluruh permintaan.")
    message: str


class ErrorOut(Schema):
    """The one error shape of the API."""

    detail: str
    errors: list[ErrorItem] = []


class ApiError(HttpError):
    """An HttpError whose message is already user-facing (Indonesian)."""


class Throttled(ApiError):
    """429 with a Retry-After header (seconds)."""

    def __init__(self, retry_after: int):
        self.retry_after = max(1, int(retry_after))
        super().__init__(
            429,
            _("Terlalu banyak token yang tidak sah dari alamat ini. Coba lagi dalam %(n)d detik.")
            % {"n": self.retry_after},
        )


def error_body(detail: str, errors: list[dict] | None = None) -> dict:
    return {"detail": str(detail), "errors": errors or []}


# Indonesian messages for the pydantic error types the API's schemas can produce.
def _pydantic_message(err: dict) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    messages = {
        "missing": _("Wajib diisi."),
        "string_too_long": _("Paling banyak %(n)s karakter.") % {"n": ctx.get("max_length")},
        "string_too_short": _("Paling sedikit %(n)s karakter.") % {"n": ctx.get("min_length")},
        "string_type": _("Harus berupa teks."),
        "string_pattern_mismatch": _("Format tidak sesuai."),
        "int_parsing": _("Harus berupa bilangan bulat."),
        "int_type": _("Harus berupa bilangan bulat."),
        "int_from_float": _("Harus berupa bilangan bulat."),
        "bool_parsing": _("Harus berupa true atau false."),
        "bool_type": _("Harus berupa true atau false."),
        "date_parsing": _("Harus berupa tanggal (YYYY-MM-DD)."),
        "date_from_datetime_parsing": _("Harus berupa tanggal (YYYY-MM-DD)."),
        "date_type": _("Harus berupa tanggal (YYYY-MM-DD)."),
        "greater_than_equal": _("Paling kecil %(n)s.") % {"n": ctx.get("ge")},
        "greater_than": _("Harus lebih besar dari %(n)s.") % {"n": ctx.get("gt")},
        "less_than_equal": _("Paling besar %(n)s.") % {"n": ctx.get("le")},
        "less_than": _("Harus lebih kecil dari %(n)s.") % {"n": ctx.get("lt")},
        "enum": _("Pilihan tidak valid. Pilihan yang tersedia: %(choices)s.")
        % {"choices": ctx.get("expected")},
        "literal_error": _("Pilihan tidak valid. Pilihan yang tersedia: %(choices)s.")
        % {"choices": ctx.get("expected")},
        "list_type": _("Harus berupa daftar."),
        "dict_type": _("Harus berupa objek."),
        "model_type": _("Harus berupa objek JSON."),
        "model_attributes_type": _("Harus berupa objek JSON."),
        "too_long": _("Terlalu banyak isian (paling banyak %(n)s).") % {"n": ctx.get("max_length")},
        "extra_forbidden": _("Field ini tidak dikenal."),
        "value_error": _("Nilai tidak valid."),
        "nul_character": _("Tidak boleh mengandung karakter NUL."),
    }
    return messages.get(kind, _("Nilai tidak valid."))


_LOCATION_SOURCES = {"body", "query", "path", "form", "file", "header", "cookie"}
_SCHEMA_ARGUMENTS = {"payload", "data", "filters", "paging"}


def _field_name(loc: tuple | list) -> str | None:
    """('body', 'payload', 'name') -> 'name'; ('query', 'page') -> 'page'; ('body', 'payload') -> None."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in _LOCATION_SOURCES:
        parts.pop(0)
        # The name of the endpoint's schema argument is not a field the client knows about.
        if parts and parts[0] in _SCHEMA_ARGUMENTS:
            parts.pop(0)
    return ".".join(parts) or None


def _on_validation_error(request: HttpRequest, exc: NinjaValidationError, api) -> HttpResponse:
    errors = [{"field": _field_name(e.get("loc", ())), "message": _pydantic_message(e)} for e in exc.errors]
    if errors and errors[0]["field"] is None and exc.errors[0].get("type") in ("model_type", "dict_type"):
        detail = _("Isi permintaan harus berupa objek JSON.")
    else:
        detail = _("Data tidak valid. Periksa isian yang ditandai.")
    return api.create_response(request, error_body(detail, errors), status=422)


def _on_django_validation_error(request: HttpRequest, exc: DjangoValidationError, api) -> HttpResponse:
    errors: list[dict] = []
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            name = None if field == "__all__" else field
            errors.extend({"field": name, "message": str(m)} for m in messages)
    else:
        errors.extend({"field": None, "message": str(m)} for m in exc.messages)
    return api.create_response(
        request, error_body(_("Data tidak valid. Periksa isian yang ditandai."), errors), status=422
    )


def default_http_message(status: int) -> str:
    return {
        400: _("Isi permintaan tidak dapat dibaca: kirim JSON yang valid."),
        401: _("Autentikasi diperlukan: kirim header Authorization: Bearer <token> yang masih berlaku."),
        403: _("Anda tidak berwenang melakukan tindakan ini."),
        404: _("Data tidak ditemukan."),
        405: _("Metode HTTP ini tidak didukung."),
        409: _("Permintaan bertentangan dengan keadaan data saat ini."),
        413: _("Isi permintaan terlalu besar."),
        429: _("Terlalu banyak permintaan. Coba lagi nanti."),
    }.get(status, _("Permintaan tidak dapat diproses."))


def _on_http_error(request: HttpRequest, exc: HttpError, api) -> HttpResponse:
    if isinstance(exc.__cause__, NinjaValidationError):  # the body parsed, but SafeParser refused it
        return _on_validation_error(request, exc.__cause__, api)
    detail = exc.message if isinstance(exc, ApiError) else default_http_message(exc.status_code)
    response = api.create_response(request, error_body(detail), status=exc.status_code)
    if exc.status_code == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    if isinstance(exc, Throttled):
        response["Retry-After"] = str(exc.retry_after)
    return response


def _on_permission_denied(request: HttpRequest, exc: PermissionDenied, api) -> HttpResponse:
    detail = str(exc) if exc.args and str(exc) else default_http_message(403)
    return api.create_response(request, error_body(detail), status=403)


def _on_not_found(request: HttpRequest, exc: Http404, api) -> HttpResponse:
    return api.create_response(request, error_body(default_http_message(404)), status=404)


def _on_suspicious(request: HttpRequest, exc: SuspiciousOperation, api) -> HttpResponse:
    if isinstance(exc, RequestDataTooBig):
        return api.create_response(request, error_body(default_http_message(413)), status=413)
    return api.create_response(request, error_body(default_http_message(400)), status=400)


def _on_integrity_error(request: HttpRequest, exc: IntegrityError, api) -> HttpResponse:
    # A unique (or other) constraint refused the write: usually a parallel request made the same row
    # first. The caller's data is not wrong, it collides with data that now exists.
    logger.info("API integrity conflict on %s %s: %s", request.method, request.path, exc)
    return api.create_response(
        request,
        error_body(
            _(
                "Data yang sama sudah ada atau baru saja diubah oleh permintaan lain. "
                "Muat ulang dan coba lagi."
            )
        ),
        status=409,
    )


def _on_unexpected(request: HttpRequest, exc: Exception, api) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return api.create_response(
        request, error_body(_("Terjadi kesalahan pada server. Silakan coba lagi nanti.")), status=500
    )


def install_error_handlers(api) -> None:
    """Replace ninja's default handlers with ones answering in the shared shape, in Indonesian."""
    from functools import partial

    api.add_exception_handler(NinjaValidationError, partial(_on_validation_error, api=api))
    api.add_exception_handler(DjangoValidationError, partial(_on_django_validation_error, api=api))
    api.add_exception_handler(HttpError, partial(_on_http_error, api=api))
    api.add_exception_handler(PermissionDenied, partial(_on_permission_denied, api=api))
    api.add_exception_handler(Http404, partial(_on_not_found, api=api))
    api.add_exception_handler(SuspiciousOperation, partial(_on_suspicious, api=api))
    api.add_exception_handler(IntegrityError, partial(_on_integrity_error, api=api))
    api.add_exception_handler(Exception, partial(_on_unexpected, api=api))


# Response declarations for the OpenAPI document. `document_contract` below adds the error answers
# that every operation of a kind can give (401 and 429 wherever a token is read, ...).
READ_ERRORS = {404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}


# --------------------------------------------------------------------------- OpenAPI contract

IDEMPOTENCY_PARAMETER = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": (
        "Kunci unik dari klien (mis. UUID). Permintaan yang diulang dengan kunci dan isi yang sama "
        "mendapat jawaban pertama lagi; kunci yang sama dengan isi lain dijawab 409. Berlaku 24 jam, "
        "per pengguna."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"^[\x21-\x7e]+$"},
}

_ERROR_DESCRIPTIONS = {
    400: "Isi permintaan tidak dapat dibaca (JSON tidak valid).",
    401: "Token tidak ada, salah, atau dicabut.",
    403: "Tidak berwenang.",
    404: "Tidak ditemukan (atau tidak terlihat oleh pemanggil).",
    409: "Bertentangan dengan data yang ada (data ganda, Idempotency-Key dipakai untuk isi lain).",
    413: "Isi permintaan terlalu besar.",
    422: "Data tidak valid; `errors` menyebut field-nya.",
    429: "Terlalu banyak permintaan; lihat header Retry-After.",
}
_WRITE_METHODS = {"post", "put", "patch", "delete"}


def _error_codes(method: str, path: str, operation: dict) -> set[int]:
    """The error answers an operation can give, from what it takes and who may call it."""
    codes: set[int] = set()
    has_body = "requestBody" in operation
    if "{" in path:
        codes.add(404)
    if has_body or operation.get("parameters") or "{" in path:
        codes.add(422)
    if has_body:
        codes |= {400, 413}
    if operation.get("security"):
        codes |= {401, 403, 429}
    if method in _WRITE_METHODS:
        codes |= {403, 404, 409, 422}
    return codes


def document_contract(schema: dict) -> dict:
    """Complete ninja's OpenAPI document with what the API promises beyond each operation's own
    declarations: public reads take a token optionally (an empty security requirement), every
    operation lists the error answers it can give with the error schema, and POSTs with a JSON body
    accept the Idempotency-Key header."""
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.setdefault("ErrorOut", ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}"))
    for key, value in (
        ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}").get("$defs", {}).items()
    ):
        schemas.setdefault(key, value)
    schemes = components.get("securitySchemes", {})
    optional_name = OptionalTokenAuth.__name__
    required_name = TokenAuth.__name__
    if optional_name in schemes:
        schemes.setdefault(required_name, schemes[optional_name])
        del schemes[optional_name]
    error_ref = {"$ref": "#/components/schemas/ErrorOut"}
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            security = operation.get("security")
            if security and any(optional_name in item for item in security):
                operation["security"] = [{}, {required_name: []}]
            responses = operation["responses"]
            for code in sorted(_error_codes(method, path, operation)):
                if code not in responses and str(code) not in responses:
                    responses[code] = {
                        "description": _ERROR_DESCRIPTIONS[code],
                        "content": {"application/json": {"schema": error_ref}},
                    }
            if method == "post" and "application/json" in operation.get("requestBody", {}).get("content", {}):
                params = operation.setdefault("parameters", [])
                if not any(p.get("name") == IDEMPOTENCY_PARAMETER["name"] for p in params):
                    params.append(dict(IDEMPOTENCY_PARAMETER))
    return schema


class ContractApi(NinjaAPI):
    """NinjaAPI whose OpenAPI document states the whole contract (see `document_contract`)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return document_contract(schema)


# --------------------------------------------------------------------------- input parsing


def _nul_path(value: Any, path: tuple = ()) -> tuple | None:
    """Where a NUL character hides in parsed JSON (a key or a string), or None."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in str(key):
                return (*path, key)
            found = _nul_path(item, (*path, key))
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_path(item, (*path, index))
            if found is not None:
                return found
    return None


def _nul_error(source: str, path: tuple) -> NinjaValidationError:
    return NinjaValidationError([{"loc": (source, *path), "type": "nul_character", "msg": "NUL character"}])


class SafeParser(Parser):
    """ninja's JSON and query parsing, refusing NUL characters: PostgreSQL cannot store or even
    compare them, so without this check a stray %00 would end in a database error (a 500)."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        path = _nul_path(data)
        if path is not None:
            raise _nul_error("body", path)
        return data

    def parse_querydict(self, data, list_fields, request: HttpRequest) -> dict[str, Any]:
        result = super().parse_querydict(data, list_fields, request)
        path = _nul_path(result)
        if path is not None:
            raise _nul_error("form" if data is getattr(request, "POST", None) else "query", path)
        return result


# --------------------------------------------------------------------------- ranges

# Dates and months the API accepts: wide enough for any birth date, founding date or book month,
# narrow enough that date arithmetic on them (a month later, a year later) never overflows.
MIN_DATE = datetime.date(1900, 1, 1)
MAX_DATE = datetime.date(2099, 12, 31)
MONTH_PATTERN = r"^(19|20)\d{2}-(0[1-9]|1[0-2])$"
ApiDate = Annotated[
    datetime.date,
    Field(ge=MIN_DATE, le=MAX_DATE, description="Tanggal YYYY-MM-DD, 1900-01-01 s.d. 2099-12-31."),
]


# --------------------------------------------------------------------------- lookups

MAX_ID = 2**63 - 1  # a BIGINT primary key; larger numbers in a URL are simply not found


def object_or_404(queryset: QuerySet, pk: int):
    """`get_object_or_404` that answers 404 (not an overflow error) for ids no column can hold."""
    if not 0 < pk <= MAX_ID:
        raise Http404
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


# --------------------------------------------------------------------------- pagination


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Nomor halaman, mulai dari 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"Jumlah item per halaman (1–{MAX_PAGE_SIZE})."
    )


def paginate(queryset: QuerySet, paging: PageParams) -> dict[str, Any]:
    """One COUNT query plus one query for the page (and the queryset's prefetches).

    The COUNT stops COUNT_AHEAD rows past the start of the page (`count_capped` says so), so its cost
    does not grow with the table; the page itself is as cheap as the index serving its order."""
    start = (paging.page - 1) * paging.page_size
    count, capped = capped_count(queryset, start + COUNT_AHEAD)
    items = list(queryset[start : start + paging.page_size]) if start < count else []
    return {
        "count": count,
        "count_capped": capped,
        "page": paging.page,
        "page_size": paging.page_size,
        "pages": math.ceil(count / paging.page_size) if count else 0,
        "items": items,
    }


class Page[T](Schema):
    """One page of a list: the items and the total count over all pages."""

    count: int = Field(
        description=(
            f"Jumlah item yang cocok, di semua halaman — dihitung paling banyak {COUNT_AHEAD} item "
            "setelah awal halaman ini; bila `count_capped` benar, masih ada lebih banyak item "
            "(dan `pages` juga batas bawah)."
        )
    )
    count_capped: bool = Field(
        False,
        description=(
            f"Benar bila penghitungan berhenti pada batas ({COUNT_AHEAD} item setelah awal halaman): "
            "`count` dan `pages` lalu batas bawah. Minta halaman berikutnya untuk melanjutkan."
        ),
    )
    page: int
    page_size: int
    pages: int = Field(description="Jumlah halaman.")
    items: list[T]
