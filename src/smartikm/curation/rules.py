"""Curation's rule for the channel eligibility hook (`smartikm.channels.eligibility`), registered in
the `channel_eligibility` entry of settings.HOOKS.

Programme channels (run under the ministry's programme) list only curated products: the product must
have a *lolos* decision in a published round, decided within the last 12 months. "12 months" is
365 days counted in calendar days in the site's time zone (Asia/Jakarta), inclusive: a decision taken
on any moment of the day exactly 365 days ago still counts; one taken the day before does not.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from smartikm.curation.choices import Decision, RoundState
from smartikm.curation.models import Entry

SELECTION_VALID_DAYS = 365


def _today() -> datetime.date:
    # One seam for tests to move "today" without touching Django's clock.
    return timezone.localdate()


def selection_cutoff(today: datetime.date | None = None) -> datetime.datetime:
    """The earliest decision time that still counts: local midnight, SELECTION_VALID_DAYS days ago."""
    first_day = (today or _today()) - datetime.timedelta(days=SELECTION_VALID_DAYS)
    return timezone.make_aware(datetime.datetime.combine(first_day, datetime.time.min))


def has_recent_selection(product) -> bool:
    return Entry.objects.filter(
        product_id=product.pk,
        decision=Decision.PASSED,
        round__state=RoundState.PUBLISHED,
        decided_at__gte=selection_cutoff(),
    ).exists()


def selected_within_12_months(product, channel) -> list[str]:
    """No objection for ordinary channels; for programme channels, a reason unless recently selected."""
    if not channel.is_programme or has_recent_selection(product):
        return []
    return [
        _(
            "Kanal %(channel)s adalah kanal program: produk harus lolos kurasi pada seleksi yang sudah "
            "diumumkan dalam 12 bulan terakhir (365 hari)."
        )
        % {"channel": channel.name}
    ]
