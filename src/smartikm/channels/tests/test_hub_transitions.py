"""State tables enforced: listings move only along LISTING_TRANSITIONS, jobs only along
JOB_TRANSITIONS; and an item the channel already has (the `duplicate` kind of ChannelError, mapped
from each marketplace's own error code inside its folder) is adopted by the worker, not re-created."""
# ruff: noqa: F811 - pytest fixtures imported from hub_fixtures are redefined as arguments

from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from smartikm.channels import queue
from smartikm.channels.actions import publish_product, retire_channel
from smartikm.channels.choices import (
    JOB_TRANSITIONS,
    LISTING_TRANSITIONS,
    OPEN_LISTING_STATES,
    JobState,
    ListingState,
    SyncOp,
)
from smartikm.channels.marketplaces.base import ChannelError
from smartikm.channels.marketplaces.lazada.adapter import LazadaAdapter
from smartikm.channels.marketplaces.lazada.client import LazadaConfig
from smartikm.channels.marketplaces.lazada.fake import NO_BRAND_ID, FakeLazada
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
from smartikm.channels.transitions import (
    InvalidTransition,
    listing_sources,
    move_jobs,
    move_listing,
    require_job_transition,
)

pytestmark = pytest.mark.django_db


# Listing transitions ----------------------------------------------------------------------------


def test_the_listing_table_names_every_state_and_closing_takes_exactly_the_open_listings():
    assert set(LISTING_TRANSITIONS) == set(ListingState.values)
    assert all(targets <= set(ListingState.values) for targets in LISTING_TRANSITIONS.values())
    assert listing_sources(ListingState.CLOSED) == {*OPEN_LISTING_STATES, ListingState.CLOSED}


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (ListingState.CLOSED, ListingState.LIVE),
        (ListingState.CLOSED, ListingState.PENDING),
        (ListingState.DELETED, ListingState.IN_REVIEW),
        (ListingState.DELETED, ListingState.ERROR),
        (ListingState.BANNED, ListingState.PENDING),
    ],
)
def test_an_illegal_listing_transition_is_refused_with_a_typed_error_and_nothing_written(
    product, shopee_shop, shopee_fake, start, target
):
    listing = ready_listing(shopee_shop, product, shopee_fake, state=start, last_error="lama")
    with pytest.raises(InvalidTransition) as refused:
        move_listing(listing, target, last_error="baru")
    assert isinstance(refused.value, ValidationError) and "state" in refused.value.message_dict
    listing.refresh_from_db()
    assert (listing.state, listing.last_error) == (start, "lama")


def test_a_legal_listing_transition_moves_the_row_and_the_instance(product, shopee_shop, shopee_fake):
    listing = ready_listing(shopee_shop, product, shopee_fake, state=ListingState.ERROR)
    move_listing(listing, ListingState.PENDING, last_error="")
    assert listing.state == ListingState.PENDING
    assert Listing.objects.get(pk=listing.pk).state == ListingState.PENDING


def test_publishing_a_banned_item_again_is_refused(personas, product, shopee_shop, shopee_fake):
    listing = ready_listing(shopee_shop, product, shopee_fake, state=ListingState.BANNED)
    with pytest.raises(ValidationError):
        publish_product(product, shopee_shop, actor=personas.ikm_owner)
    assert Listing.objects.get(pk=listing.pk).state == ListingState.BANNED
    assert not SyncJob.objects.filter(listing=listing).exists()


def test_a_poll_reporting_a_closed_listing_live_keeps_it_closed(
    personas, product, shopee_shop, shopee_fake, worker
):
    listing = ready_listing(shopee_shop, product, shopee_fake)
    item_id = shopee_fake.seed_item(listing.seller_sku)
    Listing.objects.filter(pk=listing.pk).update(
        channel_item_id=str(item_id), sku_ids={listing.seller_sku: "0"}, state=ListingState.CLOSED
    )
    listing.refresh_from_db()
    worker.reconcile(listing)
    listing.refresh_from_db()
    assert listing.state == ListingState.CLOSED and listing.last_synced_at is not None


# Job transitions --------------------------------------------------------------------------------


def test_the_job_table_names_every_state_and_finished_jobs_go_nowhere():
    assert set(JOB_TRANSITIONS) == set(JobState.values)
    for finished in (JobState.DONE, JobState.FAILED, JobState.CANCELLED):
        assert JOB_TRANSITIONS[finished] == set()


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (JobState.DONE, JobState.QUEUED),
        (JobState.FAILED, JobState.RUNNING),
        (JobState.CANCELLED, JobState.DONE),
        (JobState.QUEUED, JobState.DONE),
    ],
)
def test_an_illegal_job_transition_is_refused(product, shopee_shop, shopee_fake, start, target):
    listing = ready_listing(shopee_shop, product, shopee_fake)
    job = queue.enqueue(listing, SyncOp.UPDATE_PRICE)
    SyncJob.objects.filter(pk=job.pk).update(state=start)
    with pytest.raises(InvalidTransition):
        require_job_transition(start, target)
    assert move_jobs(SyncJob.objects.filter(pk=job.pk), target) == 0
    assert SyncJob.objects.get(pk=job.pk).state == start


def test_a_finished_job_is_never_claimed_retried_or_cancelled_again(
    personas, product, shopee_shop, shopee_fake, worker
):
    ready_listing(shopee_shop, product, shopee_fake)
    publish_product(product, shopee_shop, actor=personas.ikm_owner)
    worker.run_until_idle()
    job = SyncJob.objects.get(op=SyncOp.PUBLISH)
    assert job.state == JobState.DONE
    SyncJob.objects.filter(pk=job.pk).update(not_before=timezone.now(), lease_until=timezone.now())
    assert queue.claim("another-worker", limit=5) == []
    assert not queue.retry(job, user_message="x", detail="x", kind="server", delay_s=0, throttled=False)
    assert not queue.cancel(job, reason="x")
    assert SyncJob.objects.get(pk=job.pk).state == JobState.DONE


def test_retiring_a_channel_cancels_only_its_unfinished_jobs(
    personas, product, shopee, shopee_shop, shopee_fake
):
    listing = ready_listing(shopee_shop, product, shopee_fake)
    done = queue.enqueue(listing, SyncOp.UPDATE_PRICE)
    SyncJob.objects.filter(pk=done.pk).update(state=JobState.DONE)
    waiting = queue.enqueue(listing, SyncOp.UPDATE_STOCK)
    retire_channel(shopee, actor=personas.ministry_admin)
    states = dict(SyncJob.objects.values_list("pk", "state"))
    assert (states[done.pk], states[waiting.pk]) == (JobState.DONE, JobState.CANCELLED)
    assert Listing.objects.get(pk=listing.pk).state == ListingState.CLOSED


# The duplicate kind -----------------------------------------------------------------------------


def test_shopee_maps_its_repeated_sku_answer_to_the_duplicate_kind_and_the_worker_adopts_the_item(
    personas, product, shopee_shop, shopee_fake, worker
):
    listing = ready_listing(shopee_shop, product, shopee_fake)
    existing = shopee_fake.seed_item(listing.seller_sku)  # the owner had listed it by hand
    publish_product(product, shopee_shop, actor=personas.ikm_owner)
    worker.run_until_idle()
    job = SyncJob.objects.get(op=SyncOp.PUBLISH)
    assert (job.state, job.attempts) == (JobState.DONE, 1)  # adopted at once, not retried
    listing.refresh_from_db()
    assert (listing.state, listing.channel_item_id) == (ListingState.LIVE, str(existing))
    assert [i.item_id for i in shopee_fake.items.values() if i.item_sku == listing.seller_sku] == [existing]


class _LazadaWithOurSpec:
    """The real Lazada adapter against the Lazada fake; only the hub's spec is translated to a Lazada
    category and attributes (the hub's seed mappings are for the other channels)."""

    def __init__(self, adapter: LazadaAdapter):
        self._adapter = adapter

    def create_listing(self, spec):
        return self._adapter.create_listing(
            replace(
                spec, category_id="10002", attributes={"material": ["Bambu"]}, images=("https://x/1.jpg",)
            )
        )

    def __getattr__(self, name):
        return getattr(self._adapter, name)


def test_lazada_maps_4105_to_the_duplicate_kind_and_the_worker_adopts_the_item(
    personas, product, shopee_shop, shopee_fake, worker, http, monkeypatch
):
    listing = ready_listing(shopee_shop, product, shopee_fake)
    with FakeLazada() as lazada:
        config = LazadaConfig(
            lazada.app_key,
            lazada.app_secret,
            base_url=lazada.url + "/rest",
            auth_url=lazada.url + "/rest",
            authorize_url=lazada.url,
            no_brand_id=NO_BRAND_ID,
        )
        adapter = _LazadaWithOurSpec(LazadaAdapter(config, lazada.issue_credentials(), http=http))
        existing = lazada.seed_item(listing.seller_sku)
        with pytest.raises(ChannelError) as duplicate:
            adapter.create_listing(
                replace(_spec_of(listing), category_id="10002", attributes={"material": ["Bambu"]})
            )
        assert (duplicate.value.kind, duplicate.value.code) == ("duplicate", "4105")
        monkeypatch.setattr(worker, "_adapter", lambda _listing: adapter)
        publish_product(product, shopee_shop, actor=personas.ikm_owner)
        worker.run_until_idle()
        job = SyncJob.objects.get(op=SyncOp.PUBLISH)
        assert (job.state, job.attempts) == (JobState.DONE, 1)
        listing.refresh_from_db()
        assert (listing.state, listing.channel_item_id) == (ListingState.LIVE, str(existing))


def _spec_of(listing):
    from smartikm.channels.marketplaces.base import ListingSpec, SkuSpec

    return ListingSpec(
        seller_sku=listing.seller_sku,
        title="Tas anyaman rotan Lombok ukuran sedang",
        description="<p>Anyaman rotan.</p>",
        category_id="10002",
        skus=(SkuSpec(listing.seller_sku, 150_000, 10),),
        weight_g=450,
        images=("https://x/1.jpg",),
        length_cm=30,
        width_cm=10,
        height_cm=25,
    )


class _SaysDuplicate:
    """Any adapter whose channel says "already there" under a code the worker has never heard of."""

    def __init__(self, ref):
        self.ref, self.created = ref, 0

    def create_listing(self, spec):
        self.created += 1
        raise ChannelError("somewhere", "ZZ-NEW-CODE", "exists", kind="duplicate", retryable=False)

    def find_listing_by_sku(self, seller_sku):
        return self.ref


def test_the_worker_adopts_on_the_kind_alone_whatever_the_marketplace_code(
    personas, product, tiktok_shop, tiktok_fake, worker, monkeypatch
):
    from smartikm.channels.marketplaces.base import ListingRef

    listing = ready_listing(tiktok_shop, product, tiktok_fake)
    stub = _SaysDuplicate(ListingRef("1729000000001", {listing.seller_sku: "1729000000002"}))
    monkeypatch.setattr(worker, "_adapter", lambda _listing: stub)
    publish_product(product, tiktok_shop, actor=personas.ikm_owner)
    worker.run_until_idle()
    listing.refresh_from_db()
    assert (listing.state, listing.channel_item_id, stub.created) == (ListingState.LIVE, "1729000000001", 1)


def test_a_duplicate_that_cannot_be_found_fails_the_publish_with_the_owner_message(
    personas, product, tiktok_shop, tiktok_fake, worker, monkeypatch
):
    listing = ready_listing(tiktok_shop, product, tiktok_fake)
    monkeypatch.setattr(worker, "_adapter", lambda _listing: _SaysDuplicate(None))
    publish_product(product, tiktok_shop, actor=personas.ikm_owner)
    worker.run_until_idle()
    job = SyncJob.objects.get(op=SyncOp.PUBLISH)
    listing.refresh_from_db()
    assert (job.state, job.error_kind, listing.state) == (JobState.FAILED, "duplicate", ListingState.ERROR)
    assert "sudah ada" in listing.last_error
