"""Web benchmark: the public pages and the API product list under the real server, against a trivial page.

    .venv/bin/python bench/web.py --database-url postgres://postgres@127.0.0.1:5432/DB [--seconds 20]

Starts `smartikm serve` (gunicorn, DEBUG off, no task workers so they do not compete for the CPU)
on a free loopback port against the given database, which must already hold the data (e.g.
`smartikm demo --ikm 20000 --seed 1` for ~110 k products, `--ikm 200000` for ~1 M). Then, for each
URL in turn — `/robots.txt`, the home page, a search (`/cari/?q=...`), one product page and
`/api/catalog/products` — `--concurrency` client threads send requests back to back on kept-alive
connections for `--seconds` (after a short warm-up). Prints one JSON object: per URL the requests per
second, the p95 latency and the errors, and both as a ratio to `/robots.txt` measured in the same run
(`ratio` = requests/s of the page ÷ requests/s of robots.txt; 1.0 would be as cheap as the trivial
page). The ratio is what to compare between table sizes: the machine's speed and load cancel out.

Not part of `make test`; it measures, it never asserts.
"""

import argparse
import http.client
import json
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SMARTIKM = ROOT / ".venv" / "bin" / "smartikm"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))] if ordered else 0.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path, headers={"Host": "127.0.0.1", "Accept-Language": "id"})
    response = conn.getresponse()
    return response.status, response.read()


def wait_until_up(port: int, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            status, _ = get(conn, "/robots.txt")
            conn.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not answer /robots.txt in time")


def hammer(port: int, path: str, concurrency: int, seconds: float, warmup: float) -> dict:
    """`concurrency` threads request `path` back to back for warm-up + `seconds`; the requests started
    after the warm-up count, and the rate is over the time until the last of them finished."""
    start_at = time.monotonic() + warmup
    stop_at = start_at + seconds
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    finished = [start_at] * concurrency
    errors = [0] * concurrency

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            t0 = time.monotonic()
            if t0 >= stop_at:
                break
            try:
                status, _ = get(conn, path)
                ok = status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            t1 = time.monotonic()
            if t0 >= start_at:
                latencies[i].append(t1 - t0)
                finished[i] = t1
                if not ok:
                    errors[i] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done = [x for per in latencies for x in per]
    elapsed = max(max(finished) - start_at, seconds)
    return {
        "requests": len(done),
        "errors": sum(errors),
        "rps": round(len(done) / elapsed, 2),
        "p95_ms": round(pct(done, 95) * 1000, 1),
    }


def discover(port: int, query: str) -> dict[str, str]:
    """The URLs to measure; the product page is the first product of the public API list."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    status, body = get(conn, "/api/catalog/products?page_size=1")
    if status != 200:
        raise SystemExit(f"/api/catalog/products answered {status}")
    items = json.loads(body)["items"]
    if not items:
        raise SystemExit("the database has no public product: load demo data first")
    conn.close()
    return {
        "robots": "/robots.txt",
        "home": "/",
        "search": f"/cari/?q={query}",
        "product": f"/produk/{items[0]['id']}/",
        "api_products": "/api/catalog/products",
    }


def product_count(env: dict) -> int:
    code = "from smartikm.catalog.models import Product; print(Product.objects.count())"
    out = subprocess.run(
        [str(SMARTIKM), "shell", "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), required=False)
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per URL")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds per URL before measuring")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--processes", type=int, default=2, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn process")
    parser.add_argument("--query", default="batik", help="search words for /cari/")
    args = parser.parse_args()
    if not args.database_url:
        raise SystemExit("give --database-url (or DATABASE_URL)")

    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DJANGO_DEBUG": "0",
        "SMARTIKM_BIND": f"127.0.0.1:{port}",
    }
    products = product_count(env)
    # With DEBUG off the pages name hashed static files from the manifest that collectstatic writes.
    subprocess.run([str(SMARTIKM), "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)  # noqa: S603
    log = tempfile.NamedTemporaryFile(prefix="bench-web-", suffix=".log", delete=False)  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
        [
            str(SMARTIKM),
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--processes",
            str(args.processes),
            "--threads",
            str(args.threads),
            "--workers",
            "0",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=log,  # the access log: read it when a figure looks wrong
    )
    try:
        wait_until_up(port)
        urls = discover(port, args.query)
        results = {}
        for name, path in urls.items():
            results[name] = {"path": path, **hammer(port, path, args.concurrency, args.seconds, args.warmup)}
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
    base = results["robots"]
    for r in results.values():
        r["ratio"] = round(r["rps"] / base["rps"], 3) if base["rps"] else None
        r["p95_ratio"] = round(r["p95_ms"] / base["p95_ms"], 2) if base["p95_ms"] else None
    engine = urlsplit(args.database_url).scheme.split("+")[0]
    print(
        json.dumps(
            {
                "benchmark": "web",
                "engine": "postgresql" if engine.startswith("postgres") else engine,
                "products": products,
                "concurrency": args.concurrency,
                "server": {"processes": args.processes, "threads": args.threads, "debug": False},
                "seconds_per_url": args.seconds,
                "load_average": [round(x, 2) for x in os.getloadavg()],
                "server_log": log.name,
                "cpus": os.cpu_count(),
                "urls": results,
            },
            indent=2,
        )
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
