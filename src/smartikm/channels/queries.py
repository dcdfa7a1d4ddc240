"""Reusable reads of the hub: what an owner sees, and channel health for ministry staff."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from smartikm.channels.choices import JobState
from smartikm.channels.models import Channel, Listing, RateBucket, ShopConnection, SyncJob
from smartikm.producers.models import Producer
from smartikm.producers.permissions import producers_of as own_producers


def producers_of(user) -> list[Producer]:
    """The IKMs the user owns and the UPTs the user works for, as producers."""
    return own_producers(user)


def owned_by(qs: QuerySet, producers: list[Producer], prefix: str = "") -> QuerySet:
    return qs.filter(**{f"{prefix}producer__in": [p.pk for p in producers]})


def connections_of(producers: list) -> QuerySet[ShopConnection]:
    return owned_by(ShopConnection.objects.select_related("channel"), producers).exclude(shop_id="")


def listings_of(producers: list) -> QuerySet[Listing]:
    return owned_by(
        Listing.objects.select_related("product", "channel", "connection"), producers, "product__"
    ).order_by("product__name_id", "channel__name", "id")


def channel_health(hours: int = 24) -> list[dict]:
    """Per channel: jobs finished in the window, success rate, throttles, queue depth — counted by
    the database in two grouped queries."""
    since = timezone.now() - datetime.timedelta(hours=hours)
    rows = {
        r["channel"]: r
        for r in SyncJob.objects.values("channel").annotate(
            done=Count("id", filter=Q(state=JobState.DONE, finished_at__gte=since)),
            failed=Count("id", filter=Q(state=JobState.FAILED, finished_at__gte=since)),
            depth=Count("id", filter=Q(state__in=(JobState.QUEUED, JobState.RUNNING))),
            throttled=Sum("throttled", filter=Q(enqueued_at__gte=since)),
        )
    }
    buckets = {
        r["key"].split(":", 1)[0]: r["t"]
        for r in RateBucket.objects.values("key").annotate(t=Sum("throttled"))
    }
    health = []
    for channel in Channel.objects.order_by("state", "name"):
        r: Mapping[str, Any] = rows.get(channel.pk, {})  # the counts of one row of `rows`, or none
        done, failed = r.get("done", 0), r.get("failed", 0)
        health.append(
            {
                "channel": channel,
                "done": done,
                "failed": failed,
                "success_rate": round(100 * done / (done + failed), 1) if done + failed else None,
                "throttled": (r.get("throttled") or 0) + (buckets.get(channel.code) or 0),
                "depth": r.get("depth", 0),
            }
        )
    return health
