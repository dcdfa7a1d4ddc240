"""Periodic work: the schedule as data, and the record of every run.

The schedule is `settings.SCHEDULE`, written in one place like `settings.HOOKS`: a job's name, the
dotted path of what it calls (a Django task or a plain function, from any app; nothing registers
itself at import time), a crontab line in the site's time zone (Asia/Jakarta), optional keyword
arguments and an Indonesian title for the page that lists the jobs:

    SCHEDULE = {
        "order-import": {
            "call": "smartikm.channels.actions.queue_order_imports",
            "cron": "*/5 * * * *",
            "title": _("Impor pesanan dari toko yang tersambung"),
        },
    }

One scheduler process (`smartikm scheduler`, started by `smartikm serve`) queues
`core.tasks.run_scheduled_job(name)` at each time; a task worker then calls `run(name)`, which

- claims the run: one conditional UPDATE of the job's row that succeeds only when the last start is
  at least half an interval old, so a second scheduler or a duplicated task message makes a
  "skipped" count, never a second run of the same scheduled time;
- calls the job and stores its result (a small JSON summary), duration and error, and the next run.

The jobs themselves are idempotent too (a reminder is stored before it is sent, an alert is rate
limited by the rows it leaves), so a run forced by hand does no harm either.
"""

from __future__ import annotations

import datetime
import json
import time
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F, Q
from django.tasks import Task
from django.utils import timezone
from django.utils.module_loading import import_string

from smartikm.core.choices import RUN_TRANSITIONS, RunStatus
from smartikm.core.models import ScheduledJob

ERROR_LIMIT = 2000  # characters of an error kept on the row


class UnknownJob(ImproperlyConfigured):
    """A job name that is not in settings.SCHEDULE."""


@dataclass(frozen=True)
class Job:
    name: str
    call: str
    cron: str
    title: Any = ""
    kwargs: dict[str, Any] = field(default_factory=dict)

    @property
    def trigger(self) -> CronTrigger:
        return trigger_of(self.cron)

    def next_run(self, after: datetime.datetime) -> datetime.datetime:
        """The first scheduled time strictly after `after`."""
        return self.trigger.get_next_fire_time(None, after + datetime.timedelta(microseconds=1))

    def interval(self, now: datetime.datetime) -> datetime.timedelta:
        """The time between the next two scheduled runs after `now`."""
        first = self.next_run(now)
        return self.next_run(first) - first


def trigger_of(cron: str) -> CronTrigger:
    """APScheduler's trigger for a five-field crontab line, in the site's time zone.

    Days of the week must be written as names (mon … sun): APScheduler numbers them from Monday,
    crontab from Sunday, and a digit would silently mean another day (django-crontask refuses them
    for the same reason)."""
    fields = cron.split()
    if len(fields) != 5:
        raise ValueError(f"{cron!r}: a crontab line has five fields (minute hour day month weekday)")
    if any(ch.isdigit() for ch in fields[4]):
        raise ValueError(f"{cron!r}: write the day of the week as a name (mon, tue, …) or *")
    return CronTrigger.from_crontab(cron, timezone=timezone.get_default_timezone())


def parse_job(name: str, spec: dict[str, Any]) -> Job:
    unknown = set(spec) - {"call", "cron", "title", "kwargs"}
    if unknown or "call" not in spec or "cron" not in spec:
        raise ImproperlyConfigured(
            f"SCHEDULE[{name!r}] needs 'call' and 'cron' (and may have 'title', 'kwargs'); "
            f"unknown keys: {sorted(unknown)}"
        )
    trigger_of(spec["cron"])  # a bad line fails here, at start-up, not at its first run
    return Job(name, spec["call"], spec["cron"], spec.get("title", name), dict(spec.get("kwargs", {})))


def jobs() -> list[Job]:
    """Every job of settings.SCHEDULE, in the order written there."""
    return list(_jobs(tuple((name, _freeze(spec)) for name, spec in settings.SCHEDULE.items())))


def _freeze(spec: dict[str, Any]) -> str:
    # A hashable key for the cache that still sees settings changed by tests.
    return json.dumps(spec, sort_keys=True, default=str)


@cache
def _jobs(frozen: tuple[tuple[str, str], ...]) -> tuple[Job, ...]:
    return tuple(parse_job(name, settings.SCHEDULE[name]) for name, _spec in frozen)


def job_named(name: str) -> Job:
    for job in jobs():
        if job.name == name:
            return job
    raise UnknownJob(f"unknown scheduled job {name!r}; known: {', '.join(j.name for j in jobs())}")


def callable_of(job: Job):
    target = import_string(job.call)
    if isinstance(target, Task):
        return lambda **kwargs: target.call(**kwargs)
    return target


def _row(job: Job) -> ScheduledJob:
    row, created = ScheduledJob.objects.get_or_create(
        name=job.name, defaults={"call": job.call, "cron": job.cron}
    )
    if not created and (row.call, row.cron) != (job.call, job.cron):
        ScheduledJob.objects.filter(pk=row.pk).update(call=job.call, cron=job.cron)
    return row


def announce(*, now: datetime.datetime | None = None) -> list[ScheduledJob]:
    """Make sure every job has its row, with its schedule and next run (the scheduler's start)."""
    now = now or timezone.now()
    rows = []
    for job in jobs():
        row = _row(job)
        ScheduledJob.objects.filter(pk=row.pk).update(next_run_at=job.next_run(now))
        rows.append(row)
    return rows


def note_enqueued(name: str, *, by: str, now: datetime.datetime | None = None) -> None:
    """The scheduler queued a run of `name`: remember when, by which scheduler, and the next time."""
    job = job_named(name)
    now = now or timezone.now()
    _row(job)
    ScheduledJob.objects.filter(name=name).update(
        last_enqueued_at=now, enqueued_by=by[:120], next_run_at=job.next_run(now)
    )


def _jsonable(value: Any) -> Any:
    try:
        return json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    except (TypeError, ValueError):
        return str(value)


def run(name: str, *, now: datetime.datetime | None = None) -> Any:
    """Run the job once for the scheduled time at hand and record it; see the module's docstring.

    Returns the job's result as JSON-safe values, or {"skipped": True} when another run already took
    this time. An exception is recorded on the row and raised again, so the task backend marks the
    task failed.
    """
    job = job_named(name)
    now = now or timezone.now()
    _row(job)
    claimable = [s for s, targets in RUN_TRANSITIONS.items() if RunStatus.RUNNING in targets]
    claimed = (
        ScheduledJob.objects.filter(name=name, last_status__in=claimable)
        .filter(Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - job.interval(now) / 2))
        .update(
            last_started_at=now,
            last_status=RunStatus.RUNNING,
            next_run_at=job.next_run(now),
            runs=F("runs") + 1,
        )
    )
    if not claimed:
        ScheduledJob.objects.filter(name=name).update(skipped=F("skipped") + 1)
        return {"skipped": True}
    # Only this run finishes the row: if it ran so long that the next time took the row over, the
    # newer run's record stands.
    mine = ScheduledJob.objects.filter(name=name, last_started_at=now, last_status=RunStatus.RUNNING)
    started = time.monotonic()
    try:
        result = callable_of(job)(**job.kwargs)
    except Exception as exc:
        elapsed = time.monotonic() - started
        mine.update(
            last_status=RunStatus.FAILED,
            last_finished_at=now + datetime.timedelta(seconds=elapsed),
            last_duration_ms=round(elapsed * 1000),
            last_error=f"{type(exc).__name__}: {exc}"[:ERROR_LIMIT],
            failures=F("failures") + 1,
        )
        raise
    elapsed = time.monotonic() - started
    result = _jsonable(result)
    mine.update(
        last_status=RunStatus.SUCCEEDED,
        last_finished_at=now + datetime.timedelta(seconds=elapsed),
        last_duration_ms=round(elapsed * 1000),
        last_result=result,
        last_error="",
    )
    return result


# What the page of scheduled jobs shows ---------------------------------------------------------

# A job whose stored next run is this far in the past was not queued on time: the scheduler process
# is probably not running.
LATE_AFTER = datetime.timedelta(minutes=10)


@dataclass(frozen=True)
class JobStatus:
    job: Job
    row: ScheduledJob | None
    next_run: datetime.datetime
    interval: datetime.timedelta
    late: bool


def overview(*, now: datetime.datetime | None = None) -> list[JobStatus]:
    """Every job of settings.SCHEDULE with its recorded last run (one query) and its next run."""
    now = now or timezone.now()
    rows = ScheduledJob.objects.in_bulk([job.name for job in jobs()], field_name="name")
    statuses = []
    for job in jobs():
        row = rows.get(job.name)
        stored = row.next_run_at if row else None
        late = stored is not None and stored < now - LATE_AFTER
        statuses.append(
            JobStatus(
                job=job,
                row=row,
                next_run=stored if stored and not late else job.next_run(now),
                interval=job.interval(now),
                late=late,
            )
        )
    return statuses
