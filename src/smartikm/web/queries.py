"""Reads for the home page: programme figures, featured sentra, latest products, provinces.

The public pages of each entity read through their own app (`registry.queries.public_ikm`,
`catalog.queries.public_products`, ...); this module only combines those for the home page."""

from django.db.models import Count, Q

from smartikm.catalog.models import Product
from smartikm.catalog.queries import public_products
from smartikm.reference.models import Region
from smartikm.registry.choices import VerificationStatus
from smartikm.registry.models import Ikm, Sentra
from smartikm.registry.queries import public_sentra

VERIFIED = VerificationStatus.VERIFIED


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
    return list(public_products().order_by("-created_at", "-id")[:limit])


def provinces_with_counts() -> list[tuple[Region, int]]:
    """Every active province with its number of verified IKM: two queries, counted by the database."""
    counts = dict(Ikm.objects.public().values_list("province").annotate(n=Count("id")).order_by())
    return [
        (p, counts.get(p.code, 0)) for p in Region.objects.filter(level=1, is_active=True).order_by("name")
    ]
