"""Who may see which products. `Product.objects.visible_to(user)` and `.public()` apply these rules
to lists; who may manage a producer's products is `producers.permissions.can_manage`."""

from django.db.models import Q

from smartikm.accounts.capabilities import Capability
from smartikm.accounts.permissions import has_capability, officer_province_codes
from smartikm.catalog.choices import ProductStatus
from smartikm.producers.choices import ProducerKind
from smartikm.producers.models import public_condition
from smartikm.producers.permissions import own_condition

# Whose active products are public: verified IKM, and active UPT Pemasyarakatan (prison producer
# units, see the corrections app).
PUBLIC_PRODUCER = public_condition("producer__")
PUBLIC_PRODUCT = PUBLIC_PRODUCER & Q(status=ProductStatus.ACTIVE)


def can_manage_any_product(user) -> bool:
    return has_capability(user, Capability.MANAGE_ANY_PRODUCT)


def visible_product_condition(user) -> Q | None:
    """None means every product; else public products, the products of the user's own producers
    (IKM, UPT), and every IKM product of an officer's province."""
    if has_capability(user, Capability.SEE_ALL_PROFILES):
        return None
    condition = PUBLIC_PRODUCT
    if user is not None and user.is_authenticated:
        condition |= own_condition(user, "producer__")
        provinces = officer_province_codes(user)
        if provinces:
            condition |= Q(producer__kind=ProducerKind.IKM, producer__province_id__in=sorted(provinces))
    return condition
