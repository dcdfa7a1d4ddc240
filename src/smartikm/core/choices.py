"""States of core's own rows, with the allowed transitions next to them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    """How the last run of a scheduled job went (core.models.ScheduledJob)."""

    NEVER = "never", _("Belum pernah jalan")
    RUNNING = "running", _("Sedang berjalan")
    SUCCEEDED = "succeeded", _("Berhasil")
    FAILED = "failed", _("Gagal")


# A run is claimed (→ running) from any state: a run that died while running is taken over by the
# next scheduled time. Only the run that claimed the row finishes it (core.schedule.run).
RUN_TRANSITIONS: dict[str, set[str]] = {
    RunStatus.NEVER: {RunStatus.RUNNING},
    RunStatus.RUNNING: {RunStatus.RUNNING, RunStatus.SUCCEEDED, RunStatus.FAILED},
    RunStatus.SUCCEEDED: {RunStatus.RUNNING},
    RunStatus.FAILED: {RunStatus.RUNNING},
}
