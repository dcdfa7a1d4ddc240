"""The persisted sync queue: enqueue, claim under a lease, retry, finish. Every change of a job's
state goes through `channels.transitions.move_jobs`, so JOB_TRANSITIONS (channels.choices) decides
which rows a claim, a completion, a retry, a failure or a cancellation may touch.

Semantics
- `enqueue()` makes one row per (listing, operation, listing version) — the idempotency key — and
  bumps the listing's version. A newer price/stock update cancels older queued ones of the same
  operation: they would send the same (current) value.
- `claim()` marks due jobs RUNNING with a lease and a claim token, attempts + 1. PostgreSQL selects
  with `FOR UPDATE SKIP LOCKED`; elsewhere (SQLite) each candidate is taken by a conditional UPDATE
  that only succeeds while the row is still due, so two workers never hold the same job. A RUNNING
  job whose lease ran out (its worker died) is due again.
- Finishing is conditional on the claim token: a worker that lost its lease cannot overwrite the
  outcome of the worker that took the job over.
- Retryable ChannelErrors go back to QUEUED with exponential backoff and jitter until
  `max_attempts`; everything else fails at once with the owner-facing Indonesian message.
Operations themselves live in sync.py.
"""

from __future__ import annotations

import datetime
import random
import secrets

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from smartikm.channels.choices import JobState, SyncOp
from smartikm.channels.models import Listing, SyncJob
from smartikm.channels.transitions import move_jobs, require_job_transition

COALESCED_OPS = (SyncOp.UPDATE_PRICE, SyncOp.UPDATE_STOCK)


def _setting(name: str, default):
    return getattr(settings, name, default)


def lease_seconds() -> float:
    return float(_setting("CHANNEL_SYNC_LEASE_S", 120))


def backoff_delay(attempts: int, *, base: float | None = None, cap: float | None = None, rng=random) -> float:
    """Seconds to wait before attempt `attempts + 1`: exponential, capped, "equal jitter" (half fixed,
    half random) so retries of many jobs throttled at once spread out instead of returning together."""
    base = float(_setting("CHANNEL_SYNC_BACKOFF_BASE_S", 5.0)) if base is None else base
    cap = float(_setting("CHANNEL_SYNC_BACKOFF_CAP_S", 1800.0)) if cap is None else cap
    ceiling = min(cap, base * (2 ** max(0, attempts - 1)))
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


def enqueue(listing: Listing, op: str, *, payload: dict | None = None, delay_s: float = 0.0) -> SyncJob:
    """Queue one operation for `listing`. Call inside the caller's transaction (an action)."""
    Listing.objects.filter(pk=listing.pk).update(version=F("version") + 1)
    listing.version = Listing.objects.values_list("version", flat=True).get(pk=listing.pk)
    if op in COALESCED_OPS:
        move_jobs(
            SyncJob.objects.filter(listing=listing, op=op, state=JobState.QUEUED),
            JobState.CANCELLED,
            finished_at=timezone.now(),
            last_error=_("Digantikan oleh perubahan yang lebih baru."),
        )
    job, _created = SyncJob.objects.get_or_create(
        idempotency_key=f"{listing.pk}:{op}:{listing.version}",
        defaults={
            "listing": listing,
            "channel_id": listing.channel_id,
            "op": op,
            "version": listing.version,
            "payload": payload or {},
            "not_before": timezone.now() + datetime.timedelta(seconds=delay_s),
            "max_attempts": int(_setting("CHANNEL_SYNC_MAX_ATTEMPTS", 8)),
        },
    )
    return job


def enqueue_many(listings: list[Listing], op: str) -> int:
    """`enqueue()` for many listings in a few statements (bulk price changes, the benchmark): one
    version bump per listing, superseded queued jobs cancelled, rows inserted in bulk. Call inside
    the caller's transaction."""
    ids = [x.pk for x in listings]
    Listing.objects.filter(pk__in=ids).update(version=F("version") + 1)
    versions = dict(Listing.objects.filter(pk__in=ids).values_list("pk", "version"))
    now = timezone.now()
    if op in COALESCED_OPS:
        move_jobs(
            SyncJob.objects.filter(listing_id__in=ids, op=op, state=JobState.QUEUED),
            JobState.CANCELLED,
            finished_at=now,
            last_error=_("Digantikan oleh perubahan yang lebih baru."),
        )
    max_attempts = int(_setting("CHANNEL_SYNC_MAX_ATTEMPTS", 8))
    jobs = SyncJob.objects.bulk_create(
        [
            SyncJob(
                listing_id=x.pk,
                channel_id=x.channel_id,
                op=op,
                version=versions[x.pk],
                idempotency_key=f"{x.pk}:{op}:{versions[x.pk]}",
                not_before=now,
                max_attempts=max_attempts,
            )
            for x in listings
        ],
        ignore_conflicts=True,
    )
    return len(jobs)


def _due(now: datetime.datetime) -> Q:
    return Q(state=JobState.QUEUED, not_before__lte=now) | Q(state=JobState.RUNNING, lease_until__lt=now)


def claim(worker: str, *, limit: int = 1, now: datetime.datetime | None = None) -> list[SyncJob]:
    """Take up to `limit` due jobs for `worker`; returns them with listing, product, shop loaded."""
    now = now or timezone.now()
    token = f"{worker}/{secrets.token_hex(4)}"
    taken = {
        "lease_until": now + datetime.timedelta(seconds=lease_seconds()),
        "claimed_by": token,
        "attempts": F("attempts") + 1,
    }
    order = ("not_before", "id")
    # Two narrow queries instead of one OR: each is an index range scan on (state, not_before) that
    # stops after `limit` rows; an OR would sort every queued row on each claim once backlogs grow.
    expired = Q(state=JobState.RUNNING, lease_until__lt=now)
    queued = Q(state=JobState.QUEUED, not_before__lte=now)
    ids: list[int] = []
    if connection.vendor == "postgresql":
        with transaction.atomic():
            for due in (expired, queued):
                ids += list(
                    SyncJob.objects.select_for_update(skip_locked=True)
                    .filter(due)
                    .order_by(*order)
                    .values_list("id", flat=True)[: limit - len(ids)]
                )
                if len(ids) >= limit:
                    break
            if ids:
                move_jobs(SyncJob.objects.filter(id__in=ids), JobState.RUNNING, **taken)
    else:
        for due in (expired, queued):
            candidates = SyncJob.objects.filter(due).order_by(*order).values_list("id", flat=True)
            for job_id in list(candidates[: limit * 4]):
                # The same "still due?" test in the UPDATE: whoever commits first wins, the other gets 0.
                if len(ids) < limit and move_jobs(
                    SyncJob.objects.filter(_due(now), pk=job_id), JobState.RUNNING, **taken
                ):
                    ids.append(job_id)
    if not ids:
        return []
    return list(
        SyncJob.objects.filter(id__in=ids, claimed_by=token)
        .select_related("channel", "listing__product", "listing__connection", "listing__channel")
        .order_by(*order)
    )


def claim_one(job_id: int, worker: str) -> SyncJob | None:
    """Claim a specific job (a Django task names the job it was enqueued for)."""
    now = timezone.now()
    token = f"{worker}/{secrets.token_hex(4)}"
    if not move_jobs(
        SyncJob.objects.filter(_due(now), pk=job_id),
        JobState.RUNNING,
        lease_until=now + datetime.timedelta(seconds=lease_seconds()),
        claimed_by=token,
        attempts=F("attempts") + 1,
    ):
        return None
    return (
        SyncJob.objects.select_related(
            "channel", "listing__product", "listing__connection", "listing__channel"
        )
        .filter(pk=job_id, claimed_by=token)
        .first()
    )


def _finish(job: SyncJob, to: str, **fields) -> bool:
    """Move a job this worker holds (running, under its claim token) to `to`. False when the lease
    was lost: another worker took the job over, or it was cancelled meanwhile."""
    require_job_transition(JobState.RUNNING, to)
    mine = SyncJob.objects.filter(pk=job.pk, claimed_by=job.claimed_by, state=JobState.RUNNING)
    return bool(move_jobs(mine, to, **fields))


def complete(job: SyncJob) -> bool:
    return _finish(job, JobState.DONE, finished_at=timezone.now(), lease_until=None)


def retry(
    job: SyncJob, *, user_message: str, detail: str, kind: str, delay_s: float, throttled: bool
) -> bool:
    return _finish(
        job,
        JobState.QUEUED,
        not_before=timezone.now() + datetime.timedelta(seconds=delay_s),
        lease_until=None,
        last_error=user_message,
        last_error_detail=detail[:2000],
        error_kind=kind,
        throttled=F("throttled") + (1 if throttled else 0),
    )


def release(job: SyncJob, *, delay_s: float) -> bool:
    """Give a job back without counting the attempt (waiting for a publish, no token in time)."""
    return _finish(
        job,
        JobState.QUEUED,
        not_before=timezone.now() + datetime.timedelta(seconds=delay_s),
        lease_until=None,
        attempts=F("attempts") - 1,
    )


def fail(job: SyncJob, *, user_message: str, detail: str, kind: str) -> bool:
    return _finish(
        job,
        JobState.FAILED,
        finished_at=timezone.now(),
        lease_until=None,
        last_error=user_message,
        last_error_detail=detail[:2000],
        error_kind=kind,
    )


def cancel(job: SyncJob, *, reason: str) -> bool:
    return _finish(job, JobState.CANCELLED, finished_at=timezone.now(), lease_until=None, last_error=reason)
