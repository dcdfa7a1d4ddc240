"""A token bucket per (channel, shop) shared by every worker, kept in the database.

One row per bucket (`RateBucket`). Taking a token is ONE conditional UPDATE:

    tokens := min(burst, tokens + max(0, now - updated) * rate) - 1, updated := max(updated, now)
    WHERE key = ? AND min(burst, tokens + max(0, now - updated) * rate) >= 1

PostgreSQL re-evaluates the WHERE on the newest row version after waiting for a concurrent writer,
and SQLite serialises writers, so two workers can never spend the same token; no module global, no
lock held across the HTTP call. `max(updated, now)` keeps a worker whose clock reads slightly
behind from giving tokens back. A denied caller reads the row to sleep exactly until the next token.

Redis (docs/architecture.md, "Scale path") would replace this class behind the same `acquire()`; not built
here because the package is not installed on these machines (see the closing note of issue #4).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest, Least
from django.db.models.lookups import GreaterThanOrEqual

from smartikm.channels.models import RateBucket


def bucket_key(channel_code: str, shop_id: str) -> str:
    return f"{channel_code}:{shop_id}"


def ensure_bucket(key: str, rate: float, burst: float) -> None:
    """Create the row if missing, and follow the channel's configured rate if it changed."""
    updated = (
        RateBucket.objects.filter(key=key).exclude(rate=rate, burst=burst).update(rate=rate, burst=burst)
    )
    if updated or RateBucket.objects.filter(key=key).exists():
        return
    try:
        with transaction.atomic():
            RateBucket.objects.create(key=key, rate=rate, burst=burst, tokens=burst, updated=time.time())
    except IntegrityError:  # another worker created it first
        pass


def _refilled(now: float):
    elapsed = Greatest(Value(now) - F("updated"), Value(0.0))
    return Least(F("burst"), F("tokens") + elapsed * F("rate"))


def try_acquire(key: str, *, now: float | None = None) -> bool:
    """Take one token if there is one; never waits."""
    now = time.time() if now is None else now
    refilled = _refilled(now)
    return bool(
        RateBucket.objects.filter(GreaterThanOrEqual(refilled, Value(1.0)), key=key).update(
            tokens=refilled - Value(1.0),
            updated=Greatest(F("updated"), Value(now)),
            granted=F("granted") + 1,
        )
    )


def wait_time(key: str, *, now: float | None = None) -> float:
    """Seconds until the bucket holds one token (0 if it already does)."""
    now = time.time() if now is None else now
    row = RateBucket.objects.filter(key=key).values("tokens", "updated", "rate", "burst").first()
    if row is None:
        return 0.0
    tokens = min(row["burst"], row["tokens"] + max(0.0, now - row["updated"]) * row["rate"])
    return 0.0 if tokens >= 1 else (1.0 - tokens) / row["rate"]


def acquire(
    key: str,
    *,
    timeout_s: float = 30.0,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.time,
) -> bool:
    """Block until a token is taken (True) or `timeout_s` passes (False)."""
    deadline = clock() + timeout_s
    while True:
        if try_acquire(key, now=clock()):
            return True
        remaining = deadline - clock()
        if remaining <= 0:
            return False
        # A little above the exact wait, so a crowd of waiters does not wake on the same instant.
        sleep(min(remaining, max(0.002, wait_time(key, now=clock()) * 1.05)))


def penalise(key: str, *, now: float | None = None) -> None:
    """The channel throttled us despite the bucket (another app, a lower real limit): empty the
    bucket so every worker pauses for one token's time, and count it for the health page."""
    now = time.time() if now is None else now
    RateBucket.objects.filter(key=key).update(
        tokens=Least(F("tokens"), Value(0.0)),
        updated=Greatest(F("updated"), Value(now)),
        throttled=F("throttled") + 1,
    )
