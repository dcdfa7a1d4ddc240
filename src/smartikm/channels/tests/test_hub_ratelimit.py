"""The shared token bucket: one DB row per (channel, shop), never a module global."""

import threading
import time

import pytest
from django.db import connection

from smartikm.channels import ratelimit
from smartikm.channels.models import RateBucket

pytestmark = pytest.mark.django_db


def test_two_workers_sharing_a_bucket_get_no_more_than_burst_plus_refill():
    ratelimit.ensure_bucket("shopee:1", rate=10, burst=3)
    t0 = 1_000_000.0
    RateBucket.objects.filter(key="shopee:1").update(updated=t0)
    granted = 0
    # Two "workers" alternate over 2 seconds of their own clocks (one slightly behind the other).
    for step in range(400):
        now = t0 + step * 0.005 - (0.003 if step % 2 else 0.0)
        granted += ratelimit.try_acquire("shopee:1", now=now)
    assert granted <= 3 + 10 * 2 + 1
    assert granted >= 3 + 10 * 2 - 2  # and the budget is used, not wasted


def test_the_wait_time_says_when_the_next_token_is_due():
    ratelimit.ensure_bucket("tiktok:9", rate=4, burst=1)
    RateBucket.objects.filter(key="tiktok:9").update(updated=100.0, tokens=0.0)
    assert ratelimit.wait_time("tiktok:9", now=100.0) == pytest.approx(0.25)
    assert ratelimit.try_acquire("tiktok:9", now=100.1) is False
    assert ratelimit.try_acquire("tiktok:9", now=100.26) is True


@pytest.mark.postgres_only
def test_two_threads_with_their_own_connections_stay_within_the_bucket():
    key = "bench:threads"
    rate, burst, seconds = 20.0, 5.0, 1.0
    counts = [0, 0]

    def run(index):
        try:
            ratelimit.ensure_bucket(key, rate=rate, burst=burst)  # committed: autocommit connection
            end = time.time() + seconds
            while time.time() < end:
                counts[index] += ratelimit.try_acquire(key)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    cleanup = threading.Thread(
        target=lambda: (RateBucket.objects.filter(key=key).delete(), connection.close())
    )
    cleanup.start()
    cleanup.join()
    assert sum(counts) <= burst + rate * (seconds + 0.2)
    assert all(counts)  # both threads got tokens from the same bucket
