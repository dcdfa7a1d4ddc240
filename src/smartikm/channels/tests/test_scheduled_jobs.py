"""The marketplace hub's scheduled jobs: the order-import fan-out, the token refresh and the
queue-health alert. Each is idempotent; clocks are passed in, never waited for."""
# ruff: noqa: F811 - pytest fixtures imported from other modules are redefined as arguments

import datetime
import time

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from smartikm.accounts.capabilities import Capability
from smartikm.accounts.permissions import users_with_capability
from smartikm.channels import tasks
from smartikm.channels.actions import alert_queue_health, queue_order_imports
from smartikm.channels.choices import ChannelState, ConnectionState, JobState, SyncOp
from smartikm.channels.marketplaces.base import ChannelError
from smartikm.channels.models import Channel, Listing, QueueAlert, ShopConnection, SyncJob
from smartikm.channels.tests.hub_fixtures import make_product, owner_ikm  # noqa: F401 - fixture
from smartikm.core.models import AuditEntry
from smartikm.producers.actions import producer_for

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 7, 2, 0, tzinfo=datetime.UTC)
IMPORT_TASK = "smartikm.channels.tasks.import_shop_orders"


def shop(channel_code: str, ikm, *, state=ConnectionState.CONNECTED, shop_id="") -> ShopConnection:
    return ShopConnection.objects.create(
        channel=Channel.objects.get(code=channel_code),
        producer=producer_for(ikm),
        state=state,
        shop_id=shop_id or f"{channel_code}-{ShopConnection.objects.count() + 1}",
    )


def queued_imports() -> list[int]:
    rows = DBTaskResult.objects.filter(task_path=IMPORT_TASK).order_by("pk")
    return [row.args_kwargs["args"][0] for row in rows]


@pytest.fixture
def fan_out(django_capture_on_commit_callbacks):
    def run(now=NOW) -> dict:
        with django_capture_on_commit_callbacks(execute=True):
            return queue_order_imports(now=now)

    return run


# --------------------------------------------------------------------------- order import fan-out


def test_every_connected_api_shop_gets_one_order_import_and_a_second_run_queues_no_duplicate(
    owner_ikm, fan_out
):
    shopee = shop("shopee", owner_ikm)
    tiktok = shop("tiktok", owner_ikm)
    shop("lazada", owner_ikm, state=ConnectionState.EXPIRED)
    shop("shopee", owner_ikm, state=ConnectionState.DISCONNECTED)
    shop("tiktok", owner_ikm, state=ConnectionState.PENDING)
    assert fan_out() == {"queued": 2, "still_running": 0}
    assert sorted(queued_imports()) == sorted([shopee.pk, tiktok.pk])
    assert fan_out(NOW + datetime.timedelta(minutes=5)) == {"queued": 0, "still_running": 2}
    assert len(queued_imports()) == 2


def test_a_shop_is_queued_again_once_its_import_ended_even_when_it_failed(owner_ikm, fan_out, monkeypatch):
    conn = shop("shopee", owner_ikm)
    fan_out()

    def channel_down(*args, **kwargs):
        raise ChannelError("shopee", "error_server", "down", kind="server", retryable=True)

    monkeypatch.setattr(tasks, "build_adapter", lambda *a, **k: None)
    monkeypatch.setattr(tasks, "import_orders", channel_down)
    with pytest.raises(ChannelError):
        tasks.import_shop_orders.call(conn.pk)
    conn.refresh_from_db()
    assert conn.orders_import_queued_at is None
    assert fan_out(NOW + datetime.timedelta(minutes=5))["queued"] == 1
    assert queued_imports() == [conn.pk, conn.pk]


def test_an_import_lost_for_an_hour_is_queued_again(owner_ikm, fan_out):
    conn = shop("shopee", owner_ikm)
    fan_out()
    assert fan_out(NOW + datetime.timedelta(minutes=59))["queued"] == 0
    assert fan_out(NOW + datetime.timedelta(minutes=61))["queued"] == 1
    assert queued_imports() == [conn.pk, conn.pk]


def test_shops_of_a_retired_channel_are_not_imported(owner_ikm, fan_out):
    shop("lazada", owner_ikm)
    Channel.objects.filter(code="lazada").update(state=ChannelState.RETIRED)
    assert fan_out()["queued"] == 0 and queued_imports() == []


# --------------------------------------------------------------------------- token refresh


def test_token_refresh_takes_every_shop_within_the_margin_and_one_channel_down_stops_no_other(
    owner_ikm, monkeypatch
):
    soon = shop("shopee", owner_ikm)
    later = shop("tiktok", owner_ikm)
    far = shop("lazada", owner_ikm)
    ShopConnection.objects.filter(pk=soon.pk).update(access_expires_at=time.time() + 20 * 60)
    ShopConnection.objects.filter(pk=later.pk).update(access_expires_at=time.time() + 25 * 60)
    ShopConnection.objects.filter(pk=far.pk).update(access_expires_at=time.time() + 3 * 3600)
    refreshed = []

    def refresh(pk, *, http, margin_s):
        refreshed.append((pk, margin_s))
        if pk == soon.pk:
            raise ChannelError("shopee", "error_server", "down", kind="server", retryable=True)

    monkeypatch.setattr(tasks, "refresh_connection", refresh)
    assert tasks.refresh_expiring_tokens.call(margin_s=1800) == {"due": 2, "failed": 1}
    assert sorted(refreshed) == sorted([(soon.pk, 1800), (later.pk, 1800)])
    refreshed.clear()
    assert tasks.refresh_expiring_tokens.call() == {"due": 0, "failed": 0}  # the worker's 10 minutes


# --------------------------------------------------------------------------- queue health


@pytest.fixture
def queue(owner_ikm):
    """make(n, state): n sync jobs of one listing, due an hour before NOW (failed ones finished then)."""
    listing = Listing.objects.create(
        channel=Channel.objects.get(code="shopee"), product=make_product(owner_ikm), seller_sku="SKU-1"
    )

    def make(count: int, state=JobState.QUEUED, *, finished=NOW - datetime.timedelta(hours=1)):
        start = SyncJob.objects.count()
        SyncJob.objects.bulk_create(
            SyncJob(
                listing=listing,
                channel=listing.channel,
                op=SyncOp.UPDATE_STOCK,
                version=start + i,
                idempotency_key=f"k-{start + i}",
                state=state,
                not_before=NOW - datetime.timedelta(hours=1),
                finished_at=finished if state == JobState.FAILED else None,
            )
            for i in range(count)
        )

    return make


@pytest.fixture
def thresholds(settings):
    settings.QUEUE_ALERT_BACKLOG = 3
    settings.QUEUE_ALERT_FAILED = 2
    settings.QUEUE_ALERT_PERIOD_H = 6
    return settings


@pytest.fixture
def check(django_capture_on_commit_callbacks):
    def run(now=NOW) -> dict:
        with django_capture_on_commit_callbacks(execute=True):
            return alert_queue_health(now=now)

    return run


def test_a_queue_under_both_thresholds_alerts_nobody(personas, queue, thresholds, check):
    queue(2)
    queue(1, JobState.FAILED)
    queue(10, JobState.DONE)
    assert check() == {"backlog": 2, "failed": 1, "alerted": False}
    assert mail.outbox == [] and not QueueAlert.objects.exists()


def test_a_backlog_over_the_threshold_alerts_the_ministry_administrators_only_in_indonesian(
    personas, queue, thresholds, check
):
    queue(3)
    result = check()
    assert result == {"backlog": 3, "failed": 0, "alerted": True, "recipients": 1}
    assert [m.to for m in mail.outbox] == [[personas.ministry_admin.email]]
    message = mail.outbox[0]
    assert message.subject == "[e-Smart IKM] Antrean sinkron marketplace perlu diperiksa"
    assert "- 3 tugas sudah jatuh tempo dan masih menunggu (ambang 3)" in message.body
    assert "yang tertua jatuh tempo 7 Desember 2026 08:00" in message.body
    assert "paling cepat 6 jam lagi" in message.body
    alert = QueueAlert.objects.get()
    assert (alert.backlog, alert.failed, alert.recipients, alert.sent_at) == (3, 0, 1, NOW)
    assert AuditEntry.objects.filter(action="channels.queue_alert").count() == 1


def test_jobs_failed_for_good_in_the_last_day_alert_too_but_older_failures_do_not(
    personas, queue, thresholds, check
):
    queue(5, JobState.FAILED, finished=NOW - datetime.timedelta(hours=30))
    assert check()["alerted"] is False
    queue(2, JobState.FAILED)
    assert check()["alerted"] is True
    assert "- 2 tugas gagal permanen dalam 24 jam terakhir (ambang 2)" in mail.outbox[0].body


def test_an_unhealthy_queue_alerts_at_most_once_per_period(personas, queue, thresholds, check):
    queue(5)
    assert check()["alerted"] is True
    for minutes in (15, 30, 5 * 60 + 59):
        assert check(NOW + datetime.timedelta(minutes=minutes)) == {
            "backlog": 5,
            "failed": 0,
            "alerted": False,
            "rate_limited": True,
        }
    assert len(mail.outbox) == 1
    assert check(NOW + datetime.timedelta(hours=6, minutes=1))["alerted"] is True
    assert len(mail.outbox) == 2 and QueueAlert.objects.count() == 2


def test_queued_jobs_not_yet_due_are_no_backlog(personas, queue, thresholds, check):
    queue(5)
    SyncJob.objects.update(not_before=NOW + datetime.timedelta(minutes=10))
    assert check()["backlog"] == 0 and mail.outbox == []


def test_alerts_go_to_every_holder_of_the_capability_and_to_no_one_else(personas):
    holders = set(users_with_capability(Capability.SEE_SCHEDULED_JOBS))
    assert holders == {personas.ministry_admin}
    personas.ministry.is_active = False
    personas.ministry.save()
    personas.ministry_admin.is_superuser = False
    personas.ministry_admin.save()
    assert set(users_with_capability(Capability.SEE_SCHEDULED_JOBS)) == set()
