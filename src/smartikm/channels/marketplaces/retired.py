"""Marketplaces we no longer talk to: every call raises ChannelError(kind="unsupported").

Kept as an adapter (not deleted) so history, screens and the sync queue keep working with the same
code paths: the queue sees a permanent error with a clear Indonesian message instead of a crash.
Sources: docs/marketplaces.md §0 (Bukalapak closure announced 2025-01-07, last orders 2025-02-09; Tokopedia
Open API phases ending 2025-09-30) and the issue (Blanja.com closed 2020-10-01).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NoReturn

from smartikm.channels.marketplaces.base import ChannelError


@dataclass(frozen=True)
class RetiredChannel:
    code: str
    name: str
    retired_on: date
    reason: str  # Bahasa Indonesia, shown to the owner
    instead: str = ""


def _tanggal(day: date) -> str:
    bulan = [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ]
    return f"{day.day} {bulan[day.month - 1]} {day.year}"


RETIRED: dict[str, RetiredChannel] = {
    "bukalapak": RetiredChannel(
        "bukalapak",
        "Bukalapak",
        date(2025, 2, 9),
        "Bukalapak menutup penjualan barang fisik; kini hanya menjual produk virtual.",
    ),
    "blanja": RetiredChannel(
        "blanja", "Blanja.com", date(2020, 10, 1), "Blanja.com telah berhenti beroperasi."
    ),
    "tokopedia_legacy": RetiredChannel(
        "tokopedia_legacy",
        "Tokopedia (Open API lama)",
        date(2025, 9, 30),
        "Open API Tokopedia telah dimatikan.",
        instead="Produk tetap bisa tampil di Tokopedia lewat kanal TikTok Shop (Tokopedia ikut terdaftar).",
    ),
}


def message(channel: RetiredChannel) -> str:
    text = f"{channel.name} tidak lagi didukung sejak {_tanggal(channel.retired_on)}. {channel.reason}"
    return f"{text} {channel.instead}".strip()


class RetiredAdapter:
    """Stands in for an adapter of a retired marketplace: any operation is refused."""

    def __init__(self, code: str):
        self.retired = RETIRED[code]
        self.channel = code

    def refuse(self, operation: str = "") -> NoReturn:
        text = message(self.retired)
        raise ChannelError(
            self.channel,
            "channel_retired",
            f"{operation or 'call'} refused: retired on {self.retired.retired_on}",
            kind="unsupported",
            retryable=False,
            user_message=text,
        )

    def __getattr__(self, operation: str):
        if operation.startswith("__"):
            raise AttributeError(operation)

        def refused(*args: object, **kwargs: object) -> NoReturn:
            self.refuse(operation)

        return refused
