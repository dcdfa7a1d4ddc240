"""Who may do what, in one place. Every view, API endpoint and action asks these functions."""

from smartikm.accounts.choices import OrganisationKind, Role


def _memberships(user):
    if not user or not user.is_authenticated:
        return []
    cached = getattr(user, "_membership_cache", None)
    if cached is None:
        cached = list(user.memberships.select_related("organisation"))
        user._membership_cache = cached
    return cached


def memberships_of(user) -> list:
    """The user's memberships with their organisations, read once per request."""
    return _memberships(user)


def is_ministry_staff(user) -> bool:
    """Superusers and members of a ministry unit."""
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(m.organisation.kind == OrganisationKind.MINISTRY_UNIT for m in _memberships(user))


def officer_province_codes(user) -> set[str]:
    """Province codes where the user is an officer or admin of the provincial industry office."""
    return {
        m.organisation.province_id
        for m in _memberships(user)
        if m.organisation.kind == OrganisationKind.PROVINCIAL_OFFICE
        and m.role in (Role.OFFICER, Role.ADMIN)
        and m.organisation.province_id
    }


def can_verify_in_province(user, province_code: str) -> bool:
    """Verification of an IKM is allowed to ministry staff and to officers of its own province."""
    return is_ministry_staff(user) or province_code in officer_province_codes(user)


def organisations_of(user, kind: str | None = None) -> list:
    return [m.organisation for m in _memberships(user) if kind is None or m.organisation.kind == kind]
