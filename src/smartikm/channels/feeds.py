"""Catalogue feeds (XLSX/CSV) with a per-channel column mapping, e.g. LKPP e-Katalog submissions.

`Channel.config["columns"]` is a list of `[header, field]`; fields are Product attributes plus
`seller_sku` and `producer`. Cells that start with = + - @ are prefixed with a quote so a
spreadsheet never runs them as formulas (CSV injection).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from openpyxl import Workbook

from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.models import Product
from smartikm.channels.queries import owned_by
from smartikm.channels.specs import seller_sku_for


def _safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _value(product: Product, field: str):
    if field == "seller_sku":
        return seller_sku_for(product)
    if field == "producer":
        return str(product.producer)
    return getattr(product, field, "")


def feed_rows(channel, producers) -> Iterator[list[str]]:
    columns = (channel.config or {}).get("columns", [])
    yield [header for header, _field in columns]
    products = owned_by(
        Product.objects.filter(status=ProductStatus.ACTIVE).select_related("producer"), producers
    ).order_by("name_id", "id")
    for product in products.iterator(chunk_size=500):
        yield [_safe(_value(product, field)) for _header, field in columns]


def feed_xlsx_bytes(channel, producers) -> bytes:
    """The feed rows as an XLSX workbook, header row first."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=channel.code[:31])
    for row in feed_rows(channel, producers):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
