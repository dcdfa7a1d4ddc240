"""Reads for the public site. Only verified IKM, active products and active sentra are public, and
only their public fields are ever put in a template (never owner NIK/phone/birth date, NPWP, needs or
a rejection reason)."""

from django.db.models import Count, Prefetch, Q, QuerySet

from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.models import Product, ProductImage
from smartikm.catalog.queries import public_products
from smartikm.reference.models import Region
from smartikm.registry.choices import VerificationStatus
from smartikm.registry.models import Certification, Ikm, Sentra, SentraMember

VERIFIED = VerificationStatus.VERIFIED
# Fields a public page may read from an IKM row; `.only()` keeps private columns out of memory too.
PUBLIC_IKM_FIELDS = (
    "id",
    "name",
    "business_type",
    "phone",
    "email",
    "kbli",
    "scale",
    "village",
    "province",
    "regency",
    "address",
    "postal_code",
    "description",
    "founded_on",
    "store_links",
    "has_trademark",
    "consumers",
    "marketing_reach",
    "has_export_experience",
    "status",
    "verified_at",
    "updated_at",
)


def public_ikm() -> QuerySet[Ikm]:
    return (
        Ikm.objects.public().only(*PUBLIC_IKM_FIELDS).select_related("province", "regency", "village", "kbli")
    )


def public_sentra() -> QuerySet[Sentra]:
    return Sentra.objects.public().select_related("province", "regency", "village", "kbli")


def product_detail(pk: int) -> QuerySet[Product]:
    return (
        public_products()
        .filter(pk=pk)
        .prefetch_related(Prefetch("certifications", queryset=Certification.objects.select_related("kind")))
    )


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


def members_of(sentra: Sentra) -> QuerySet[Ikm]:
    ids = SentraMember.objects.filter(sentra=sentra).values("ikm_id")
    return public_ikm().filter(pk__in=ids).order_by("name", "id")


def thumbnails() -> Prefetch:
    return Prefetch("images", queryset=ProductImage.objects.order_by("position", "id"))


def active_product_count(ikm_ids) -> int:
    return Product.objects.filter(
        ikm_id__in=ikm_ids, status=ProductStatus.ACTIVE, ikm__status=VERIFIED
    ).count()
