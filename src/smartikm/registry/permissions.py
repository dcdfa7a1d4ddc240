"""Who may see and change IKM profiles and sentra. Actions, the API, views and templates ask these
functions; the querysets (`Ikm.objects.visible_to(user)`, `.public()`, same for `Sentra`) apply the
same rules to lists."""

from django.db.models import Q

from smartikm.accounts.capabilities import Capability
from smartikm.accounts.permissions import (
    can_verify_in_province,
    has_any_capability,
    has_capability,
    in_province,
    officer_province_codes,
)
from smartikm.registry.choices import VerificationStatus


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


def _owns(user, ikm) -> bool:
    return ikm.owner_id is not None and ikm.owner_id == user.pk


def can_verify_ikm(user, ikm) -> bool:
    """Ministry administrators or an officer of the IKM's province; never the IKM's own account."""
    if not _signed_in(user) or _owns(user, ikm):
        return False
    return can_verify_in_province(user, ikm.province_id)


def can_edit_ikm(user, ikm) -> bool:
    """The IKM's owner account, ministry administrators, and officers of the IKM's province."""
    if not _signed_in(user):
        return False
    if _owns(user, ikm):
        return True
    return can_edit_for_others(user, ikm.province_id)


def can_edit_for_others(user, province_code: str | None) -> bool:
    """Register an IKM for another account, or change its owner account, in this province."""
    return in_province(user, province_code, Capability.EDIT_ANY_IKM, Capability.EDIT_PROVINCE_IKM)


def can_manage_sentra(user, sentra) -> bool:
    """Ministry administrators and officers of the sentra's province."""
    return _signed_in(user) and in_province(
        user, sentra.province_id, Capability.MANAGE_ANY_SENTRA, Capability.MANAGE_PROVINCE_SENTRA
    )


def can_see_full_profile(user, ikm) -> bool:
    """The owner, officers of the IKM's province and ministry administrators see the private profile."""
    if not _signed_in(user):
        return False
    return _owns(user, ikm) or in_province(
        user, ikm.province_id, Capability.READ_ANY_PRIVATE_PROFILE, Capability.READ_PROVINCE_PRIVATE_PROFILE
    )


def can_read_certificate(user, certification) -> bool:
    """A certificate scan is part of the private profile: read by whoever may see that."""
    return can_see_full_profile(user, certification.ikm)


def can_use_officer_desk(user) -> bool:
    """The verification desk (queue and review pages): verifiers of any province or of their own."""
    return has_any_capability(user, Capability.VERIFY_ANY_PROVINCE, Capability.VERIFY_OWN_PROVINCE)


def sees_national_queue(user) -> bool:
    return has_capability(user, Capability.SEE_NATIONAL_QUEUE)


def can_use_back_office(user) -> bool:
    return has_capability(user, Capability.USE_BACK_OFFICE)


def sees_inactive_sentra(user) -> bool:
    return has_any_capability(user, Capability.SEE_ALL_PROFILES, Capability.MANAGE_PROVINCE_SENTRA)


# Conditions behind the querysets in models.py -------------------------------------------------


PUBLIC_IKM = Q(status=VerificationStatus.VERIFIED)


def visible_ikm_condition(user) -> Q | None:
    """None means every profile; else the filter: verified ones, the user's own, and every profile of
    an officer's province."""
    if has_capability(user, Capability.SEE_ALL_PROFILES):
        return None
    condition = PUBLIC_IKM
    if _signed_in(user):
        condition |= Q(owner=user)
        provinces = officer_province_codes(user)
        if provinces:
            condition |= Q(province_id__in=sorted(provinces))
    return condition
