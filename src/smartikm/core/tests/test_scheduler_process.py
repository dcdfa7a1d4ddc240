"""`smartikm scheduler` as it runs: django-crontask's command on Django 6.1 starts with our jobs,
writes their rows, and stops cleanly on SIGTERM (what `smartikm serve` sends). No job time is
waited for. PostgreSQL only: the process needs the test database."""
# ruff: noqa: F811 - pytest fixtures imported from other modules are redefined as arguments

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key

from smartikm.core import schedule
from smartikm.core.models import ScheduledJob
from smartikm.core.testing import database_url, restore_database_after  # noqa: F401 - fixture

SMARTIKM = Path(sys.executable).parent / "smartikm"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_scheduler_process_announces_its_jobs_and_stops_cleanly_on_sigterm(
    restore_database_after, settings, tmp_path
):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SMARTIKM_"))},
        "DATABASE_URL": database_url(),
        "DJANGO_SECRET_KEY": get_random_secret_key(),
        "SMARTIKM_FIELD_KEYS": ",".join(settings.FIELD_ENCRYPTION_KEYS),
        "SMARTIKM_VAR_DIR": str(tmp_path / "var"),
    }
    log = tmp_path / "scheduler.log"
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603
            [str(SMARTIKM), "scheduler", "--instance", "test-scheduler"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while "Starting scheduler" not in log.read_text() and time.monotonic() < deadline:
            assert process.poll() is None, log.read_text()
            time.sleep(0.2)
        assert "5 pekerjaan terjadwal" in log.read_text()
        names = set(ScheduledJob.objects.filter(next_run_at__isnull=False).values_list("name", flat=True))
        assert names == {job.name for job in schedule.jobs()}
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0, log.read_text()
        assert "Shutting down scheduler" in log.read_text()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
