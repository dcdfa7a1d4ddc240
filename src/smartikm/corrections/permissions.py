"""Who may see and change what in the corrections app, in one place.

Rows about warga binaan (artisans, work records, premi ledger, graduation cases) are open only to
officers and admins of *their own* UPT. Ministry staff — superusers included — see aggregates only:
there is deliberately no "staff sees everything" branch here.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from smartikm.accounts.choices import OrganisationKind, Role
from smartikm.accounts.permissions import _memberships, is_ministry_staff

UPT_ROLES = (Role.OFFICER, Role.ADMIN)


def officer_upt_ids(user) -> set[int]:
    """Primary keys of the UPT organisations where the user is an officer or admin."""
    return {
        m.organisation_id
        for m in _memberships(user)
        if m.organisation.kind == OrganisationKind.UPT and m.role in UPT_ROLES and m.organisation.is_active
    }


def is_upt_officer(user, upt) -> bool:
    """An officer or admin of this very UPT (an Organisation of kind "upt", or its primary key)."""
    upt_id = getattr(upt, "pk", upt)
    return upt_id is not None and upt_id in officer_upt_ids(user)


def require_upt_officer(user, upt) -> None:
    if not is_upt_officer(user, upt):
        raise PermissionDenied(
            _("Hanya petugas UPT ini yang dapat melihat atau mengubah data warga binaannya.")
        )


def can_see_aggregates(user) -> bool:
    """Ministry staff see national figures (counts, never rows); UPT officers see their own unit's."""
    return is_ministry_staff(user) or bool(officer_upt_ids(user))


def require_ministry(user) -> None:
    if not is_ministry_staff(user):
        raise PermissionDenied(_("Hanya staf kementerian yang dapat melihat rekap nasional."))
