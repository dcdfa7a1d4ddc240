"""Shared building blocks: timestamps and the audit trail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    """Abstract base: creation and last-change times on every domain row."""

    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One change made through an action: who did what to which object, with before/after values.

    Rows are append-only; the object is referenced by label and primary key (not a foreign key) so
    that the history outlives the object it describes.
    """

    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pelaku"), null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(_("aksi"), max_length=80)
    object_type = models.CharField(_("jenis objek"), max_length=80)
    object_id = models.CharField(_("ID objek"), max_length=64)
    object_repr = models.CharField(_("objek"), max_length=200, blank=True)
    before = models.JSONField(_("sebelum"), null=True, blank=True)
    after = models.JSONField(_("sesudah"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("jejak audit")
        verbose_name_plural = _("jejak audit")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class IdempotencyKey(models.Model):
    """The first answer to a POST sent with an `Idempotency-Key` header, kept for a day so that a
    client retrying after a lost answer gets the same answer instead of a second row.

    Keys are scoped per user. The unique constraint is what makes parallel retries safe: the first
    request inserts the row and holds it until its transaction commits; the others wait on the
    constraint and then read the stored answer.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("pengguna"), on_delete=models.CASCADE)
    key = models.CharField(_("kunci"), max_length=255)
    fingerprint = models.CharField(
        _("sidik permintaan"), max_length=64, help_text=_("SHA-256 dari metode, jalur, dan isi permintaan.")
    )
    status = models.PositiveSmallIntegerField(_("status jawaban"))
    content_type = models.CharField(_("jenis isi jawaban"), max_length=100)
    body = models.BinaryField(_("isi jawaban"))
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    expires_at = models.DateTimeField(_("kedaluwarsa"), db_index=True)

    class Meta:
        verbose_name = _("kunci idempotensi")
        verbose_name_plural = _("kunci idempotensi")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="core_idempotency_user_key")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
