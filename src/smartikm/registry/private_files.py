"""The registry's private uploads (certificate scans), for core's permission-checked file view."""

from smartikm.registry.models import Certification
from smartikm.registry.permissions import can_read_certificate


def read_private_file(user, name: str) -> bool | None:
    """Receiver of the `private_file_reader` hook: None when `name` is not a certificate scan, else
    whether the user may read it."""
    certification = Certification.objects.select_related("ikm").filter(file=name).first()
    return None if certification is None else can_read_certificate(user, certification)
