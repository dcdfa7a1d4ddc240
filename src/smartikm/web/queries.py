"""Reads for the home page: programme figures, featured sentra, latest products, provinces.

The public pages of each entity read through their own app (`registry.queries.public_ikm`,
`catalog.queries.public_products`, ...); this module only combines those for the home page.

What the home page shows falls in two kinds. The latest products are read fresh on every request,
from the index on (status, created_at, id): the database walks it from the newest end and stops
after one screenful. The figures, featured sentra and provinces are aggregates over every IKM and
product — their cost grows with the tables — so they are computed at most once per
HOME_AGGREGATES_SECONDS per process and kept in the cache (`home_aggregates`); a figure on the home
page may be that much behind.
"""

import threading

from django.core.cache import cache
from django.db.models import Count, Q

from smartikm.catalog.models import Product
from smartikm.catalog.queries import public_products
from smartikm.reference.models import Region
from smartikm.registry.choices import VerificationStatus
from smartikm.registry.models import Ikm, Sentra
from smartikm.registry.queries import public_sentra

VERIFIED = VerificationStatus.VERIFIED
HOME_AGGREGATES_SECONDS = 60
HOME_AGGREGATES_KEY = "web.home.aggregates"
# One thread per process computes the aggregates when they expire; the others wait for its answer
# instead of all running the same whole-table counts at once.
_home_aggregates_lock = threading.Lock()


def programme_figures() -> dict[str, int]:
    verified = Ikm.objects.public()
    return {
        "ikm": verified.count(),
        "products": public_products().count(),
        "sentra": Sentra.objects.filter(is_active=True).count(),
        "provinces": verified.values("province").distinct().count(),
    }


def featured_sentra(limit: int = 6) -> list[Sentra]:
    """Active sentra with the most verified members first."""
    return list(
        public_sentra()
        .annotate(member_count=Count("members", filter=Q(members__ikm__status=VERIFIED)))
        .order_by("-member_count", "name", "id")[:limit]
    )


def latest_products(limit: int = 8) -> list[Product]:
    """The newest public products; the order matches the index catalog_product_latest."""
    return list(public_products().order_by("-created_at", "-id")[:limit])


def provinces_with_counts() -> list[tuple[Region, int]]:
    """Every active province with its number of verified IKM: two queries, counted by the database."""
    counts = dict(Ikm.objects.public().values_list("province").annotate(n=Count("id")).order_by())
    return [
        (p, counts.get(p.code, 0)) for p in Region.objects.filter(level=1, is_active=True).order_by("name")
    ]


def home_aggregates() -> dict:
    """Programme figures, featured sentra and provinces with their IKM counts, from the cache when
    they were computed less than HOME_AGGREGATES_SECONDS ago."""
    found = cache.get(HOME_AGGREGATES_KEY)
    if found is None:
        with _home_aggregates_lock:
            found = cache.get_or_set(HOME_AGGREGATES_KEY, _compute_home_aggregates, HOME_AGGREGATES_SECONDS)
    return found


def _compute_home_aggregates() -> dict:
    return {
        "figures": programme_figures(),
        "featured_sentra": featured_sentra(),
        "provinces": [(p, n) for p, n in provinces_with_counts() if n],
    }
