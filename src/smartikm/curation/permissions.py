"""Who may do what in curation. Actions, queries and the API all ask these functions.

Own organisation (conflict of interest): the accounts that belong to the product's producer
(`producers.permissions.member_user_ids`: the IKM's owner, or every member of the UPT). Such people
may nominate the product but never review or decide it.
"""

from smartikm.accounts.capabilities import Capability
from smartikm.accounts.permissions import has_capability, officer_province_codes
from smartikm.producers.permissions import member_user_ids


def can_manage_curation(user) -> bool:
    """Ministry administrators run rounds: create, open, assign reviewers, decide, publish."""
    return has_capability(user, Capability.MANAGE_CURATION_ROUNDS)


def can_review(user) -> bool:
    """Who may be assigned as a reviewer: curators (and ministry administrators). A reviewer sees
    and scores only the entries assigned to them."""
    return has_capability(user, Capability.REVIEW_ASSIGNED_ENTRIES)


def is_own_organisation(user, product) -> bool:
    """The user belongs to the product's producer (a conflict of interest for reviewing it)."""
    return bool(user and user.is_authenticated) and user.pk in member_user_ids(product.producer)


def can_nominate(user, product) -> bool:
    """The IKM owner, an officer of the producer's province, an officer of the product's UPT and
    ministry administrators."""
    if not (user and user.is_authenticated):
        return False
    if can_manage_curation(user) or is_own_organisation(user, product):
        return True
    return has_capability(user, Capability.NOMINATE_PROVINCE_PRODUCTS) and (
        product.producer.province_id in officer_province_codes(user)
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
