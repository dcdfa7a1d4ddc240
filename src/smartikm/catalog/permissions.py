"""Who may see which products. `Product.objects.visible_to(user)` and `.public()` apply these rules
to lists; who may manage a producer's products stays in `catalog.actions.can_manage_products` until
producers have their own app."""

from django.db.models import Q

from smartikm.accounts.capabilities import Capability
from smartikm.accounts.permissions import has_capability, officer_province_codes, officer_upt_ids
from smartikm.catalog.choices import ProductStatus
from smartikm.registry.choices import VerificationStatus

# Whose active products are public: verified IKM, and active UPT Pemasyarakatan (prison producer
# units, see the corrections app).
PUBLIC_PRODUCER = Q(ikm__status=VerificationStatus.VERIFIED) | Q(upt__isnull=False, upt__is_active=True)
PUBLIC_PRODUCT = PUBLIC_PRODUCER & Q(status=ProductStatus.ACTIVE)


def can_manage_any_product(user) -> bool:
    return has_capability(user, Capability.MANAGE_ANY_PRODUCT)


def visible_product_condition(user) -> Q | None:
    """None means every product; else public products, the user's IKM's products, every product of
    an officer's province and of an officer's UPT."""
    if has_capability(user, Capability.SEE_ALL_PROFILES):
        return None
    condition = PUBLIC_PRODUCT
    if user is not None and user.is_authenticated:
        condition |= Q(ikm__owner=user)
        provinces = officer_province_codes(user)
        if provinces:
            condition |= Q(ikm__province_id__in=sorted(provinces))
        upts = officer_upt_ids(user)
        if upts:
            condition |= Q(upt_id__in=sorted(upts))
    return condition
