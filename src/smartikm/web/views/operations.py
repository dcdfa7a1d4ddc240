"""Pages for the people who run the platform: the scheduled jobs."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET

from smartikm.accounts.capabilities import Capability
from smartikm.accounts.permissions import has_capability
from smartikm.core import schedule

# The keys of the jobs' result summaries, in words (a key not listed is shown as it is).
RESULT_LABELS = {
    "queued": gettext_lazy("diantrekan"),
    "still_running": gettext_lazy("masih berjalan"),
    "due": gettext_lazy("jatuh tempo"),
    "failed": gettext_lazy("gagal"),
    "sent": gettext_lazy("terkirim"),
    "no_recipient": gettext_lazy("tanpa penerima"),
    "backlog": gettext_lazy("antrean jatuh tempo"),
    "alerted": gettext_lazy("peringatan dikirim"),
    "rate_limited": gettext_lazy("ditahan (batas frekuensi)"),
    "recipients": gettext_lazy("penerima"),
    "skipped": gettext_lazy("dilewati (sudah dijalankan)"),
    "result": gettext_lazy("hasil"),
}


def _every(status: schedule.JobStatus) -> str:
    """The schedule in words: "setiap 5 menit", "setiap hari pukul 02.30", else the crontab line."""
    minutes = int(status.interval.total_seconds() // 60)
    if status.interval < datetime.timedelta(hours=1):
        return ngettext("setiap %(n)s menit", "setiap %(n)s menit", minutes) % {"n": minutes}
    if status.interval == datetime.timedelta(days=1):
        return _("setiap hari pukul %(time)s") % {
            "time": timezone.localtime(status.next_run).strftime("%H.%M")
        }
    return status.job.cron


def _summary(result) -> list[tuple[object, object]]:
    if isinstance(result, dict):
        return [(RESULT_LABELS.get(key, key), value) for key, value in result.items()]
    if result is None:
        return []
    return [(RESULT_LABELS["result"], result)]


@login_required
@require_GET
def scheduled_jobs(request):
    if not has_capability(request.user, Capability.SEE_SCHEDULED_JOBS):
        raise PermissionDenied(_("Halaman ini untuk administrator kementerian."))
    statuses = schedule.overview()
    rows = [
        {
            "status": status,
            "every": _every(status),
            "summary": _summary(status.row.last_result if status.row else None),
        }
        for status in statuses
    ]
    return render(
        request,
        "web/scheduled_jobs.html",
        {"rows": rows, "any_late": any(s.late for s in statuses)},
    )
