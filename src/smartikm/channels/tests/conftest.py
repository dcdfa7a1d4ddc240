"""Fixtures for the marketplace protocol tests: real fake servers on 127.0.0.1, a hardened client
allowed to reach them, short timeouts so fault tests stay fast."""

import httpx
import pytest

from smartikm.channels.marketplaces.base import ListingSpec, SkuSpec
from smartikm.core.http import HttpClient

FAST_TIMEOUT = httpx.Timeout(connect=1.0, read=0.5, write=1.0, pool=1.0)


@pytest.fixture
def http():
    with HttpClient(timeout=FAST_TIMEOUT, total_timeout_s=3.0, allow_private_hosts={"127.0.0.1"}) as client:
        yield client


class Recorder:
    """Collects the credentials an adapter hands over after a refresh (the hub saves them)."""

    def __init__(self):
        self.saved = []

    def __call__(self, credentials):
        self.saved.append(credentials)


@pytest.fixture
def saved_credentials():
    return Recorder()


def make_spec(
    sku="KRJ-001",
    *,
    title="Tas anyaman rotan Lombok ukuran sedang",
    category_id="101",
    images=("img-seeded",),
    attributes=None,
    price=150_000,
    stock=7,
    **extra,
):
    return ListingSpec(
        seller_sku=sku,
        title=title,
        description="Tas anyaman rotan buatan tangan perajin Lombok. " * 3,
        category_id=category_id,
        skus=(SkuSpec(sku, price, stock),),
        weight_g=450,
        images=images,
        length_cm=30,
        width_cm=10,
        height_cm=25,
        attributes=attributes if attributes is not None else {"2001": ["1"]},
        **extra,
    )
