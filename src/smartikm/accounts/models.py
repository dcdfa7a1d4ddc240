"""Users, the organisations they work for, their roles there, and API tokens."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartikm.accounts.choices import OrganisationKind, Role, TokenScope
from smartikm.core.models import TimeStamped


class User(AbstractUser):
    """A person who signs in: ministry staff, officers, curators, mentors, IKM owners, buyers."""

    phone = models.CharField(_("telepon"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")


class Organisation(TimeStamped):
    """A ministry unit, provincial industry office (with its province), UPT, large industry, buyer
    or marketplace partner."""

    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=30, choices=OrganisationKind.choices, db_index=True)
    province = models.ForeignKey(
        "reference.Region",
        verbose_name=_("provinsi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"level": 1},
        related_name="+",
        help_text=_("Wajib untuk dinas provinsi: wilayah kerja petugasnya."),
    )
    region = models.ForeignKey(
        "reference.Region",
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("organisasi")
        verbose_name_plural = _("organisasi")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="provincial_office") | models.Q(province__isnull=False),
                name="provincial_office_has_province",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStamped):
    """A user's role in an organisation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(TimeStamped):
    """A bearer token for partner systems and scripts. Only its SHA-256 is stored; the raw token is
    shown once when created. A token reads only, or reads and writes (`scope`), in every API area or
    only in those listed in `areas`; it acts with its user's rights, never more."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("awalan"), max_length=8)
    scope = models.CharField(_("cakupan"), max_length=10, choices=TokenScope.choices, default=TokenScope.READ)
    areas = models.JSONField(
        _("bagian API"),
        default=list,
        blank=True,
        help_text=_("Kosong berarti semua bagian API."),
    )
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def may_write(self) -> bool:
        """May this token create, change or delete (POST, PUT, PATCH, DELETE)?"""
        return self.scope == TokenScope.WRITE

    def may_use(self, area: str) -> bool:
        """Does this token cover the API area `area` ("catalog", ...)?"""
        return not self.areas or area in self.areas

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @classmethod
    def find_active(cls, raw: str) -> "ApiToken | None":
        """The unrevoked token of an active user whose raw value is `raw` (looked up by its hash)."""
        return (
            cls.objects.select_related("user")
            .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
            .first()
        )

    @classmethod
    def issue(
        cls, user, name: str, *, scope: str = TokenScope.READ, areas: list[str] | None = None
    ) -> tuple["ApiToken", str]:
        """A new token row and its raw value. Only `accounts.actions.issue_token` (audited) and test
        set-ups call this."""
        raw = "sik_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            key_hash=hash_token(raw),
            prefix=raw[:8],
            scope=scope,
            areas=sorted(set(areas or [])),
        )
        return token, raw
