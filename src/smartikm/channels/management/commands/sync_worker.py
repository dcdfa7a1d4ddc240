"""`smartikm sync_worker`: a loop that drains the sync queue with N threads (for production beside
db_worker, and for bench/sync.py). Several processes may run at once: claims and the rate limit
live in the database."""

import os
import signal
import socket
import threading
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from smartikm.channels.sync import Worker
from smartikm.core.http import HttpClient


class Command(BaseCommand):
    help = "Drain the marketplace sync queue (claims with leases; shared rate limits)."

    def add_arguments(self, parser):
        parser.add_argument("--threads", type=int, default=4)
        parser.add_argument("--batch", type=int, default=5)
        parser.add_argument("--idle-sleep", type=float, default=0.2)
        parser.add_argument("--exit-when-idle", type=float, default=0.0, help="stop after N idle seconds")
        parser.add_argument("--allow-private-host", action="append", default=[])
        parser.add_argument("--name", default="")
        parser.add_argument(
            "--backoff-base", type=float, default=None, help="seconds (CHANNEL_SYNC_BACKOFF_BASE_S)"
        )
        parser.add_argument("--lease", type=float, default=None, help="seconds (CHANNEL_SYNC_LEASE_S)")

    def handle(self, *args, **opts):
        from django.conf import settings

        if opts["backoff_base"] is not None:
            settings.CHANNEL_SYNC_BACKOFF_BASE_S = opts["backoff_base"]
        if opts["lease"] is not None:
            settings.CHANNEL_SYNC_LEASE_S = opts["lease"]
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        name = opts["name"] or f"{socket.gethostname()}:{os.getpid()}"
        http = HttpClient(allow_private_hosts=opts["allow_private_host"])
        last_work = [time.monotonic()]

        def loop(index: int) -> None:
            worker = Worker(f"{name}#{index}", http, batch=opts["batch"])
            try:
                while not stop.is_set():
                    if worker.run_once():
                        last_work[0] = time.monotonic()
                        continue
                    if opts["exit_when_idle"] and time.monotonic() - last_work[0] > opts["exit_when_idle"]:
                        stop.set()
                    stop.wait(opts["idle_sleep"])
            finally:
                connection.close()

        threads = [threading.Thread(target=loop, args=(i,), daemon=True) for i in range(opts["threads"])]
        for t in threads:
            t.start()
        try:
            while any(t.is_alive() for t in threads):
                for t in threads:
                    t.join(0.5)
        except KeyboardInterrupt:
            stop.set()
        close_old_connections()
        http.close()
