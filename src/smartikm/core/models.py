"""Shared building blocks: timestamps, the audit trail and the record of scheduled jobs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartikm.core.choices import RunStatus


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


class ThrottleCounter(models.Model):
    """Failures counted per client in a fixed time window (invalid API tokens per IP address).

    Kept in the database rather than in a process's memory because the site runs several web
    processes: each must see the same count. One row per key; a window that has ended is restarted in
    place, and rows idle for a day are swept when new keys arrive.
    """

    key = models.CharField(max_length=200, unique=True)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("penghitung pembatasan")
        verbose_name_plural = _("penghitung pembatasan")
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


class ScheduledJob(models.Model):
    """The last run of one periodic job listed in `settings.SCHEDULE`, by the job's name.

    Written by the scheduler process when it queues a run (`last_enqueued_at`, `next_run_at`) and by
    the task worker that runs it (`core.schedule.run`): started, finished, result, duration, error.
    `last_started_at` doubles as the claim that keeps a job to one run per scheduled time, however
    many schedulers or duplicate task messages there are.
    """

    name = models.CharField(_("nama"), max_length=80, unique=True)
    call = models.CharField(_("fungsi"), max_length=200, blank=True)
    cron = models.CharField(_("jadwal (cron)"), max_length=100, blank=True)
    next_run_at = models.DateTimeField(_("jalan berikutnya"), null=True, blank=True)
    last_enqueued_at = models.DateTimeField(_("terakhir diantrekan"), null=True, blank=True)
    enqueued_by = models.CharField(_("diantrekan oleh"), max_length=120, blank=True)
    last_started_at = models.DateTimeField(_("mulai terakhir"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("selesai terakhir"), null=True, blank=True)
    last_status = models.CharField(
        _("hasil terakhir"), max_length=10, choices=RunStatus.choices, default=RunStatus.NEVER
    )
    last_result = models.JSONField(_("ringkasan terakhir"), null=True, blank=True)
    last_duration_ms = models.PositiveIntegerField(_("durasi terakhir (ms)"), null=True, blank=True)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    runs = models.PositiveIntegerField(_("jumlah jalan"), default=0)
    failures = models.PositiveIntegerField(_("jumlah gagal"), default=0)
    skipped = models.PositiveIntegerField(_("jumlah dilewati (ganda)"), default=0)

    class Meta:
        verbose_name = _("pekerjaan terjadwal")
        verbose_name_plural = _("pekerjaan terjadwal")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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
