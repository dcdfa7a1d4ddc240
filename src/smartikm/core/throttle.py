"""Counting failures per client across processes, and who the client is.

`client_ip(request)` is the one answer to "which address is this request from" (the login lockout and
the API token throttle both use it). `FailureWindow` counts failures per key in a fixed window in the
database (`ThrottleCounter`), so every web process sees the same count: once `limit` failures were
counted, the key is blocked until the window ends.
"""

import datetime
import ipaddress
import math

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from smartikm.core.models import ThrottleCounter

# Rows of keys not seen for this long are deleted (a few at a time) when a new key is counted.
SWEEP_AFTER = datetime.timedelta(days=1)
SWEEP_BATCH = 500


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or with settings.PROXY_COUNT trusted reverse proxies in front, the address the
    first of them appended to X-Forwarded-For (the entries further left are the client's own claims
    and can be forged). None when there is no valid address (a request made in code): it is stored
    in IP address columns, which accept no placeholder text."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = getattr(settings, "PROXY_COUNT", 0)
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            remote = hops[-proxies]
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return None


class FailureWindow:
    """At most `limit` failures per key in `window` seconds."""

    def __init__(self, scope: str, *, limit: int, window: int):
        self.scope = scope
        self.limit = limit
        self.window = datetime.timedelta(seconds=window)

    def _key(self, key: str) -> str:
        return f"{self.scope}:{key}"[:200]

    def retry_after(self, key: str) -> int | None:
        """Seconds until `key` may try again, or None when it is not blocked."""
        row = ThrottleCounter.objects.filter(key=self._key(key)).values("window_start", "count").first()
        if row is None or row["count"] < self.limit:
            return None
        remaining = (row["window_start"] + self.window - timezone.now()).total_seconds()
        return math.ceil(remaining) if remaining > 0 else None

    def fail(self, key: str) -> None:
        """Count one failure of `key`."""
        now = timezone.now()
        full_key = self._key(key)
        # One statement each: concurrent failures from several processes are all counted.
        updated = ThrottleCounter.objects.filter(key=full_key, window_start__gt=now - self.window).update(
            count=F("count") + 1
        )
        if updated:
            return
        restarted = ThrottleCounter.objects.filter(key=full_key).update(window_start=now, count=1)
        if restarted:
            return
        try:
            with transaction.atomic():
                ThrottleCounter.objects.create(key=full_key, window_start=now, count=1)
        except IntegrityError:  # another process created it a moment ago
            ThrottleCounter.objects.filter(key=full_key).update(count=F("count") + 1)
            return
        stale = ThrottleCounter.objects.filter(window_start__lt=now - SWEEP_AFTER).values_list(
            "pk", flat=True
        )
        ThrottleCounter.objects.filter(pk__in=list(stale[:SWEEP_BATCH])).delete()

    def reset(self, key: str) -> None:
        ThrottleCounter.objects.filter(key=self._key(key)).delete()
