"""Who may see and change what in the corrections app, in one place.

Rows about warga binaan (artisans, work records, premi ledger, graduation cases) are open only to
officers and admins of *their own* UPT. Ministry staff — superusers included — see aggregates only:
there is deliberately no "staff sees everything" branch here.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from smartikm.accounts.capabilities import Capability
from smartikm.accounts.permissions import has_capability, officer_upt_ids

__all__ = [
    "can_manage_upt_profile",
    "can_see_aggregates",
    "can_see_national_counts",
    "is_upt_officer",
    "officer_upt_ids",
    "require_ministry",
    "require_upt_officer",
]


def is_upt_officer(user, upt) -> bool:
    """An officer or admin of this very UPT (an Organisation of kind "upt", or its primary key)."""
    upt_id = getattr(upt, "pk", upt)
    return upt_id is not None and upt_id in officer_upt_ids(user)


def require_upt_officer(user, upt) -> None:
    if not is_upt_officer(user, upt):
        raise PermissionDenied(
            _("Hanya petugas UPT ini yang dapat melihat atau mengubah data warga binaannya.")
        )


def can_see_national_counts(user) -> bool:
    return has_capability(user, Capability.SEE_NATIONAL_COUNTS)


def can_see_aggregates(user) -> bool:
    """National counts (never rows) for ministry staff who read national data; UPT officers see
    their own unit's."""
    return can_see_national_counts(user) or bool(officer_upt_ids(user))


def can_manage_upt_profile(user, upt) -> bool:
    """A UPT's public profile and revenue split: its own officers and ministry administrators."""
    return is_upt_officer(user, upt) or has_capability(user, Capability.MANAGE_ANY_UPT_PROFILE)


def require_ministry(user) -> None:
    if not can_see_national_counts(user):
        raise PermissionDenied(_("Hanya staf kementerian yang dapat melihat rekap nasional."))
