"""Who holds which role and capability. The matrix itself is data in `smartikm.accounts.capabilities`;
the domain apps' `permissions.py` build their object-level predicates on these functions."""

from django.db.models import Q

from smartikm.accounts.capabilities import (
    CAPABILITIES_OF_ROLE,
    ROLE_OF_MEMBERSHIP,
    Capability,
    RoleName,
    role_of,
)
from smartikm.accounts.choices import OrganisationKind
from smartikm.accounts.models import User


def memberships_of(user) -> list:
    """The user's memberships with their organisations, read once per request (cached on the user)."""
    if not user or not user.is_authenticated:
        return []
    cached = getattr(user, "_membership_cache", None)
    if cached is None:
        cached = list(user.memberships.select_related("organisation"))
        user._membership_cache = cached
    return cached


def forget_memberships(user) -> None:
    """Drop the per-request cache after the user's memberships changed."""
    for name in ("_membership_cache", "_role_cache", "_owner_cache"):
        if hasattr(user, name):
            delattr(user, name)


def _owns_an_ikm(user) -> bool:
    # `ikms` is the reverse accessor of Ikm.owner; reading it keeps accounts free of a registry import.
    cached = getattr(user, "_owner_cache", None)
    if cached is None:
        cached = user._owner_cache = user.ikms.exists()
    return cached


def _membership_roles(user) -> set[RoleName]:
    if not user or not user.is_authenticated:
        return set()
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        cached = {
            role
            for m in memberships_of(user)
            if m.organisation.is_active and (role := role_of(m.organisation.kind, m.role)) is not None
        }
        user._role_cache = cached
    return cached


def roles_of(user) -> set[RoleName]:
    """Named roles from memberships of active organisations, plus the implicit IKM owner role."""
    roles = set(_membership_roles(user))
    if user and user.is_authenticated and _owns_an_ikm(user):
        roles.add(RoleName.IKM_OWNER)
    return roles


def _capabilities(roles) -> set[Capability]:
    held: set[Capability] = set()
    for role in roles:
        held |= CAPABILITIES_OF_ROLE[role]
    return held


def capabilities_of(user) -> set[Capability]:
    """Every capability the user holds. Superusers hold all of them."""
    if not user or not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return set(Capability)
    return _capabilities(roles_of(user))


def has_capability(user, capability: Capability) -> bool:
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or capability in _capabilities(_membership_roles(user)):
        return True
    # Only the implicit owner role needs a query beyond the memberships, and only when it could help.
    return capability in CAPABILITIES_OF_ROLE[RoleName.IKM_OWNER] and _owns_an_ikm(user)


def has_any_capability(user, *capabilities: Capability) -> bool:
    return any(has_capability(user, capability) for capability in capabilities)


def _organisations_with_role(user, role: RoleName, kind: str) -> list:
    return [
        m.organisation
        for m in memberships_of(user)
        if m.organisation.kind == kind
        and m.organisation.is_active
        and role_of(m.organisation.kind, m.role) == role
    ]


def officer_province_codes(user) -> set[str]:
    """Province codes of the provincial offices where the user is a provincial officer."""
    return {
        org.province_id
        for org in _organisations_with_role(
            user, RoleName.PROVINCIAL_OFFICER, OrganisationKind.PROVINCIAL_OFFICE
        )
        if org.province_id
    }


def officer_upt_ids(user) -> set[int]:
    """Primary keys of the UPT organisations where the user is a UPT officer."""
    return {org.pk for org in _organisations_with_role(user, RoleName.UPT_OFFICER, OrganisationKind.UPT)}


def in_province(user, province_code: str | None, anywhere: Capability, own_province: Capability) -> bool:
    """`anywhere` held, or `own_province` held and the province is one of the user's offices."""
    if has_capability(user, anywhere):
        return True
    return (
        has_capability(user, own_province)
        and province_code is not None
        and province_code in officer_province_codes(user)
    )


def can_verify_in_province(user, province_code: str | None) -> bool:
    """Verification: ministry administrators anywhere, provincial officers in their own province."""
    return in_province(user, province_code, Capability.VERIFY_ANY_PROVINCE, Capability.VERIFY_OWN_PROVINCE)


def organisations_of(user, kind: str | None = None) -> list:
    return [m.organisation for m in memberships_of(user) if kind is None or m.organisation.kind == kind]


def can_manage_memberships(user) -> bool:
    return has_capability(user, Capability.MANAGE_MEMBERSHIPS)


def users_with_capability(capability: Capability):
    """Active users who hold `capability`: through a membership of an active organisation, as an IKM
    owner when the owner role holds it, or as superusers (who hold every capability)."""
    held = Q(is_superuser=True)
    for (kind, membership_role), role in ROLE_OF_MEMBERSHIP.items():
        if capability in CAPABILITIES_OF_ROLE[role]:
            held |= Q(
                memberships__organisation__kind=kind,
                memberships__organisation__is_active=True,
                memberships__role=membership_role,
            )
    if capability in CAPABILITIES_OF_ROLE[RoleName.IKM_OWNER]:
        held |= Q(ikms__isnull=False)
    return User.objects.filter(held, is_active=True).distinct().order_by("pk")
