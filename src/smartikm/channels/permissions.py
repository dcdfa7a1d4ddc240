"""Who may see what in the marketplace hub. Managing a producer's shops and listings is
`producers.permissions.can_manage`."""

from smartikm.accounts.capabilities import Capability
from smartikm.accounts.permissions import has_capability


def can_see_channel_health(user) -> bool:
    """The national channel health page: ministry administrators and analysts."""
    return has_capability(user, Capability.SEE_CHANNEL_HEALTH)
