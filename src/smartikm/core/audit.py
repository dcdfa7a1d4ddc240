"""Writing the audit trail from actions (docs/architecture.md, rule 1).

`snapshot()` captures the fields of a model instance as JSON-safe values; `record()` writes one
entry. Encrypted or secret fields are never copied into the trail: they appear as "***".
"""

import datetime
import decimal
import uuid
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from smartikm.core.models import AuditEntry

SECRET_MARK = "***"  # noqa: S105 (a mask, not a password)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or None
    return value


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The instance's concrete field values, secrets masked."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if getattr(field, "is_secret", False):
            data[field.name] = SECRET_MARK if getattr(instance, field.attname) else None
            continue
        data[field.name] = _jsonable(getattr(instance, field.attname))
    return data


def changed(before: dict[str, Any] | None, after: dict[str, Any] | None) -> tuple[dict, dict]:
    """Only the keys whose values differ, so entries stay short and readable."""
    before = before or {}
    after = after or {}
    keys = [k for k in {*before, *after} if before.get(k) != after.get(k) and k != "updated_at"]
    return {k: before.get(k) for k in sorted(keys)}, {k: after.get(k) for k in sorted(keys)}


def record(
    action: str,
    obj: models.Model,
    *,
    actor=None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEntry:
    """Append one audit entry for `obj`. Call inside the action's transaction."""
    if before is not None and after is not None:
        before, after = changed(before, after)
    return AuditEntry.objects.create(
        actor=actor if (actor is not None and actor.is_authenticated) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=before,
        after=after,
        note=note,
    )


def history(obj: models.Model):
    """Entries about `obj`, newest first."""
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
