"""Reusable reads of the hub: what an owner sees, and channel health for ministry staff."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from smartikm.accounts.choices import OrganisationKind
from smartikm.accounts.permissions import organisations_of
from smartikm.channels.choices import JobState
from smartikm.channels.models import Channel, Listing, RateBucket, ShopConnection, SyncJob


def producers_of(user) -> list:
    """The IKMs the user owns and the UPTs the user works for."""
    from smartikm.registry.models import Ikm

    return list(Ikm.objects.filter(owner=user).order_by("name")) + organisations_of(
        user, OrganisationKind.UPT
    )


def owned_by(qs: QuerySet, producers: list, prefix: str = "") -> QuerySet:
    from smartikm.registry.models import Ikm

    ikms = [p.pk for p in producers if isinstance(p, Ikm)]
    upts = [p.pk for p in producers if not isinstance(p, Ikm)]
    return qs.filter(Q(**{f"{prefix}ikm__in": ikms}) | Q(**{f"{prefix}upt__in": upts}))


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
        r = rows.get(channel.pk, {})
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
