"""Retired marketplaces refuse everything clearly; ChannelError speaks Indonesian to owners."""

import pytest

from smartikm.channels.marketplaces.base import ChannelError, decode_cursor, encode_cursor, split_windows
from smartikm.channels.marketplaces.retired import RETIRED, RetiredAdapter
from smartikm.channels.tests.conftest import make_spec


@pytest.mark.parametrize(
    ("code", "date_text"),
    [
        ("bukalapak", "9 Februari 2025"),
        ("blanja", "1 Oktober 2020"),
        ("tokopedia_legacy", "30 September 2025"),
    ],
)
def test_retired_marketplace_refuses_publishing_with_the_retirement_date_in_indonesian(code, date_text):
    with pytest.raises(ChannelError) as refused:
        RetiredAdapter(code).create_listing(make_spec())
    error = refused.value
    assert error.kind == "unsupported" and error.permanent and error.code == "channel_retired"
    assert f"tidak lagi didukung sejak {date_text}" in error.user_message


def test_tokopedia_legacy_points_the_owner_to_tiktok_shop():
    with pytest.raises(ChannelError) as refused:
        RetiredAdapter("tokopedia_legacy").update_stock(None, {"A": 1})
    assert "TikTok Shop" in refused.value.user_message


def test_every_retired_channel_has_a_date_and_a_reason():
    assert all(r.retired_on and r.reason for r in RETIRED.values())


def test_error_kinds_have_owner_messages_in_indonesian():
    throttle = ChannelError(
        "shopee", "error_rate_limit", "Too many requests.", kind="throttle", retryable=True
    )
    assert (
        throttle.user_message
        == "Shopee sedang membatasi jumlah permintaan. Sistem akan mencoba lagi otomatis."
    )
    protocol = ChannelError("lazada", "malformed_response", "x", kind="protocol", retryable=False)
    assert protocol.permanent and "tidak bisa dibaca" in protocol.user_message


def test_windows_cover_the_range_without_gaps_and_respect_the_maximum():
    windows = list(split_windows(0, 40, 15))
    assert windows == [(0, 15), (15, 30), (30, 40)]


def test_cursor_round_trips_and_a_foreign_cursor_is_refused():
    assert decode_cursor(encode_cursor({"w": 1.5, "c": "abc"})) == {"w": 1.5, "c": "abc"}
    with pytest.raises(ValueError):
        decode_cursor("not base64 json!")
