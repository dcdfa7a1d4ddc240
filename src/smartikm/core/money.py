"""Money is integer rupiah (docs/architecture.md, rule 5). Formatting goes through lokal-id."""

from lokal import format_rupiah as _format_rupiah


def format_rupiah(amount: int | None) -> str:
    """'Rp1.500.000' for 1500000; an empty string for None."""
    if amount is None:
        return ""
    return _format_rupiah(int(amount))
