"""Scheduled work: the schedule as data, the scheduler process's registration and the record of each
run (core.schedule). Time is passed in, never waited for."""

import datetime
import json

import crontask
import pytest
from django.core.checks import run_checks
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from smartikm.channels.tokens import REFRESH_MARGIN_S
from smartikm.core import schedule
from smartikm.core.choices import RunStatus
from smartikm.core.management.commands import scheduler as scheduler_command
from smartikm.core.management.commands.serve import child_commands
from smartikm.core.models import ScheduledJob
from smartikm.core.tasks import run_scheduled_job

JAKARTA = datetime.timezone(datetime.timedelta(hours=7))
MONDAY_9 = datetime.datetime(2026, 12, 7, 9, 0, 30, tzinfo=JAKARTA)
CALLS: list[dict] = []


def sample_job(**kwargs):
    CALLS.append(kwargs)
    return {"queued": 3, "when": datetime.date(2026, 12, 7)}


def failing_job():
    raise RuntimeError("marketplace tidak menjawab")


@pytest.fixture
def sample_schedule(settings):
    CALLS.clear()
    settings.SCHEDULE = {
        "sample": {
            "call": "smartikm.core.tests.test_schedule.sample_job",
            "cron": "*/5 * * * *",
            "kwargs": {"limit": 7},
            "title": "Contoh",
        },
        "failing": {"call": "smartikm.core.tests.test_schedule.failing_job", "cron": "0 3 * * *"},
    }
    return settings.SCHEDULE


# --------------------------------------------------------------------------- the schedule


def test_the_schedule_has_the_five_jobs_of_the_platform_with_their_intervals():
    intervals = {job.name: job.interval(MONDAY_9) for job in schedule.jobs()}
    minutes = datetime.timedelta(minutes=1)
    assert intervals == {
        "order-import": 5 * minutes,
        "token-refresh": 10 * minutes,
        "listing-reconciliation": datetime.timedelta(days=1),
        "certificate-reminders": datetime.timedelta(days=1),
        "queue-health": 15 * minutes,
    }


def test_daily_jobs_run_at_quiet_hours_in_jakarta_time():
    times = {job.name: job.next_run(MONDAY_9) for job in schedule.jobs()}
    assert times["listing-reconciliation"] == datetime.datetime(2026, 12, 8, 2, 30, tzinfo=JAKARTA)
    assert times["certificate-reminders"] == datetime.datetime(2026, 12, 8, 7, 0, tzinfo=JAKARTA)
    assert times["order-import"] == datetime.datetime(2026, 12, 7, 9, 5, tzinfo=JAKARTA)


def test_every_job_calls_something_that_exists_in_its_own_app():
    calls = {job.name: job.call for job in schedule.jobs()}
    assert calls == {
        "order-import": "smartikm.channels.actions.queue_order_imports",
        "token-refresh": "smartikm.channels.tasks.refresh_expiring_tokens",
        "listing-reconciliation": "smartikm.channels.tasks.reconcile_listings",
        "certificate-reminders": "smartikm.registry.actions.send_certificate_expiry_reminders",
        "queue-health": "smartikm.channels.actions.alert_queue_health",
    }
    assert all(callable(schedule.callable_of(job)) for job in schedule.jobs())


def test_tokens_are_refreshed_before_they_expire_however_the_runs_fall():
    job = schedule.job_named("token-refresh")
    # A token must still have the worker's margin left at the run after the one that did not see it.
    assert job.kwargs["margin_s"] >= job.interval(MONDAY_9).total_seconds() + REFRESH_MARGIN_S


def test_a_bad_schedule_entry_is_a_system_check_error_naming_the_job(settings):
    settings.SCHEDULE = {
        "typo": {"call": "smartikm.core.tests.test_schedule.sample_job", "cron": "*/5 * * *"},
        "sunday-digit": {"call": "smartikm.core.tests.test_schedule.sample_job", "cron": "0 3 * * 0"},
        "missing": {"call": "smartikm.core.tests.test_schedule.no_such_job", "cron": "0 3 * * sun"},
    }
    errors = {(e.id, e.msg.split(":")[0]) for e in run_checks() if e.id in ("smartikm.E008", "smartikm.E009")}
    assert errors == {
        ("smartikm.E008", "SCHEDULE['typo']"),
        ("smartikm.E008", "SCHEDULE['sunday-digit']"),
        ("smartikm.E009", "SCHEDULE['missing']"),
    }


# --------------------------------------------------------------------------- the scheduler process


def test_the_scheduler_registers_every_job_with_its_cron_trigger_on_crontasks_scheduler():
    fresh = crontask.LazyBlockingScheduler()
    registered = scheduler_command.register(fresh, instance="host-1-scheduler")
    assert [j.id for j in fresh.get_jobs()] == [job.name for job in schedule.jobs()]
    for aps_job, job in zip(registered, schedule.jobs(), strict=True):
        assert aps_job.func is scheduler_command.enqueue
        assert aps_job.args == (job.name, "host-1-scheduler")
        first = aps_job.trigger.get_next_fire_time(None, MONDAY_9)
        assert aps_job.trigger.get_next_fire_time(None, first + datetime.timedelta(seconds=1)) - first == (
            job.interval(MONDAY_9)
        )
        assert aps_job.coalesce and aps_job.max_instances == 1


def test_serve_starts_exactly_one_scheduler_however_many_web_processes_and_workers():
    for processes, workers in ((1, 0), (4, 3)):
        names = [
            name
            for name, _cmd in child_commands(
                bind="127.0.0.1:0", processes=processes, threads=2, workers=workers, scheduler=True
            )
        ]
        assert names.count("scheduler") == 1
        assert len(names) == 1 + workers + 1
    commands = dict(child_commands(bind="127.0.0.1:0", processes=2, threads=2, workers=1, scheduler=True))
    assert commands["scheduler"][2:4] == ["smartikm", "scheduler"]
    without = child_commands(bind="127.0.0.1:0", processes=2, threads=2, workers=1, scheduler=False)
    assert "scheduler" not in dict(without)


@pytest.mark.django_db
def test_at_its_time_the_scheduler_queues_the_job_on_the_database_task_backend_and_notes_it():
    scheduler_command.enqueue("order-import", "host-1-scheduler")
    queued = DBTaskResult.objects.get(task_path="smartikm.core.tasks.run_scheduled_job")
    assert queued.args_kwargs == {"args": ["order-import"], "kwargs": {}}
    row = ScheduledJob.objects.get(name="order-import")
    assert row.enqueued_by == "host-1-scheduler" and row.last_enqueued_at is not None
    assert row.next_run_at > row.last_enqueued_at
    assert row.last_status == RunStatus.NEVER


@pytest.mark.django_db
def test_the_database_worker_runs_the_queued_job_and_its_run_is_recorded(sample_schedule):
    scheduler_command.enqueue("sample", "host-1-scheduler")
    # The worker's own step for one task (its loop would close this test's connection between tasks).
    worker = Worker(
        queue_names=["default"],
        interval=1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    worker.run_task(DBTaskResult.objects.get(task_path="smartikm.core.tasks.run_scheduled_job"))
    assert CALLS == [{"limit": 7}]
    row = ScheduledJob.objects.get(name="sample")
    assert row.last_status == RunStatus.SUCCEEDED
    assert row.last_result == {"queued": 3, "when": "2026-12-07"}
    result = DBTaskResult.objects.get(task_path="smartikm.core.tasks.run_scheduled_job")
    assert result.status == "SUCCESSFUL"


# --------------------------------------------------------------------------- recording runs


@pytest.mark.django_db
def test_a_run_records_start_result_duration_and_the_next_run(sample_schedule):
    result = schedule.run("sample", now=MONDAY_9)
    assert result == {"queued": 3, "when": "2026-12-07"}
    assert CALLS == [{"limit": 7}]
    row = ScheduledJob.objects.get(name="sample")
    assert row.last_status == RunStatus.SUCCEEDED
    assert row.last_started_at == MONDAY_9
    assert MONDAY_9 <= row.last_finished_at < MONDAY_9 + datetime.timedelta(seconds=10)
    assert row.last_duration_ms is not None and row.last_duration_ms >= 0
    assert row.last_result == {"queued": 3, "when": "2026-12-07"}
    assert row.next_run_at == datetime.datetime(2026, 12, 7, 9, 5, tzinfo=JAKARTA)
    assert (row.runs, row.failures, row.skipped, row.last_error) == (1, 0, 0, "")
    assert (row.call, row.cron) == ("smartikm.core.tests.test_schedule.sample_job", "*/5 * * * *")


@pytest.mark.django_db
def test_running_a_job_twice_for_the_same_time_runs_it_once_and_counts_the_duplicate(sample_schedule):
    schedule.run("sample", now=MONDAY_9)
    assert schedule.run("sample", now=MONDAY_9 + datetime.timedelta(seconds=40)) == {"skipped": True}
    row = ScheduledJob.objects.get(name="sample")
    assert len(CALLS) == 1 and (row.runs, row.skipped) == (1, 1)


@pytest.mark.django_db
def test_the_next_scheduled_time_runs_again(sample_schedule):
    schedule.run("sample", now=MONDAY_9)
    schedule.run("sample", now=MONDAY_9 + datetime.timedelta(minutes=5))
    row = ScheduledJob.objects.get(name="sample")
    assert len(CALLS) == 2 and (row.runs, row.skipped) == (2, 0)


@pytest.mark.django_db
def test_a_failing_job_is_recorded_with_its_error_and_the_task_fails_too(sample_schedule):
    with pytest.raises(RuntimeError):
        schedule.run("failing", now=MONDAY_9)
    row = ScheduledJob.objects.get(name="failing")
    assert row.last_status == RunStatus.FAILED
    assert row.last_error == "RuntimeError: marketplace tidak menjawab"
    assert (row.runs, row.failures) == (1, 1)
    assert row.next_run_at == datetime.datetime(2026, 12, 8, 3, 0, tzinfo=JAKARTA)


@pytest.mark.django_db
def test_a_run_left_running_by_a_dead_worker_is_taken_over_at_the_next_time(sample_schedule):
    ScheduledJob.objects.create(
        name="sample", last_status=RunStatus.RUNNING, last_started_at=MONDAY_9 - datetime.timedelta(minutes=5)
    )
    schedule.run("sample", now=MONDAY_9)
    assert ScheduledJob.objects.get(name="sample").last_status == RunStatus.SUCCEEDED


@pytest.mark.django_db
def test_the_task_the_scheduler_queues_runs_the_job_by_its_name(sample_schedule):
    assert run_scheduled_job.call("sample") == {"queued": 3, "when": "2026-12-07"}
    assert ScheduledJob.objects.get(name="sample").last_status == RunStatus.SUCCEEDED


@pytest.mark.django_db
def test_an_unknown_job_name_is_an_error():
    with pytest.raises(schedule.UnknownJob):
        schedule.run("no-such-job")


@pytest.mark.django_db
def test_the_scheduler_start_writes_every_jobs_row_with_its_next_run():
    rows = schedule.announce(now=MONDAY_9)
    assert [r.name for r in rows] == [job.name for job in schedule.jobs()]
    stored = dict(ScheduledJob.objects.values_list("name", "next_run_at"))
    assert stored["order-import"] == datetime.datetime(2026, 12, 7, 9, 5, tzinfo=JAKARTA)


@pytest.mark.django_db
def test_the_overview_flags_a_job_the_scheduler_did_not_queue_on_time(sample_schedule):
    schedule.run("sample", now=MONDAY_9)
    statuses = {s.job.name: s for s in schedule.overview(now=MONDAY_9 + datetime.timedelta(minutes=2))}
    assert not statuses["sample"].late
    assert statuses["sample"].next_run == datetime.datetime(2026, 12, 7, 9, 5, tzinfo=JAKARTA)
    assert statuses["failing"].row is None and not statuses["failing"].late
    later = {s.job.name: s for s in schedule.overview(now=MONDAY_9 + datetime.timedelta(hours=1))}
    assert later["sample"].late
    assert later["sample"].next_run == datetime.datetime(2026, 12, 7, 10, 5, tzinfo=JAKARTA)


def test_results_are_stored_as_json():
    assert json.dumps(schedule._jsonable({"d": datetime.date(2026, 1, 2), "n": 1})) == (
        '{"d": "2026-01-02", "n": 1}'
    )
    assert schedule._jsonable(object()).startswith("<object")
    assert timezone.is_aware(MONDAY_9)
