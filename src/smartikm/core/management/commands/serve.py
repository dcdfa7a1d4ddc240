"""`smartikm serve`: the web server (gunicorn, several processes), the task workers and the scheduler,
started and stopped together.

One command for `make run` and for a production host. The settings are checked first (with the
deployment checks in the production profile), so a bad value stops the start with its name. Exactly
one scheduler (`smartikm scheduler`) runs beside the web processes and workers, however many of those
there are; on a second host of the same site, start `serve --no-scheduler` (or SMARTIKM_SCHEDULER=0)
so that the site keeps one scheduler. Then:

- SIGTERM, SIGINT (Ctrl+C), SIGHUP or SIGQUIT: each child gets one SIGTERM (gunicorn finishes the
  requests in flight, a worker finishes its task); whatever still runs after the grace period is
  killed.
- A child that exits by itself stops the others, and `serve` exits with its code: the service
  manager (systemd, a container runtime) restarts the whole set.
- If `serve` itself is killed, Linux sends each child SIGTERM (parent-death signal): no orphans.
"""

import argparse
import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.checks import ERROR
from django.core.management.base import BaseCommand, CommandError

from smartikm.env import env_bool, env_int, env_str

PR_SET_PDEATHSIG = 1
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT)


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux for SIGTERM when the parent (this command) dies."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def child_commands(
    *, bind: str, processes: int, threads: int, workers: int, scheduler: bool
) -> list[tuple[str, list[str]]]:
    """(name, command line) of each process `serve` starts: the web server, `workers` task workers
    and, unless turned off, exactly one scheduler. Ids carry this process's pid, so a leftover
    process of this `serve` can be found by it."""
    host = socket.gethostname()
    commands = [
        (
            "web",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "python:smartikm.gunicorn_conf",
                "--bind",
                bind,
                "--workers",
                str(processes),
                "--threads",
                str(threads),
                "smartikm.wsgi:application",
            ],
        )
    ]
    for number in range(1, workers + 1):
        commands.append(
            (
                f"worker-{number}",
                [
                    sys.executable,
                    "-m",
                    "smartikm",
                    "db_worker",
                    "--queue-name",
                    "default",
                    "--no-reload",
                    "--worker-id",
                    f"{host}-{os.getpid()}-{number}",
                ],
            )
        )
    if scheduler:
        commands.append(
            (
                "scheduler",
                [
                    sys.executable,
                    "-m",
                    "smartikm",
                    "scheduler",
                    "--instance",
                    f"{host}-{os.getpid()}-scheduler",
                ],
            )
        )
    return commands


class Command(BaseCommand):
    help = (
        "Jalankan server web (gunicorn, beberapa proses), pekerja tugas dan penjadwal bersama-sama; "
        "menghentikan satu menghentikan semuanya."
    )
    requires_system_checks = []  # run below, with the deployment checks in production

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default=env_str("SMARTIKM_BIND", "127.0.0.1:8000"),
            help="Alamat HOST:PORT (bawaan SMARTIKM_BIND atau 127.0.0.1:8000).",
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=env_int("SMARTIKM_WEB_PROCESSES", 2, minimum=1),
            help="Jumlah proses web (bawaan SMARTIKM_WEB_PROCESSES atau 2).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=env_int("SMARTIKM_WEB_THREADS", 4, minimum=1),
            help="Utas per proses web (bawaan SMARTIKM_WEB_THREADS atau 4).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=env_int("SMARTIKM_TASK_WORKERS", 1, minimum=0),
            help="Jumlah pekerja tugas (bawaan SMARTIKM_TASK_WORKERS atau 1).",
        )
        parser.add_argument(
            "--scheduler",
            action=argparse.BooleanOptionalAction,
            default=env_bool("SMARTIKM_SCHEDULER", True),
            help="Jalankan penjadwal pekerjaan berkala (bawaan SMARTIKM_SCHEDULER atau ya); "
            "--no-scheduler pada host kedua dan seterusnya.",
        )
        parser.add_argument(
            "--stop-timeout",
            type=float,
            default=30.0,
            help="Detik menunggu proses berhenti dengan rapi sebelum dimatikan paksa (bawaan 30).",
        )

    def handle(self, *args, bind, processes, threads, workers, scheduler, stop_timeout, **options):
        if processes < 1 or threads < 1 or workers < 0:
            raise CommandError("--processes dan --threads harus >= 1, --workers >= 0.")
        self.check(include_deployment_checks=settings.PRODUCTION, fail_level=ERROR)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "smartikm.settings"),
        }
        commands = child_commands(
            bind=bind, processes=processes, threads=threads, workers=workers, scheduler=scheduler
        )
        received: list[int] = []
        for signum in STOP_SIGNALS:
            signal.signal(signum, lambda signum, frame: received.append(signum))
        children: dict[str, subprocess.Popen] = {}
        for name, command in commands:
            # A process group of its own: a Ctrl+C in the terminal reaches only this command, which
            # then sends each child exactly one SIGTERM.
            children[name] = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                command,
                # The scheduler opens a connection for a moment at each scheduled time; a pool would
                # keep connections open for nothing in between.
                env={**env, "SMARTIKM_DB_POOL_SIZE": "0"} if name == "scheduler" else env,
                process_group=0,
                preexec_fn=_die_with_parent,
            )
        self.stdout.write(
            f"smartikm serve: web {bind} ({processes} proses x {threads} utas), {workers} pekerja tugas, "
            f"{'1 penjadwal' if scheduler else 'tanpa penjadwal'} (pid {os.getpid()})."
        )
        exit_code = 0
        while not received:
            ended = [(name, child.returncode) for name, child in children.items() if child.poll() is not None]
            if ended:
                name, exit_code = ended[0]
                self.stderr.write(
                    f"smartikm serve: {name} berhenti (kode {exit_code}); menghentikan yang lain."
                )
                exit_code = exit_code or 1
                break
            time.sleep(0.2)
        else:
            self.stdout.write(f"smartikm serve: {signal.Signals(received[0]).name} diterima; berhenti.")
        self._stop(children, stop_timeout)
        if exit_code:
            sys.exit(exit_code)

    def _stop(self, children: dict[str, subprocess.Popen], timeout: float) -> None:
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for name, child in children.items():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.stderr.write(
                    f"smartikm serve: {name} tidak berhenti dalam {timeout:.0f} dtk; dimatikan."
                )
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.pid, signal.SIGKILL)  # its own group: gunicorn's processes too
                child.wait()
