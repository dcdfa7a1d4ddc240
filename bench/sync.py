"""Marketplace sync benchmark: N listings published, then price- and stock-updated, through the
Shopee and TikTok fakes throttled at R requests/s per shop, with a fraction F of transient faults,
by TWO `smartikm sync_worker` processes sharing the queue and the rate limiter in the database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_sync \
        .venv/bin/python bench/sync.py --listings 10000 --rate 50 --faults 0.05

Half of the listings go to one Shopee shop, half to one TikTok shop; each shop's bucket allows R
requests/s (the fakes throttle at R per API, so our per-shop limit is the binding one). Faults are
split evenly between HTTP 500, HTTP 503, the channel's throttle answer, and a connection dropped
AFTER the request took effect (the case where a blind retry would create a duplicate).
Updates for a listing are enqueued as soon as its publish is done, as the hub does.

Figures: allowed_rps = R × 2 shops; achieved_rps = requests the fakes received / wall time from the
first enqueue to the last job finished (every request spends the rate budget, faulted ones too);
efficiency = achieved / allowed; duplicates = channel items beyond one per seller SKU; lost = jobs
not done + listings without a channel item + channel price/stock different from ours;
p95_enqueue_to_done_s over all jobs. Prints one JSON object.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def ensure_pg_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartikm.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.CHANNEL_SYNC_NUDGE_TASKS = False  # the two sync_worker processes drain the queue


def prepare(n: int, rate: float, shopee_fake, tiktok_fake):
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    from smartikm.catalog.models import Category, Product

    if not Category.objects.filter(slug="anyaman").exists():
        call_command("loadref", verbosity=0)
    call_command("seed_channels", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    from smartikm.catalog.tests.factories import make_ikm
    from smartikm.channels.choices import ConnectionState
    from smartikm.channels.models import ChannelOrder, Listing, RateBucket, ShopConnection, SyncJob
    from smartikm.channels.specs import seller_sku_for
    from smartikm.channels.tests.hub_fixtures import point_at
    from smartikm.registry.models import Ikm

    # A clean slate for the hub tables and the bench's own products.
    SyncJob.objects.all().delete()
    ChannelOrder.objects.all().delete()
    Listing.objects.all().delete()
    ShopConnection.objects.all().delete()
    RateBucket.objects.all().delete()
    Ikm.objects.filter(name="IKM Bench Sinkron").delete()
    ikm = make_ikm(None, name="IKM Bench Sinkron")
    category = Category.objects.get(slug="anyaman")
    channels = {
        "shopee": point_at("shopee", shopee_fake, rate=rate, burst=max(1.0, rate / 10)),
        "tiktok": point_at("tiktok", tiktok_fake, rate=rate, burst=max(1.0, rate / 10)),
    }
    image = {"shopee": shopee_fake.add_image("img-bench"), "tiktok": "tos-bench-image"}
    attrs = {"shopee": {"2001": ["1"]}, "tiktok": {"100100": ["1001"]}}
    conns = {}
    for code, fake in (("shopee", shopee_fake), ("tiktok", tiktok_fake)):
        creds = fake.issue_credentials()
        conns[code] = ShopConnection.objects.create(
            channel=channels[code],
            ikm=ikm,
            state=ConnectionState.CONNECTED,
            shop_id=creds.shop_id,
            access_token=creds.access_token,
            refresh_token=creds.refresh_token,
            access_expires_at=creds.access_expires_at,
            refresh_expires_at=creds.refresh_expires_at,
            extra=dict(creds.extra),
        )
    with transaction.atomic():
        products = Product.objects.bulk_create(
            Product(
                ikm=ikm,
                name_id=f"Tas anyaman rotan bench nomor {i:06d}",
                description_id="Tas anyaman rotan buatan tangan perajin Lombok untuk uji sinkron. " * 2,
                category=category,
                price=100_000 + i,
                stock=50,
                weight_g=400,
                length_cm=30,
                width_cm=10,
                height_cm=20,
                status="active",
            )
            for i in range(n)
        )
        listings = Listing.objects.bulk_create(
            Listing(
                channel=channels[code],
                connection=conns[code],
                product=p,
                seller_sku=seller_sku_for(p),
                image_refs=[image[code]],
                attributes=attrs[code],
                version=1,
            )
            for i, p in enumerate(products)
            for code in [("shopee", "tiktok")[i % 2]]
        )
    return ikm, products, listings


def enqueue_publishes(listings) -> None:
    from django.utils import timezone

    from smartikm.channels.choices import JobState, SyncOp
    from smartikm.channels.models import SyncJob

    now = timezone.now()
    SyncJob.objects.bulk_create(
        SyncJob(
            listing=listing,
            channel_id=listing.channel_id,
            op=SyncOp.PUBLISH,
            version=1,
            idempotency_key=f"{listing.pk}:{SyncOp.PUBLISH}:1",
            not_before=now,
            state=JobState.QUEUED,
            max_attempts=12,
        )
        for listing in listings
    )


def enqueue_updates(done_ids: list[int]) -> None:
    """Price up, stock down, then queue both updates: what an owner's edit does."""
    from django.db import transaction
    from django.db.models import F

    from smartikm.catalog.models import Product
    from smartikm.channels import queue
    from smartikm.channels.choices import SyncOp
    from smartikm.channels.models import Listing

    for start in range(0, len(done_ids), 500):
        with transaction.atomic():
            listings = list(Listing.objects.filter(pk__in=done_ids[start : start + 500]))
            Product.objects.filter(pk__in=[x.product_id for x in listings]).update(
                price=F("price") + 5_000, stock=F("stock") - 7
            )
            queue.enqueue_many(listings, SyncOp.UPDATE_PRICE)
            queue.enqueue_many(listings, SyncOp.UPDATE_STOCK)


def start_workers(url: str, threads: int, backoff: float) -> list[subprocess.Popen]:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_LOG_LEVEL": "WARNING"}
    cmd = [
        str(ROOT / ".venv/bin/smartikm"),
        "sync_worker",
        "--threads",
        str(threads),
        "--batch",
        "4",
        "--idle-sleep",
        "0.05",
        "--allow-private-host",
        "127.0.0.1",
        "--backoff-base",
        str(backoff),
        "--lease",
        "60",
    ]
    return [
        subprocess.Popen([*cmd, "--name", f"bench-{i}"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        for i in range(2)
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--listings", type=int, default=1000)
    ap.add_argument("--rate", type=float, default=50.0)
    ap.add_argument("--faults", type=float, default=0.05)
    ap.add_argument("--threads", type=int, default=6, help="threads per worker process")
    ap.add_argument("--backoff-base", type=float, default=0.5)
    ap.add_argument("--timeout", type=float, default=3600.0)
    ap.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", f"sqlite:///{ROOT}/var/bench/sync.sqlite3")
    )
    args = ap.parse_args()
    url = args.database_url
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    ensure_pg_database(url)
    setup_django(url)

    from smartikm.channels.marketplaces.shopee.fake import FakeShopee
    from smartikm.channels.marketplaces.tiktok.fake import FakeTikTok

    shopee_fake = FakeShopee(qps=args.rate, burst=args.rate).start()
    tiktok_fake = FakeTikTok(qps=args.rate, burst=args.rate).start()
    _ikm, products, listings = prepare(args.listings, args.rate, shopee_fake, tiktok_fake)

    from django.db.models import F
    from django.utils import timezone

    from smartikm.channels.choices import FINISHED_JOB_STATES, JobState, SyncOp
    from smartikm.channels.models import Listing, SyncJob

    for fake in (shopee_fake, tiktok_fake):
        fake.requests.clear()
        share = args.faults / 4
        for kind, when in (
            ("http_500", "before"),
            ("http_503", "before"),
            ("throttle", "before"),
            ("drop", "after"),
        ):
            fake.inject(kind, times=None, probability=share, when=when)

    workers = start_workers(url, args.threads, args.backoff_base)
    time.sleep(6)  # the workers are a running service: let them boot, then the owners act
    started = time.monotonic()
    enqueue_publishes(listings)
    updated: set[int] = set()
    total_jobs = len(listings) * 3
    since = None
    try:
        while time.monotonic() - started < args.timeout:
            done_publish = []
            if len(updated) < len(listings):
                # Only publishes finished since the last look (a second of overlap, deduplicated).
                recent = SyncJob.objects.filter(op=SyncOp.PUBLISH, state=JobState.DONE)
                if since is not None:
                    recent = recent.filter(finished_at__gte=since - datetime.timedelta(seconds=1))
                since = timezone.now()
                done_publish = [i for i in recent.values_list("listing_id", flat=True) if i not in updated]
            if done_publish:
                enqueue_updates(done_publish)
                updated.update(done_publish)
            finished = (
                SyncJob.objects.filter(state__in=FINISHED_JOB_STATES)
                .exclude(state=JobState.CANCELLED)
                .count()
            )
            stuck = SyncJob.objects.filter(op=SyncOp.PUBLISH, state=JobState.FAILED).count()
            complete = finished >= total_jobs - 2 * stuck and len(updated) + stuck >= len(listings)
            if complete and not SyncJob.objects.exclude(state__in=FINISHED_JOB_STATES).exists():
                break
            time.sleep(0.5)
        elapsed = time.monotonic() - started
    finally:
        for proc in workers:
            proc.terminate()
        for proc in workers:
            proc.wait(timeout=30)
    requests = len(shopee_fake.requests) + len(tiktok_fake.requests)

    jobs = SyncJob.objects.exclude(state=JobState.CANCELLED)
    not_done = jobs.exclude(state=JobState.DONE).count()
    no_item = Listing.objects.filter(pk__in=[x.pk for x in listings], channel_item_id="").count()
    latencies = sorted(
        (f - e).total_seconds()
        for e, f in jobs.filter(state=JobState.DONE).values_list("enqueued_at", "finished_at")
    )
    # What the channels hold must equal what we hold.
    ours = {
        (row["channel__code"], row["seller_sku"]): (row["product__price"], row["product__stock"])
        for row in Listing.objects.filter(pk__in=[x.pk for x in listings]).values(
            "channel__code", "seller_sku", "product__price", "product__stock"
        )
    }
    theirs: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for item in shopee_fake.items.values():
        theirs.setdefault(("shopee", item.item_sku), []).append((int(item.price), item.stock))
    for p in tiktok_fake.products.values():
        for sku in p.skus:
            theirs.setdefault(("tiktok", sku.seller_sku), []).append((sku.price, sum(sku.stock.values())))
    duplicates = sum(len(v) - 1 for v in theirs.values())
    mismatched = sum(1 for key, value in ours.items() if value not in theirs.get(key, []))
    allowed = args.rate * 2
    achieved = requests / elapsed if elapsed else 0.0
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else None
    attempts = SyncJob.objects.aggregate(a=__import__("django").db.models.Sum(F("attempts")))["a"]
    print(
        json.dumps(
            {
                "listings": len(listings),
                "allowed_rps": allowed,
                "achieved_rps": round(achieved, 2),
                "efficiency": round(achieved / allowed, 3),
                "duplicates": duplicates,
                "lost": not_done + no_item + mismatched,
                "p95_enqueue_to_done_s": round(p95, 2) if p95 is not None else None,
                "elapsed_s": round(elapsed, 1),
                "requests": requests,
                "jobs_done": len(latencies),
                "attempts": attempts,
                "engine": "postgresql" if url.startswith("postgres") else "sqlite",
            }
        )
    )
    shopee_fake.stop()
    tiktok_fake.stop()


if __name__ == "__main__":
    main()
