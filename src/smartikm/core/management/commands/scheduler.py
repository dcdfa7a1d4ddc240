"""`smartikm scheduler`: the one process that queues the periodic jobs of `settings.SCHEDULE`.

django-crontask runs it: APScheduler's blocking scheduler in this process, stopped cleanly by
SIGTERM, SIGINT or SIGHUP (and, with `CRONTASK = {"REDIS_URL": …}`, held to one process across
hosts by a Redis lock). Each job goes into crontask's scheduler with its cron trigger; at each time
this process queues `core.tasks.run_scheduled_job(name)` and notes it on the job's row, and a task
worker does the work. `smartikm serve` starts exactly one of these beside the web server and the
workers; see docs/decisions/0012-scheduler.md.
"""

import os
import socket

import crontask
from apscheduler.schedulers.base import BaseScheduler
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

from smartikm.core import schedule
from smartikm.core.tasks import run_scheduled_job

# A run queued up to this late (the process was busy or paused) still goes out; two late times of
# the same job become one run (coalesce).
MISFIRE_GRACE_S = 300


def enqueue(name: str, instance: str) -> None:
    """What the scheduler calls at each time of job `name` (in one of APScheduler's threads)."""
    try:
        run_scheduled_job.enqueue(name)
        schedule.note_enqueued(name, by=instance)
    finally:
        # This thread's connection goes back at once: between runs the scheduler holds none. (One
        # inside a transaction belongs to a caller, such as a test, and stays.)
        for connection in connections.all(initialized_only=True):
            if not connection.in_atomic_block:
                connection.close()


def register(scheduler: BaseScheduler, *, instance: str) -> list:
    """Add every job of settings.SCHEDULE to `scheduler`; returns APScheduler's jobs."""
    for job in schedule.jobs():
        scheduler.add_job(
            enqueue,
            trigger=job.trigger,
            args=(job.name, instance),
            id=job.name,
            name=job.name,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=MISFIRE_GRACE_S,
        )
    # crontask's scheduler does not hand back the jobs it adds; ask for them.
    return scheduler.get_jobs()


class Command(BaseCommand):
    help = "Jalankan penjadwal: mengantrekan pekerjaan berkala (settings.SCHEDULE) pada waktunya."

    def add_arguments(self, parser):
        parser.add_argument(
            "--instance",
            default=f"{socket.gethostname()}-{os.getpid()}-scheduler",
            help="Nama proses penjadwal ini, dicatat pada setiap pekerjaan yang diantrekannya.",
        )

    def handle(self, *args, instance, **options):
        rows = schedule.announce()
        connections.close_all()
        register(crontask.scheduler, instance=instance)
        self.stdout.write(f"smartikm scheduler {instance}: {len(rows)} pekerjaan terjadwal.")
        # Our jobs are registered above from settings, so crontask loads no tasks modules, and its
        # once-a-minute heartbeat task would only fill the task table.
        call_command(
            "crontask", no_task_loading=True, no_heartbeat=True, stdout=self.stdout, stderr=self.stderr
        )
