"""The only reader of ArtisanRestricted. Nothing public imports this module (a test checks it)."""

from smartikm.corrections.models import Artisan, ArtisanRestricted
from smartikm.corrections.permissions import require_upt_officer


def restricted_name(artisan: Artisan, *, user) -> str | None:
    """The name the UPT chose to keep for this artisan, for an officer of that UPT only."""
    require_upt_officer(user, artisan.upt_id)
    row = ArtisanRestricted.objects.filter(artisan=artisan).first()
    return row.name if row else None
