"""Channel rows and demo category mappings, as data (used by migration 0002 and `seed_channels`).

Retired channels are kept with their effective dates (docs/marketplaces.md §0): Bukalapak physical goods
closed 2025-02-09, Blanja.com 2020-10-01, Tokopedia's own Open API 2025-09-30 (Tokopedia is now
reached through TikTok Shop). The category ids of the mappings are those of the protocol fakes'
demo trees; a deployment replaces them from each channel's `category_tree()`.
"""

import datetime
from typing import Any

CHANNELS: list[dict[str, Any]] = [
    {
        "code": "shopee",
        "name": "Shopee",
        "kind": "api",
        "adapter": "shopee",
        "api_base_url": "https://partner.shopeemobile.com",
        "rate_per_s": 10.0,
        "burst": 10.0,
        "config": {"logistics_ids": ["8003"], "dimensions_required": True, "title_min": 0},
    },
    {
        "code": "tiktok",
        "name": "TikTok Shop / Tokopedia",
        "kind": "api",
        "adapter": "tiktok",
        "api_base_url": "https://open-api.tiktokglobalshop.com",
        "rate_per_s": 40.0,
        "burst": 40.0,
        "config": {
            "auth_url": "https://auth.tiktok-shops.com",
            "authorize_url": "https://services.tiktokshop.com",
            "title_min": 25,
            "listing_platforms": ["TOKOPEDIA", "TIKTOK_SHOP"],
        },
    },
    {
        "code": "lazada",
        "name": "Lazada",
        "kind": "api",
        "adapter": "lazada",
        "api_base_url": "https://api.lazada.co.id/rest",
        "rate_per_s": 10.0,
        "burst": 10.0,
        "config": {"auth_url": "https://auth.lazada.com/rest", "authorize_url": "https://auth.lazada.com"},
    },
    {
        "code": "lkpp-ekatalog",
        "name": "LKPP e-Katalog",
        "kind": "feed",
        "config": {
            "columns": [
                ["Kode Produk", "seller_sku"],
                ["Nama Produk", "name_id"],
                ["Deskripsi", "description_id"],
                ["Harga (Rp)", "price"],
                ["Stok", "stock"],
                ["Satuan", "unit"],
                ["Berat (gram)", "weight_g"],
                ["Kode HS", "hs_code_id"],
                ["KBLI", "kbli_id"],
                ["Produsen", "producer"],
            ]
        },
    },
    {"code": "blibli", "name": "Blibli", "kind": "link"},
    {"code": "ralali", "name": "Ralali", "kind": "link"},
    {
        "code": "bukalapak",
        "name": "Bukalapak (barang fisik)",
        "kind": "link",
        "state": "retired",
        "effective_date": datetime.date(2025, 2, 9),
        "note": "Penjualan barang fisik ditutup; pesanan terakhir 9 Februari 2025 pukul 23.59 WIB.",
    },
    {
        "code": "blanja",
        "name": "Blanja.com",
        "kind": "link",
        "state": "retired",
        "effective_date": datetime.date(2020, 10, 1),
        "note": "Blanja.com berhenti beroperasi.",
    },
    {
        "code": "tokopedia-openapi",
        "name": "Tokopedia Open API",
        "kind": "api",
        "state": "retired",
        "effective_date": datetime.date(2025, 9, 30),
        "note": "Open API Tokopedia dihentikan; Tokopedia kini lewat TikTok Shop Partner Center.",
    },
]

# our category slug → channel code → (leaf id, name, required attributes, default attributes)
# category slug -> channel code -> (channel leaf category id, its name, required attributes, defaults)
MAPPINGS: dict[str, dict[str, tuple[str, str, list[dict[str, Any]], dict[str, Any]]]] = {
    "anyaman": {
        "shopee": (
            "101",
            "Kerajinan Tangan > Anyaman",
            [
                {
                    "id": "2001",
                    "name": "Bahan",
                    "values": [{"id": "1", "name": "Rotan"}, {"id": "2", "name": "Bambu"}],
                }
            ],
            {},
        ),
        "tiktok": (
            "600002",
            "Kerajinan Tangan > Anyaman",
            [
                {
                    "id": "100100",
                    "name": "Bahan",
                    "values": [{"id": "1001", "name": "Rotan"}, {"id": "1002", "name": "Bambu"}],
                }
            ],
            {},
        ),
    },
    "batik": {
        "shopee": ("102", "Batik", [], {}),
        "tiktok": ("600003", "Batik", [], {}),
    },
}


def seed_channels(Channel) -> int:
    made = 0
    for row in CHANNELS:
        data = dict(row)
        code = data.pop("code")
        _obj, created = Channel.objects.get_or_create(code=code, defaults=data)
        made += int(created)
    return made


def seed_mappings(Channel, Category, CategoryMapping) -> int:
    made = 0
    for slug, per_channel in MAPPINGS.items():
        category = Category.objects.filter(slug=slug).first()
        if category is None:
            continue
        for code, (leaf, name, required, defaults) in per_channel.items():
            channel = Channel.objects.filter(code=code).first()
            if channel is None:
                continue
            _obj, created = CategoryMapping.objects.get_or_create(
                channel=channel,
                category=category,
                defaults={
                    "channel_category_id": leaf,
                    "channel_category_name": name,
                    "required_attributes": required,
                    "default_attributes": defaults,
                    "source": "demo (pohon kategori fake)",
                },
            )
            made += int(created)
    return made
