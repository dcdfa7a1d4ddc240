"""Who may do what in curation, and who "the producer" of a product is. Actions, queries and the API
all ask these functions.

Own organisation (conflict of interest): for an IKM product that is the IKM's owner account; for a
product of a UPT Pemasyarakatan (`Product.upt`; a product has exactly one of ikm/upt) every member
of that UPT. Such people may nominate the product but never review or decide it.
"""

from django.utils.translation import gettext as _

from smartikm.accounts.capabilities import Capability
from smartikm.accounts.models import Membership
from smartikm.accounts.permissions import has_capability, officer_province_codes
from smartikm.curation.choices import ProducerKind


def _upt_id(product) -> int | None:
    return product.upt_id


def producer_kind(product) -> str:
    return ProducerKind.UPT if _upt_id(product) else ProducerKind.IKM


def producer_province(product) -> str | None:
    """Province code of the producer: the IKM's, or the UPT's (its province, else its region's)."""
    if _upt_id(product):
        upt = product.upt
        if upt.province_id:
            return upt.province_id
        return upt.region_id[:2] if upt.region_id else None
    return product.ikm.province_id if product.ikm_id else None


def producer_public_name(product) -> str:
    """What public pages may say about who made it: the IKM's name, or at most "karya warga binaan
    <UPT>" — never a person: warga binaan are not named on public pages."""
    if _upt_id(product):
        # Same wording as corrections.provenance, so public pages say it one way.
        return _("Karya warga binaan — %(upt)s") % {"upt": product.upt.name}
    return product.ikm.name if product.ikm_id else ""


def producer_member_ids(product) -> set[int]:
    """Accounts that belong to the producer: the IKM owner; for a UPT product every UPT member."""
    ids: set[int] = set()
    if product.ikm_id and product.ikm.owner_id:
        ids.add(product.ikm.owner_id)
    upt_id = _upt_id(product)
    if upt_id:
        ids.update(Membership.objects.filter(organisation_id=upt_id).values_list("user_id", flat=True))
    return ids


def can_manage_curation(user) -> bool:
    """Ministry administrators run rounds: create, open, assign reviewers, decide, publish."""
    return has_capability(user, Capability.MANAGE_CURATION_ROUNDS)


def can_review(user) -> bool:
    """Who may be assigned as a reviewer: curators (and ministry administrators). A reviewer sees
    and scores only the entries assigned to them."""
    return has_capability(user, Capability.REVIEW_ASSIGNED_ENTRIES)


def is_own_organisation(user, product) -> bool:
    return bool(user and user.is_authenticated) and user.pk in producer_member_ids(product)


def can_nominate(user, product) -> bool:
    """The IKM owner, an officer of the producer's province, an officer of the product's UPT and
    ministry administrators."""
    if not (user and user.is_authenticated):
        return False
    if can_manage_curation(user) or is_own_organisation(user, product):
        return True
    return has_capability(user, Capability.NOMINATE_PROVINCE_PRODUCTS) and (
        producer_province(product) in officer_province_codes(user)
    )


def can_see_entry(user, entry) -> bool:
    """Managers, the entry's reviewers, its nominator and the producer's own accounts."""
    if not (user and user.is_authenticated):
        return False
    if can_manage_curation(user) or entry.nominated_by_id == user.pk:
        return True
    if any(a.reviewer_id == user.pk for a in entry.assignments.all()):
        return True
    return is_own_organisation(user, entry.product)
