"""A real fault: a `smartikm sync_worker` PROCESS is killed (SIGKILL) in the middle of a batch and a
second one takes over. test_hub_queue simulates the kill inside one process; here the workers are
real OS processes on the same PostgreSQL test database, talking HTTP to the Shopee fake.

The fake answers slowly so the kill lands while requests are in flight, and two creates are HELD
after the fake made the item (an "after" timeout fault): the worker is killed while waiting for
those answers, so the channel has the items and our database does not know their ids. The second
worker must take the orphaned jobs over when their lease runs out, adopt those items by seller SKU,
and finish every job: nothing lost, nothing listed twice, the channel's price and stock equal ours.

PostgreSQL only: the child processes need the test database, and SQLite's test database lives in
the memory of this process.
"""
# ruff: noqa: F811 - pytest fixtures imported from other modules are redefined as arguments

import collections
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection, transaction

from smartikm.accounts.personas import make_personas
from smartikm.catalog.tests.factories import make_ikm
from smartikm.channels.actions import publish_product, push_product_changes
from smartikm.channels.choices import FINISHED_JOB_STATES, JobState, ListingState, SyncOp
from smartikm.channels.marketplaces.shopee.fake import FakeShopee
from smartikm.channels.models import Listing, SyncJob
from smartikm.channels.tests.hub_fixtures import connect, make_product, point_at, ready_listing
from smartikm.core.testing import restore_database_after  # noqa: F401 - fixture

ROOT = Path(__file__).resolve().parents[4]
SMARTIKM = Path(sys.executable).parent / "smartikm"
ADD_ITEM = "/api/v2/product/add_item"
LISTINGS = 40
LEASE_S = 3


def child_database_url() -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="")
    if s["PASSWORD"]:
        auth += ":" + quote(s["PASSWORD"], safe="")
    host = s["HOST"] or "localhost"
    port = f":{s['PORT']}" if s["PORT"] else ""
    return f"postgres://{auth}@{host}{port}/{quote(s['NAME'], safe='')}"


def start_worker(name: str, fake, log_dir: Path) -> tuple[subprocess.Popen, Path]:
    env = {**os.environ, "DATABASE_URL": child_database_url(), "DJANGO_LOG_LEVEL": "WARNING"}
    log = log_dir / f"{name}.log"
    cmd = [
        str(SMARTIKM),
        "sync_worker",
        "--name",
        name,
        "--threads",
        "4",
        "--batch",
        "2",
        "--idle-sleep",
        "0.05",
        "--lease",
        str(LEASE_S),
        "--backoff-base",
        "0.2",
        "--allow-private-host",
        fake.url.split("//", 1)[1].rsplit(":", 1)[0],
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    return proc, log


def stop(proc: subprocess.Popen | None) -> None:
    if proc is not None and proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def wait_for(predicate, *, timeout: float, what: str, procs=(), interval: float = 0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        for proc, log in procs:
            if proc.poll() is not None:
                pytest.fail(f"worker exited ({proc.returncode}) while waiting for {what}:\n{log.read_text()}")
        time.sleep(interval)
    logs = "\n".join(log.read_text()[-3000:] for _proc, log in procs)
    pytest.fail(f"timed out after {timeout} s waiting for {what}\n{logs}")


class HoldingShopee(FakeShopee):
    """The Shopee fake, noting the seller SKU of each create whose answer it holds back (an "after"
    timeout fault): from that moment the item exists at the channel and the worker waits."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.held: list[str] = []

    def _apply_fault(self, kind, request, handler, response):
        if kind == "timeout" and response is not None and request.path == ADD_ITEM:
            with self.lock:
                self.held.append(json.loads(request.body)["item_sku"])
        return super()._apply_fault(kind, request, handler, response)


def skus_at_channel(fake) -> collections.Counter:
    with fake.lock:
        return collections.Counter(i.item_sku for i in fake.items.values())


def open_jobs() -> int:
    return SyncJob.objects.exclude(state__in=FINISHED_JOB_STATES).count()


@pytest.fixture
def slow_shopee():
    # Every request waits 0.2 s before the fake handles it; a held answer waits up to 15 s.
    with HoldingShopee(qps=1000, slow_delay_s=0.2, hang_s=15.0) as fake:
        yield fake


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_sync_worker_process_killed_mid_batch_and_restarted_leaves_no_duplicate_and_no_lost_operation(
    restore_database_after, slow_shopee, settings, tmp_path
):
    fake = slow_shopee
    settings.CHANNEL_SYNC_NUDGE_TASKS = False  # the worker processes drain the queue, not tasks
    personas = make_personas()
    channel = point_at("shopee", fake)
    shop = connect(channel, fake, make_ikm(personas.ikm_owner))
    products = [
        make_product(
            shop.producer.ikm, name=f"Tas anyaman rotan Lombok nomor {i:02d}", price=100_000 + i, stock=20
        )
        for i in range(LISTINGS)
    ]
    for product in products:
        ready_listing(shop, product, fake)
        with transaction.atomic():
            publish_product(product, shop, actor=personas.ikm_owner)
    for product in products:  # the owner edits price and stock before the publishes are done
        with transaction.atomic():
            product.price, product.stock = product.price + 5_000, product.stock - 3
            product.save()
            push_product_changes(product, price=True, stock=True)
    assert SyncJob.objects.filter(state=JobState.QUEUED).count() == 3 * LISTINGS
    fake.inject("slow", times=None)

    first = second = None
    try:
        first = start_worker("kill-a", fake, tmp_path)
        wait_for(
            lambda: SyncJob.objects.filter(op=SyncOp.PUBLISH, state=JobState.DONE).count() >= 8,
            timeout=30,
            what="the first worker to publish part of the batch",
            procs=[first],
        )
        # The next two creates are made at the channel, then their answers are held: kill then.
        fake.inject("timeout", times=2, path=ADD_ITEM, when="after")
        held = wait_for(
            lambda: len(fake.held) == 2 and list(fake.held),
            timeout=15,
            what="two held creates",
            procs=[first],
        )
        os.kill(first[0].pid, signal.SIGKILL)
        first[0].wait(timeout=10)
        assert first[0].returncode == -signal.SIGKILL

        # The state the kill left: part of the batch done, claims orphaned, two items unknown to us.
        done = SyncJob.objects.filter(state=JobState.DONE).count()
        orphaned = list(SyncJob.objects.filter(state=JobState.RUNNING).values_list("pk", flat=True))
        assert 0 < done < 3 * LISTINGS
        assert orphaned, "the kill should leave claimed jobs behind"
        assert all(skus_at_channel(fake)[sku] == 1 for sku in held)
        assert Listing.objects.filter(seller_sku__in=held, channel_item_id="").count() == 2
        assert (
            SyncJob.objects.filter(
                listing__seller_sku__in=held, op=SyncOp.PUBLISH, state=JobState.RUNNING
            ).count()
            == 2
        )

        # While no worker runs, the owner changes ten prices again; a create answer gets lost too.
        for product in products[::4]:
            with transaction.atomic():
                product.price += 1_000
                product.save()
                push_product_changes(product, price=True)
        fake.clear_faults()
        fake.inject("drop", path=ADD_ITEM, when="after")

        second = start_worker("kill-b", fake, tmp_path)
        wait_for(
            lambda: open_jobs() == 0, timeout=60, what="the queue to drain", procs=[second], interval=0.2
        )
    finally:
        stop(first and first[0])
        stop(second and second[0])

    # Nothing lost: every job done, except updates superseded while still queued.
    states = collections.Counter(SyncJob.objects.values_list("state", flat=True))
    cancelled = SyncJob.objects.filter(state=JobState.CANCELLED)
    assert set(states) <= {JobState.DONE, JobState.CANCELLED}, (
        states,
        list(SyncJob.objects.filter(state=JobState.FAILED).values_list("op", "attempts", "last_error")),
    )
    assert all(job.op == SyncOp.UPDATE_PRICE for job in cancelled)
    assert SyncJob.objects.filter(op=SyncOp.PUBLISH, state=JobState.DONE).count() == LISTINGS
    assert SyncJob.objects.filter(pk__in=orphaned, state=JobState.DONE, attempts__gte=2).count() == len(
        orphaned
    )
    # Nothing duplicated: one item per seller SKU at the channel, and it is the one we point at.
    listings = list(Listing.objects.filter(connection=shop).select_related("product"))
    assert len(listings) == LISTINGS
    assert skus_at_channel(fake) == collections.Counter(x.seller_sku for x in listings)
    for listing in listings:
        assert listing.state == ListingState.LIVE and listing.channel_item_id, listing.seller_sku
        item = fake.items[int(listing.channel_item_id)]
        assert item.item_sku == listing.seller_sku
        assert (int(item.price), item.stock) == (int(listing.product.price), listing.product.stock), (
            listing.seller_sku
        )
