"""The eligibility hook: may this product be published to this channel?

The marketplace hub asks `reasons_not_eligible(product, channel)` before publishing, next to the
channel's own readiness checks. Rules are plain functions listed (as dotted paths) in the setting
`CHANNEL_ELIGIBILITY_RULES`, so another app (curation: "selected in a round within the last 12
months" for programme channels) adds a rule without the adapters knowing about it. A rule returns a
list of reasons in Bahasa Indonesia; an empty list means "no objection".
"""

from collections.abc import Callable
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class ChannelLike(Protocol):
    """What a rule may read of a channel."""

    code: str
    name: str
    is_programme: bool  # a channel run under the ministry's programme (curated products only)


Rule = Callable[[object, ChannelLike], list[str]]


@cache
def _load(paths: tuple[str, ...]) -> tuple[Rule, ...]:
    return tuple(import_string(path) for path in paths)


def rules() -> tuple[Rule, ...]:
    return _load(tuple(getattr(settings, "CHANNEL_ELIGIBILITY_RULES", ())))


def reasons_not_eligible(product, channel: ChannelLike) -> list[str]:
    """Every rule's objections, in rule order; empty when the product may be published."""
    reasons: list[str] = []
    for rule in rules():
        reasons.extend(rule(product, channel))
    return reasons
