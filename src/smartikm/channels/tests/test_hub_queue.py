"""The sync queue: publishing, idempotency, retries with backoff, permanent errors, leases."""
# ruff: noqa: F811 - pytest fixtures imported from hub_fixtures are redefined as arguments

import datetime
import random

import pytest
from django.utils import timezone

from smartikm.channels import queue
from smartikm.channels.actions import publish_product, push_product_changes
from smartikm.channels.choices import JobState, ListingState, SyncOp
from smartikm.channels.models import Listing, SyncJob
from smartikm.channels.tests.hub_fixtures import (  # noqa: F401 - fixtures
    fast_retries,
    owner_ikm,
    product,
    ready_listing,
    shopee,
    shopee_fake,
    shopee_shop,
    tiktok,
    tiktok_fake,
    tiktok_shop,
    worker,
)

pytestmark = pytest.mark.django_db


def shopee_items_with(fake, sku):
    return [i for i in fake.items.values() if i.item_sku == sku]


def test_publishing_creates_the_listing_once_and_sends_price_and_stock(
    personas, product, shopee_shop, shopee_fake, worker
):
    listing = ready_listing(shopee_shop, product, shopee_fake)
    publish_product(product, shopee_shop, actor=personas.ikm_owner)
    assert worker.run_until_idle() == 1
    listing.refresh_from_db()
    assert listing.state == ListingState.LIVE and listing.channel_item_id
    product.price, product.stock = 175_000, 4
    product.save()
    push_product_changes(product, price=True, stock=True)
    assert worker.run_until_idle() == 2
    item = shopee_fake.items[int(listing.channel_item_id)]
    assert (item.price, item.stock) == (175_000, 4)
    assert SyncJob.objects.filter(state=JobState.DONE).count() == 3


def test_re_running_a_publish_job_never_creates_a_second_listing(
    personas, product, shopee_shop, shopee_fake, worker
):
    listing = ready_listing(shopee_shop, product, shopee_fake)
    publish_product(product, shopee_shop, actor=personas.ikm_owner)
    worker.run_until_idle()
    job = SyncJob.objects.get(op=SyncOp.PUBLISH)
    # Force the same job to run again, as a worker whose lease expired would.
    SyncJob.objects.filter(pk=job.pk).update(state=JobState.QUEUED, not_before=timezone.now())
    worker.run_until_idle()
    assert len(shopee_items_with(shopee_fake, listing.seller_sku)) == 1
    assert SyncJob.objects.get(pk=job.pk).state == JobState.DONE


def test_enqueueing_the_same_change_twice_makes_one_row_per_version(
    personas, product, shopee_shop, shopee_fake
):
    listing = ready_listing(shopee_shop, product, shopee_fake)
    first = queue.enqueue(listing, SyncOp.UPDATE_PRICE)
    second = queue.enqueue(listing, SyncOp.UPDATE_PRICE)
    assert first.idempotency_key != second.idempotency_key
    assert SyncJob.objects.get(pk=first.pk).state == JobState.CANCELLED  # superseded, not sent twice


def test_a_create_answered_by_a_dropped_connection_is_adopted_not_duplicated(
    personas, product, shopee_shop, shopee_fake, worker
):
    listing = ready_listing(shopee_shop, product, shopee_fake)
    shopee_fake.inject("drop", path="/api/v2/product/add_item", when="after")  # created, answer lost
    publish_product(product, shopee_shop, actor=personas.ikm_owner)
    worker.run_until_idle()  # attempt 1 loses the answer; attempt 2 (no backoff here) looks it up
    job = SyncJob.objects.get(op=SyncOp.PUBLISH)
    assert job.state == JobState.DONE and job.attempts == 2
    listing.refresh_from_db()
    assert len(shopee_items_with(shopee_fake, listing.seller_sku)) == 1
    assert listing.channel_item_id == str(shopee_items_with(shopee_fake, listing.seller_sku)[0].item_id)


def test_tiktok_create_retried_after_a_lost_answer_uses_the_idempotency_key(
    personas, product, tiktok_shop, tiktok_fake, worker
):
    ready_listing(tiktok_shop, product, tiktok_fake)
    tiktok_fake.inject("http_500", path="/product/202309/products", when="after")
    publish_product(product, tiktok_shop, actor=personas.ikm_owner)
    worker.run_until_idle()
    SyncJob.objects.update(not_before=timezone.now())
    worker.run_until_idle()
    assert len(tiktok_fake.products) == 1
    assert SyncJob.objects.get().state == JobState.DONE


def test_backoff_grows_exponentially_within_jitter_bounds_and_is_capped():
    rng = random.Random(7)
    for attempt, ceiling in [(1, 5), (2, 10), (3, 20), (4, 40), (12, 1800)]:
        for _ in range(50):
            delay = queue.backoff_delay(attempt, base=5, cap=1800, rng=rng)
            assert ceiling / 2 <= delay <= ceiling


def test_retryable_errors_stop_after_max_attempts_with_a_message_for_the_owner(
    personas, product, shopee_shop, shopee_fake, worker
):
    listing = ready_listing(shopee_shop, product, shopee_fake)
    shopee_fake.inject("http_503", times=None, path="/api/v2/product/add_item")
    publish_product(product, shopee_shop, actor=personas.ikm_owner)
    job = SyncJob.objects.get()
    SyncJob.objects.filter(pk=job.pk).update(max_attempts=3)
    for _ in range(5):
        SyncJob.objects.filter(state=JobState.QUEUED).update(not_before=timezone.now())
        worker.run_until_idle()
    job.refresh_from_db()
    listing.refresh_from_db()
    assert job.state == JobState.FAILED and job.attempts == 3
    assert "3 kali" in job.last_error and listing.state == ListingState.ERROR
    assert not shopee_items_with(shopee_fake, listing.seller_sku)


def test_malformed_json_is_a_permanent_error_shown_to_the_owner_and_the_worker_keeps_going(
    personas, product, owner_ikm, shopee_shop, shopee_fake, worker
):
    from smartikm.channels.tests.hub_fixtures import make_product

    second = make_product(owner_ikm, name="Tas anyaman bambu Tasikmalaya besar")
    first_listing = ready_listing(shopee_shop, product, shopee_fake)
    second_listing = ready_listing(shopee_shop, second, shopee_fake)
    publish_product(product, shopee_shop, actor=personas.ikm_owner)
    publish_product(second, shopee_shop, actor=personas.ikm_owner)
    shopee_fake.inject("malformed", path="/api/v2/product/add_item")  # only the first answer breaks
    worker.run_until_idle()
    first_listing.refresh_from_db()
    second_listing.refresh_from_db()
    failed = SyncJob.objects.get(listing=first_listing)
    assert failed.state == JobState.FAILED and failed.attempts == 1 and failed.error_kind == "protocol"
    assert "tidak bisa dibaca" in first_listing.last_error
    assert second_listing.state == ListingState.LIVE


def test_a_job_of_a_killed_worker_is_taken_over_after_its_lease_without_duplicate_or_loss(
    personas, product, shopee_shop, shopee_fake, worker, settings
):
    settings.CHANNEL_SYNC_LEASE_S = 60
    listing = ready_listing(shopee_shop, product, shopee_fake)
    publish_product(product, shopee_shop, actor=personas.ikm_owner)
    # Worker A claims the job and "dies" after the channel created the item, before saving the id.
    [job] = queue.claim("worker-a", limit=5)
    from smartikm.channels.adapters import build_adapter, credentials_of
    from smartikm.channels.models import CategoryMapping
    from smartikm.channels.specs import listing_spec

    mapping = CategoryMapping.objects.get(channel=shopee_shop.channel, category=product.category)
    build_adapter(shopee_shop.channel, credentials_of(shopee_shop), http=worker.http).create_listing(
        listing_spec(listing, mapping, idempotency_key="x")
    )
    assert queue.claim("worker-b", limit=5) == []  # the lease still holds
    later = timezone.now() + datetime.timedelta(seconds=61)
    [taken] = queue.claim("worker-b", limit=5, now=later)
    assert taken.pk == job.pk and taken.attempts == 2
    worker.run(taken)
    assert not queue.complete(job)  # A's late report is ignored: the claim token moved on
    listing.refresh_from_db()
    assert len(shopee_items_with(shopee_fake, listing.seller_sku)) == 1
    assert SyncJob.objects.get(pk=job.pk).state == JobState.DONE and listing.state == ListingState.LIVE


def test_an_update_queued_before_the_publish_finished_waits_for_it(
    personas, product, shopee_shop, shopee_fake, worker
):
    listing = ready_listing(shopee_shop, product, shopee_fake)
    publish_product(product, shopee_shop, actor=personas.ikm_owner)
    push_product_changes(product, stock=True)
    SyncJob.objects.filter(op=SyncOp.UPDATE_STOCK).update(
        not_before=timezone.now() - datetime.timedelta(seconds=5)
    )
    [update] = queue.claim("w", limit=1)  # the update is older, so it is claimed first
    assert update.op == SyncOp.UPDATE_STOCK
    worker.run(update)
    update.refresh_from_db()
    assert update.state == JobState.QUEUED and update.attempts == 0
    worker.run_until_idle()
    SyncJob.objects.filter(state=JobState.QUEUED).update(not_before=timezone.now())
    worker.run_until_idle()
    assert set(SyncJob.objects.values_list("state", flat=True)) == {JobState.DONE}
    assert Listing.objects.get(pk=listing.pk).state == ListingState.LIVE
