"""The eligibility question: may this product be published to this channel?

The marketplace hub asks `reasons_not_eligible(product, channel)` before publishing, next to the
channel's own readiness checks. Rules are plain functions registered in the `channel_eligibility`
hook (settings.HOOKS), so a rule — curation's "selected in a round within the last 12 months" for
programme channels — is added without the adapters knowing about it. A rule returns a list of
reasons in Bahasa Indonesia; an empty list means "no objection".
"""

from collections.abc import Callable
from typing import Protocol

from smartikm.core import hooks


class ChannelLike(Protocol):
    """What a rule may read of a channel."""

    code: str
    name: str
    is_programme: bool  # a channel run under the ministry's programme (curated products only)


Rule = Callable[[object, ChannelLike], list[str]]


def reasons_not_eligible(product, channel: ChannelLike) -> list[str]:
    """Every rule's objections, in rule order; empty when the product may be published."""
    reasons: list[str] = []
    for found in hooks.fire("channel_eligibility", product, channel):
        reasons.extend(found)
    return reasons
