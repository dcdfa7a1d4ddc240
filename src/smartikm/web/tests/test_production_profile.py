"""The production profile as it runs: `smartikm serve` (gunicorn, 2 processes x 4 threads, 2 task
workers and the scheduler) with DEBUG off on PostgreSQL, behind what looks like a TLS proxy on this
machine.

One test, because it starts real processes: static files (hashed, compressed) and media are served,
HTTP is redirected to HTTPS, pages carry HSTS and the CSP, a missing page is the site's own 404; a
burst of 100 concurrent clients for 30 s on the loopback gives no error, and 30 s after it the
database has no more connections than before; `check --deploy` is clean; stopping `serve` stops
every process it started.

PostgreSQL only: the server processes need the test database, and SQLite's lives in this process.
"""
# ruff: noqa: F811 - pytest fixtures imported from other modules are redefined as arguments

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from django.core.files.base import ContentFile
from django.core.management.utils import get_random_secret_key
from django.db import connection

from smartikm.core.models import ScheduledJob
from smartikm.core.testing import database_url, restore_database_after  # noqa: F401 - fixture

ROOT = Path(__file__).resolve().parents[4]
SMARTIKM = Path(sys.executable).parent / "smartikm"
CLIENTS = 100
BURST_S = 30
SETTLE_S = 30
HTTPS = {"X-Forwarded-Proto": "https"}  # what the TLS proxy in front adds (trusted from 127.0.0.1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def db_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return cursor.fetchone()[0]


def wait_for(predicate, *, timeout: float, what: str, log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    pytest.fail(f"timed out after {timeout} s waiting for {what}\n{log.read_text()[-4000:] if log else ''}")


def our_processes(marker: str) -> list[str]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker in text and "pytest" not in text:
            found.append(text)
    return found


def burst(base: str, paths: list[str]) -> tuple[Counter, int]:
    """CLIENTS threads, each with its own keep-alive client, for BURST_S seconds."""
    results: Counter = Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + BURST_S

    def client(number: int) -> None:
        local: Counter = Counter()
        with httpx.Client(base_url=base, headers=HTTPS, timeout=20.0) as http:
            i = number
            while time.monotonic() < deadline:
                try:
                    status = http.get(paths[i % len(paths)]).status_code
                    local["ok" if status == 200 else f"HTTP {status}"] += 1
                except httpx.HTTPError as exc:
                    local[type(exc).__name__] += 1
                i += 1
        with lock:
            results.update(local)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=BURST_S + 30)
    return results, sum(results.values())


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_production_profile_serves_a_burst_without_errors_or_leftover_connections_and_passes_deploy_check(
    restore_database_after, public_data, settings, tmp_path
):
    cert = public_data.ikm.certifications.get()
    cert.file.save("halal.pdf", ContentFile(b"%PDF-1.4 sertifikat"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SMARTIKM_"))},
        "DATABASE_URL": database_url(),
        "SMARTIKM_PROFILE": "production",
        "DJANGO_SECRET_KEY": get_random_secret_key(),
        "SMARTIKM_FIELD_KEYS": ",".join(settings.FIELD_ENCRYPTION_KEYS),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SMARTIKM_VAR_DIR": str(tmp_path / "var"),
        "SMARTIKM_STATIC_ROOT": str(tmp_path / "static"),
        "SMARTIKM_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SMARTIKM_PRIVATE_ROOT": str(settings.PRIVATE_ROOT),
        "SMARTIKM_WEB_PROCESSES": "2",
        "SMARTIKM_WEB_THREADS": "4",
        "SMARTIKM_TASK_WORKERS": "2",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    run = {"env": env, "cwd": ROOT, "capture_output": True, "text": True, "timeout": 120}
    collected = subprocess.run([str(SMARTIKM), "collectstatic", "--noinput", "-v0"], **run)  # noqa: S603
    assert collected.returncode == 0, collected.stderr
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        serve = subprocess.Popen(  # noqa: S603
            [str(SMARTIKM), "serve", "--bind", f"127.0.0.1:{port}"],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        http = httpx.Client(base_url=base, headers=HTTPS, timeout=20.0)

        def home_answers():
            try:
                return http.get("/").status_code == 200
            except httpx.HTTPError:
                return serve.poll() is not None and pytest.fail(f"serve exited:\n{log.read_text()}")

        wait_for(home_answers, timeout=60, what="the server to answer", log=log)
        # Beside 2 web processes and 2 workers: exactly one scheduler, which has written its jobs.
        assert len(our_processes(f"-{serve.pid}-scheduler")) == 1
        wait_for(
            lambda: ScheduledJob.objects.filter(next_run_at__isnull=False).count() == len(settings.SCHEDULE),
            timeout=30,
            what="the scheduler to announce its jobs",
            log=log,
        )

        # HTTPS only: plain HTTP is redirected; pages carry HSTS and the CSP; DEBUG is off.
        plain = httpx.get(f"{base}/", follow_redirects=False)
        assert plain.status_code == 301 and plain.headers["location"].startswith("https://")
        home = http.get("/")
        assert "max-age=31536000" in home.headers["strict-transport-security"]
        assert "script-src 'self'" in home.headers["content-security-policy"]
        missing = http.get("/tidak-ada-halaman-ini/")
        assert missing.status_code == 404
        assert "Halaman tidak ditemukan" in missing.text and "URLconf" not in missing.text

        # Static files: hashed name, compressed, cached for good. Media: the product photo, safe.
        css = re.search(r"/static/web/site\.[0-9a-f]{12}\.css", home.text).group(0)
        static = http.get(css, headers={"Accept-Encoding": "gzip"})
        assert static.status_code == 200 and static.headers["content-encoding"] == "gzip"
        assert "immutable" in static.headers["cache-control"]
        product_page = http.get(f"/produk/{public_data.product.pk}/")
        photo = re.search(r'/media/products/[^"\s]+\.(?:jpg|webp|png)', product_page.text).group(0)
        media = http.get(photo)
        assert media.status_code == 200 and media.headers["content-type"].startswith("image/")
        assert media.headers["x-content-type-options"] == "nosniff"
        assert "sandbox" in media.headers["content-security-policy"]
        # The certificate scan is not public: not under /media/, and /berkas/ refuses a stranger.
        assert http.get(f"/media/{cert.file.name}").status_code == 404
        assert http.get(cert.file.url).status_code == 404

        # Every web process has opened its pool and both workers are connected: the baseline.
        def settled():
            first = db_connections()
            time.sleep(1.5)
            return first if first == db_connections() and first >= 2 * 4 + 2 + 1 else None

        before = wait_for(settled, timeout=30, what="a steady number of database connections", log=log)

        paths = ["/", f"/produk/{public_data.product.pk}/", css, photo, "/cari/?q=batik", "/robots.txt"]
        results, total = burst(base, paths)
        burst_ended = time.monotonic()
        assert set(results) == {"ok"}, f"{results} in {total} requests\n{log.read_text()[-4000:]}"
        assert total > CLIENTS

        # While the connections settle: the deployment checks of the same environment.
        deploy = subprocess.run(  # noqa: S603
            [str(SMARTIKM), "check", "--deploy", "--fail-level", "WARNING"], **run
        )
        assert deploy.returncode == 0, deploy.stdout + deploy.stderr
        assert "no issues" in deploy.stdout

        time.sleep(max(0.0, SETTLE_S - (time.monotonic() - burst_ended)))
        after = db_connections()
        assert after <= before, f"{after} database connections 30 s after the burst, {before} before it"
        http.close()
    finally:
        if serve.poll() is None:
            serve.send_signal(signal.SIGTERM)
        try:
            serve.wait(timeout=45)
        except subprocess.TimeoutExpired:
            serve.kill()
            serve.wait()
    assert serve.returncode == 0, log.read_text()[-4000:]
    assert our_processes(f"127.0.0.1:{port}") == []
    assert our_processes(f"-{serve.pid}-") == []  # the task workers' ids carry serve's pid
