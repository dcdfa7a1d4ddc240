"""Reusable reads of the catalogue, shaped to avoid N+1 queries on list pages and endpoints."""

from django.db.models import Prefetch, QuerySet

from smartikm.catalog.models import Category, Product, ProductImage
from smartikm.core.crypto import secret_fields
from smartikm.registry.models import Certification, Ikm


def _with_relations(qs: QuerySet[Product]) -> QuerySet[Product]:
    return (
        qs.select_related(
            "producer",
            "producer__province",
            "producer__ikm",
            "producer__ikm__province",
            "producer__ikm__regency",
            "category",
            "category__parent",
            "hs_code",
            "kbli",
        )
        .prefetch_related(Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")))
        .defer(
            # Product pages never show the maker's encrypted fields (owner NIK): they are not loaded.
            *secret_fields(Ikm, "producer__ikm__")
        )
    )


def public_products() -> QuerySet[Product]:
    """Active products of verified IKM and of active UPT: the only products anonymous visitors and
    partners may see.

    Callers must show only public producer fields (IKM name, province, regency; UPT name), never the
    owner's data, and for UPT products at most `producers.permissions.public_label(product.producer)`.
    """
    return _with_relations(Product.objects.public())


def products_of(ikm) -> QuerySet[Product]:
    """All products of one IKM, any status (for its owner and for staff)."""
    return _with_relations(Product.objects.filter(producer__ikm=ikm))


def leaf_categories() -> QuerySet[Category]:
    """Active sub-categories a product may be filed under, in tree order."""
    return (
        Category.objects.filter(is_active=True, parent__isnull=False, parent__is_active=True)
        .select_related("parent")
        .order_by("parent__position", "parent__name_id", "position", "name_id")
    )


def category_tree() -> list[tuple[Category, list[Category]]]:
    """Active top-level categories with their active children, two queries in all."""
    tops = list(Category.objects.filter(is_active=True, parent__isnull=True).order_by("position", "name_id"))
    children: dict[int | None, list[Category]] = {c.pk: [] for c in tops}
    for child in leaf_categories():
        children.setdefault(child.parent_id, []).append(child)
    return [(top, children[top.pk]) for top in tops]


def product_detail(pk: int) -> QuerySet[Product]:
    """One public product with its certifications, for the public product page."""
    return (
        public_products()
        .filter(pk=pk)
        .prefetch_related(Prefetch("certifications", queryset=Certification.objects.select_related("kind")))
    )


def active_product_count(ikm_ids) -> int:
    """Active products of the given IKM that are verified (a sentra page's figure)."""
    return Product.objects.public().filter(producer__ikm_id__in=ikm_ids).count()
