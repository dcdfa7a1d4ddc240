"""Every change to accounts and roles: one function each, atomic and written to the audit trail.

Granting a role is the most sensitive write in the system (it decides who may verify, edit and read
private data), so it happens here only: the roles page and the admin call these functions.
"""

from collections.abc import Callable

from axes.utils import reset as reset_login_attempts
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartikm.accounts.capabilities import Capability, role_of
from smartikm.accounts.choices import ApiArea, TokenScope
from smartikm.accounts.models import ApiToken, Membership, Organisation, User
from smartikm.accounts.permissions import can_manage_memberships, forget_memberships, has_capability
from smartikm.core.audit import record, snapshot
from smartikm.core.mail import send_later
from smartikm.core.throttle import FailureWindow

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


# Confirmation mails asked for again: at most this many per address per hour, so the resend page
# cannot be used to flood somebody's mailbox.
RESEND_LIMIT = 3
RESEND_WINDOW_S = 3600

# How a confirmation link is made from a token: the page passes one that knows the site's address.
LinkBuilder = Callable[[str], str]


def _send_confirmation(user: User, confirm_link: LinkBuilder) -> None:
    link = confirm_link(confirmation_token(user))
    body = _(
        "Halo %(name)s,\n\nTerima kasih telah mendaftar di e-Smart IKM. Buka tautan berikut untuk "
        "mengaktifkan akun Anda (berlaku 3 hari):\n\n%(link)s\n\nAbaikan e-mail ini jika Anda tidak "
        "mendaftar.\n\nSalam,\ne-Smart IKM"
    ) % {"name": user.first_name or user.username, "link": link}
    send_later(_("Konfirmasi akun e-Smart IKM"), body, [user.email])


@transaction.atomic
def sign_up(
    *, username: str, email: str, password: str, first_name: str = "", confirm_link: LinkBuilder | None = None
) -> User:
    """A new self-service account, inactive until its e-mail address is confirmed. With
    `confirm_link`, the confirmation mail is sent by a task after the commit: a mail server that is
    down delays the mail (and the account can ask for it again), it never fails the sign-up."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Alamat e-mail ini sudah dipakai akun lain.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Nama pengguna ini sudah dipakai.")})
    user = User(username=username, email=email, first_name=first_name, is_active=False)
    user.set_password(password)
    user.save()
    record("accounts.user.sign_up", user, actor=user, after=_user_record(user))
    if confirm_link is not None:
        _send_confirmation(user, confirm_link)
    return user


def awaiting_confirmation(email: str) -> User | None:
    """The account with this address that signed up and was never confirmed (never logged in), if any.
    An account an administrator deactivated has logged in before, so it cannot confirm itself again."""
    return User.objects.filter(email__iexact=email.strip(), is_active=False, last_login__isnull=True).first()


@transaction.atomic
def resend_confirmation(email: str, *, confirm_link: LinkBuilder) -> bool:
    """Send a fresh confirmation link to an account still awaiting confirmation. Returns whether a
    mail was queued; the page answers the same either way, so it does not tell who has an account."""
    user = awaiting_confirmation(email)
    if user is None:
        return False
    limit = FailureWindow("resend-confirmation", limit=RESEND_LIMIT, window=RESEND_WINDOW_S)
    if limit.retry_after(user.email) is not None:
        return False
    limit.fail(user.email)
    _send_confirmation(user, confirm_link)
    record("accounts.user.resend_confirmation", user, actor=None, after={"email": user.email})
    return True


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


# --------------------------------------------------------------------------- login lockout


@transaction.atomic
def unlock_login(user: User, *, actor) -> int:
    """Lift the login lockout of `user` (from every address) before its cool-off ends. Returns the
    number of failure records removed. Ministry administrators only (the capability to manage users'
    roles covers managing their access)."""
    if not can_manage_memberships(actor):
        raise PermissionDenied(_("Hanya administrator kementerian yang dapat membuka kunci login."))
    removed = reset_login_attempts(username=user.username)
    record("accounts.user.unlock_login", user, actor=actor, note=f"{removed} catatan kegagalan dihapus")
    return removed


# --------------------------------------------------------------------------- API tokens

MAX_ACTIVE_TOKENS = 20


def may_manage_tokens_of(actor, user) -> bool:
    """An active user manages their own tokens; ministry administrators manage anybody's."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    return actor.pk == user.pk or has_capability(actor, Capability.MANAGE_ANY_API_TOKEN)


def _token_record(token: ApiToken) -> dict:
    data = snapshot(token)
    data.pop("key_hash", None)  # the hash of a secret stays out of the trail
    data["username"] = token.user.username
    return data


@transaction.atomic
def issue_token(
    user: User, *, name: str, scope: str = TokenScope.READ, areas: list[str] | None = None, actor
) -> tuple[ApiToken, str]:
    """A new API token for `user`; returns it and its raw value (shown once, never stored).

    `actor` is who asks: the user, a ministry administrator, or None for an operator at the
    command line (`smartikm issue_token`). New tokens read only unless `scope` says write."""
    if actor is not None and not may_manage_tokens_of(actor, user):
        raise PermissionDenied(_("Anda tidak berwenang membuat token untuk pengguna ini."))
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Nama token wajib diisi.")
    elif len(name) > 100:
        errors["name"] = _("Paling banyak 100 karakter.")
    if scope not in TokenScope.values:
        errors["scope"] = _("Cakupan tidak dikenal: pilih baca saja atau baca dan tulis.")
    unknown = sorted(set(areas or []) - set(ApiArea.values))
    if unknown:
        errors["areas"] = _("Bagian API tidak dikenal: %(areas)s.") % {"areas": ", ".join(unknown)}
    if not user.is_active:
        errors["user"] = _("Pengguna ini tidak aktif.")
    if errors:
        raise ValidationError(errors)
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            {
                "name": _("Sudah ada %(n)d token aktif: cabut yang tidak dipakai dulu.")
                % {"n": MAX_ACTIVE_TOKENS}
            }
        )
    token, raw = ApiToken.issue(user, name, scope=scope, areas=areas)
    record(
        "accounts.api_token.issue",
        token,
        actor=actor,
        after=_token_record(token),
        note="" if actor is not None else "baris perintah",
    )
    return token, raw


@transaction.atomic
def revoke_token(token: ApiToken, *, actor) -> ApiToken:
    """Revoke a token: from now on it is refused. Revoking a revoked token changes nothing."""
    current = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if not may_manage_tokens_of(actor, current.user):
        raise PermissionDenied(_("Anda tidak berwenang mencabut token ini."))
    if current.revoked_at is None:
        before = _token_record(current)
        current.revoked_at = timezone.now()
        current.save(update_fields=["revoked_at", "updated_at"])
        record("accounts.api_token.revoke", current, actor=actor, before=before, after=_token_record(current))
    return current
