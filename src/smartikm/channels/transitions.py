"""Changing the state of listings and sync jobs, only along the tables in `channels.choices`.

- `move_listing(listing, to, **fields)`: one listing, refused with `InvalidTransition` when
  LISTING_TRANSITIONS does not allow it from the listing's current state (read in the same
  conditional UPDATE, so a concurrent change cannot slip between the check and the write).
- `move_listings(queryset, to, **fields)`: many listings (a channel's retirement); rows whose
  state may not move to `to` are left alone; returns how many moved.
- `move_jobs(queryset, to, **fields)` / `require_job_transition(from, to)`: the same for sync jobs
  and JOB_TRANSITIONS. Job updates are conditional by nature (a worker that lost its lease must
  not overwrite the outcome), so `move_jobs` counts instead of raising; the queue calls
  `require_job_transition` for the move it means to make, so an operation the table does not allow
  fails loudly in code rather than silently never matching.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from smartikm.channels.choices import JOB_TRANSITIONS, LISTING_TRANSITIONS, JobState, ListingState
from smartikm.channels.models import Listing


class InvalidTransition(ValidationError):
    """A state change the transition table next to the states does not allow (channel lifecycle,
    listing or sync job)."""


def _sources(table: dict[str, set[str]], target: str) -> set[str]:
    return {state for state, targets in table.items() if target in targets}


def listing_sources(target: str) -> set[str]:
    """The states a listing may move to `target` from (itself included: staying is allowed)."""
    return _sources(LISTING_TRANSITIONS, target) | {target}


def job_sources(target: str) -> set[str]:
    return _sources(JOB_TRANSITIONS, target)


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def move_listing(listing: Listing, to: str, **fields) -> Listing:
    """Set the listing's state to `to` (and `fields`) if LISTING_TRANSITIONS allows it from its
    current state in the database; else `InvalidTransition` and nothing is written."""
    to = ListingState(to)
    values = {"state": to, "updated_at": timezone.now(), **fields}
    if not Listing.objects.filter(pk=listing.pk, state__in=listing_sources(to)).update(**values):
        current = Listing.objects.values_list("state", flat=True).get(pk=listing.pk)
        raise InvalidTransition(
            {
                "state": [
                    _("Status listing tidak dapat diubah dari %(from)s menjadi %(to)s.")
                    % {"from": _label(ListingState, current), "to": to.label}
                ]
            }
        )
    for name, value in values.items():
        setattr(listing, name, value)
    return listing


def move_listings(queryset: QuerySet[Listing], to: str, **fields) -> int:
    """Move every listing of `queryset` that may go to `to`; returns how many moved."""
    to = ListingState(to)
    return queryset.filter(state__in=listing_sources(to)).update(
        state=to, updated_at=timezone.now(), **fields
    )


def require_job_transition(current: str, to: str) -> None:
    if to not in JOB_TRANSITIONS.get(current, set()):
        raise InvalidTransition(
            _("Status tugas sinkron tidak dapat diubah dari %(from)s menjadi %(to)s.")
            % {"from": _label(JobState, current), "to": _label(JobState, to)}
        )


def move_jobs(queryset: QuerySet, to: str, **fields) -> int:
    """Move the jobs of `queryset` whose state may go to `to`; returns how many moved."""
    to = JobState(to)
    return queryset.filter(state__in=job_sources(to)).update(state=to, **fields)
