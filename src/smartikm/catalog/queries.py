"""Reusable reads of the catalogue, shaped to avoid N+1 queries on list pages and endpoints."""

from django.db.models import Prefetch, QuerySet

from smartikm.catalog import permissions
from smartikm.catalog.models import Category, Product, ProductImage


def _with_relations(qs: QuerySet[Product]) -> QuerySet[Product]:
    return qs.select_related(
        "ikm",
        "ikm__province",
        "ikm__regency",
        "upt",
        "upt__province",
        "category",
        "category__parent",
        "hs_code",
        "kbli",
    ).prefetch_related(Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")))


PUBLIC_PRODUCER = permissions.PUBLIC_PRODUCER  # kept importable for existing callers


def public_products() -> QuerySet[Product]:
    """Active products of verified IKM and of active UPT: the only products anonymous visitors and
    partners may see.

    Callers must show only public producer fields (IKM name, province, regency; UPT name), never the
    owner's data, and for UPT products at most `corrections.provenance.provenance_label(product)`.
    """
    return _with_relations(Product.objects.public())


def products_of(ikm) -> QuerySet[Product]:
    """All products of one IKM, any status (for its owner and for staff)."""
    return _with_relations(Product.objects.filter(ikm=ikm))


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
    children: dict[int, list[Category]] = {c.pk: [] for c in tops}
    for child in leaf_categories():
        children.setdefault(child.parent_id, []).append(child)
    return [(top, children[top.pk]) for top in tops]
