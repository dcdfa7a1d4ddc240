"""Changes staff may make to reference rows: only switching them on or off (docs/architecture.md, rule 4)."""

from collections.abc import Iterable

from django.db import transaction

from smartikm.core.audit import record
from smartikm.reference.models import ReferenceRow, ScaleRule


def set_active(rows: Iterable[ReferenceRow | ScaleRule], active: bool, *, actor) -> int:
    """Enable or disable reference rows, one audit entry per row that actually changes.

    Rows are never deleted: records elsewhere keep pointing at a disabled region or KBLI code, and
    forms simply stop offering it. Returns the number of rows changed.
    """
    changed = 0
    with transaction.atomic():
        for row in rows:
            if row.is_active == active:
                continue
            row.is_active = active
            row.save(update_fields=["is_active"])
            record(
                "reference.enable" if active else "reference.disable",
                row,
                actor=actor,
                before={"is_active": not active},
                after={"is_active": active},
            )
            changed += 1
    return changed
