"""Every change to accounts and roles: one function each, atomic and written to the audit trail.

Granting a role is the most sensitive write in the system (it decides who may verify, edit and read
private data), so it happens here only: the roles page and the admin call these functions.
"""

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from smartikm.accounts.capabilities import role_of
from smartikm.accounts.models import Membership, Organisation, User
from smartikm.accounts.permissions import can_manage_memberships, forget_memberships
from smartikm.core.audit import record, snapshot

CONFIRM_SALT = "smartikm.accounts.confirm-email"
CONFIRM_MAX_AGE = 3 * 24 * 3600  # three days: long enough for a shared phone, short enough to expire


def _require_manager(actor) -> None:
    if not can_manage_memberships(actor):
        raise PermissionDenied(_("Hanya administrator kementerian yang dapat memberi atau mencabut peran."))


def _membership_record(membership: Membership) -> dict:
    data = snapshot(membership)
    data["username"] = membership.user.username
    data["organisation_kind"] = membership.organisation.kind
    data["named_role"] = role_of(membership.organisation.kind, membership.role)
    return data


@transaction.atomic
def grant_role(user: User, organisation: Organisation, role: str, *, actor) -> Membership:
    """Give `user` the membership role `role` in `organisation`. The pair (organisation kind, role)
    must name a role of the matrix; granting one the user already holds is refused."""
    _require_manager(actor)
    if role_of(organisation.kind, role) is None:
        raise ValidationError(
            {
                "role": _("Peran %(role)s tidak berlaku untuk organisasi jenis %(kind)s.")
                % {"role": role, "kind": organisation.get_kind_display()}
            }
        )
    if not organisation.is_active:
        raise ValidationError({"organisation": _("Organisasi ini tidak aktif.")})
    if Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
        raise ValidationError({"role": _("Pengguna ini sudah memegang peran tersebut di organisasi ini.")})
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    record("accounts.membership.grant", membership, actor=actor, after=_membership_record(membership))
    forget_memberships(user)
    return membership


@transaction.atomic
def revoke_role(membership: Membership, *, actor) -> None:
    """End a membership. The audit entry keeps who held which role where."""
    _require_manager(actor)
    current = (
        Membership.objects.select_for_update().select_related("user", "organisation").get(pk=membership.pk)
    )
    before = _membership_record(current)
    record("accounts.membership.revoke", current, actor=actor, before=before)
    current.delete()
    forget_memberships(membership.user)


@transaction.atomic
def sign_up(*, username: str, email: str, password: str, first_name: str = "") -> User:
    """A new self-service account, inactive until its e-mail address is confirmed. The caller sends
    the confirmation mail (it needs the request to build the absolute link) once this returns."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Alamat e-mail ini sudah dipakai akun lain.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Nama pengguna ini sudah dipakai.")})
    user = User(username=username, email=email, first_name=first_name, is_active=False)
    user.set_password(password)
    user.save()
    record("accounts.user.sign_up", user, actor=user, after=_user_record(user))
    return user


def _user_record(user: User) -> dict:
    # Never the password hash, even masked: the trail records who and when, not secrets.
    return {"username": user.username, "email": user.email, "is_active": user.is_active}


def confirmation_token(user: User) -> str:
    # The address is signed too, so a link stops working if the address changes before it is used.
    return signing.dumps({"u": user.pk, "e": user.email}, salt=CONFIRM_SALT, compress=True)


@transaction.atomic
def confirm_email(token: str) -> User:
    """Activate the account a confirmation token names. A bad, expired or stale token (the address
    changed since) raises ValidationError on "token"; confirming twice changes nothing."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        user = User.objects.select_for_update().get(pk=data["u"], email=data["e"])
    except (signing.BadSignature, User.DoesNotExist, KeyError, TypeError) as exc:
        raise ValidationError({"token": _("Tautan konfirmasi tidak sah atau sudah kedaluwarsa.")}) from exc
    if not user.is_active:
        before = _user_record(user)
        user.is_active = True
        user.save(update_fields=["is_active"])
        record("accounts.user.confirm_email", user, actor=user, before=before, after=_user_record(user))
    return user
