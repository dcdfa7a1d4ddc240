"""Fields encrypted at rest with Fernet (AES-128-CBC + HMAC), keys from SMARTIKM_FIELD_KEYS.

MultiFernet accepts several keys, newest first, so keys can be rotated without a migration. With no
key configured (development only; a system check refuses it in production) a key is derived from
SECRET_KEY.
"""

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...], secret_key: str) -> MultiFernet:
    if not keys:
        derived = base64.urlsafe_b64encode(hashlib.sha256(("field-key:" + secret_key).encode()).digest())
        return MultiFernet([Fernet(derived)])
    return MultiFernet([Fernet(k.encode()) for k in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS), settings.SECRET_KEY)


def encrypt(plain: str) -> str:
    return fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:  # a wrong or rotated-away key must be loud, not silent data loss
        raise ValueError("encrypted field cannot be decrypted with the configured keys") from exc


class EncryptedTextField(models.TextField):
    """A text column stored as a Fernet token; Python code sees the plain value.

    It cannot be filtered or searched by content (that is the point); `is_secret` keeps it out of
    the audit trail.
    """

    is_secret = True

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)


def secret_fields(model, prefix: str = "") -> list[str]:
    """Names of the model's encrypted columns, each behind `prefix` (a select_related path such as
    "producer__ikm__"), for `.defer()` on querysets that never show them. A list that does not load
    an encrypted column cannot fail on it: a process holding only a rotated-away key still serves
    every public list."""
    return [prefix + f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
