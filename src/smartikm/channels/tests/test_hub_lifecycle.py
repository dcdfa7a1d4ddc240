"""Channel lifecycle and the publishing gate: retirement, readiness, eligibility."""
# ruff: noqa: F811 - pytest fixtures imported from hub_fixtures are redefined as arguments

import datetime

import pytest
from django.core.exceptions import ValidationError

from smartikm.channels.actions import change_channel_state, publish_product, retire_channel
from smartikm.channels.choices import ChannelState, JobState, ListingState, SyncOp
from smartikm.channels.models import Channel, Listing, SyncJob
from smartikm.channels.readiness import missing_for
from smartikm.channels.tests.hub_fixtures import (  # noqa: F401 - fixtures
    fast_retries,
    owner_ikm,
    product,
    ready_listing,
    shopee,
    shopee_fake,
    shopee_shop,
    worker,
)
from smartikm.core.audit import history

pytestmark = pytest.mark.django_db


def test_retired_channels_are_seeded_with_their_effective_dates(db):
    retired = dict(Channel.objects.filter(state=ChannelState.RETIRED).values_list("code", "effective_date"))
    assert retired == {
        "bukalapak": datetime.date(2025, 2, 9),
        "blanja": datetime.date(2020, 10, 1),
        "tokopedia-openapi": datetime.date(2025, 9, 30),
    }


def test_retiring_a_channel_closes_open_listings_keeps_history_and_cancels_queued_work(
    personas, product, shopee_shop, shopee_fake, worker
):
    ready_listing(shopee_shop, product, shopee_fake)
    listing = publish_product(product, shopee_shop, actor=personas.ikm_owner)
    worker.run_until_idle()
    from smartikm.channels.actions import push_product_changes

    push_product_changes(product, price=True)
    requests_before = len(shopee_fake.requests)
    retire_channel(
        shopee_shop.channel, actor=personas.ministry_admin, effective_date=datetime.date(2026, 1, 1)
    )
    listing.refresh_from_db()
    assert listing.state == ListingState.CLOSED and listing.closed_at and listing.channel_item_id
    assert SyncJob.objects.get(op=SyncOp.PUBLISH).state == JobState.DONE  # history kept
    assert SyncJob.objects.get(op=SyncOp.UPDATE_PRICE).state == JobState.CANCELLED
    worker.run_until_idle()
    assert len(shopee_fake.requests) == requests_before  # nothing new is sent
    assert history(shopee_shop.channel).filter(action="channel.state_changed").exists()


def test_publishing_to_a_retired_channel_is_refused_with_a_clear_indonesian_message(
    personas, product, shopee_shop, shopee_fake
):
    ready_listing(shopee_shop, product, shopee_fake)
    retire_channel(
        shopee_shop.channel, actor=personas.ministry_admin, effective_date=datetime.date(2025, 2, 9)
    )
    with pytest.raises(ValidationError) as caught:
        publish_product(product, shopee_shop, actor=personas.ikm_owner)
    assert "sudah dihentikan sejak 09-02-2025" in caught.value.messages[0]
    assert not SyncJob.objects.exists()


def test_a_retired_channel_cannot_become_active_again(personas, shopee):
    retire_channel(shopee, actor=personas.ministry_admin)
    with pytest.raises(ValidationError):
        change_channel_state(shopee, ChannelState.ACTIVE, actor=personas.ministry_admin)


def test_a_product_missing_a_required_attribute_is_not_ready_and_lists_it(
    personas, product, shopee_shop, shopee_fake
):
    listing = ready_listing(shopee_shop, product, shopee_fake, attributes={})
    product.weight_g = None
    product.save()
    missing = missing_for(product, shopee_shop.channel, listing)
    assert any("Bahan" in m for m in missing) and any("Berat" in m for m in missing)
    with pytest.raises(ValidationError):
        publish_product(product, shopee_shop, actor=personas.ikm_owner)
    assert not SyncJob.objects.exists()


def test_a_programme_channel_refuses_an_uncurated_product_through_the_curation_rule(
    personas, product, shopee_shop, shopee_fake
):
    ready_listing(shopee_shop, product, shopee_fake)
    Channel.objects.filter(pk=shopee_shop.channel_id).update(is_programme=True)
    shopee_shop.channel.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        publish_product(product, shopee_shop, actor=personas.ikm_owner)
    assert any("kanal program" in m for m in caught.value.messages)
    assert not Listing.objects.filter(state=ListingState.LIVE).exists()
