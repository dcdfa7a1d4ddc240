"""Hooks: how a lower app lets a higher one react, without importing it.

Apps are layered (core at the bottom, web at the top) and a module only imports from its own app
or from lower ones. When something in a lower app must set off work in a higher one — the catalogue
changed a product's stock, so the marketplace hub must push the new figure to the channels — the
lower app fires a named hook and the higher app's function is listed for it in settings:

    # settings.py
    HOOKS = {
        "stock_changed": ["smartikm.channels.hooks.on_stock_changed"],
    }

    # catalog/actions.py (knows nothing of channels)
    from smartikm.core import hooks
    hooks.fire("stock_changed", product, exclude=listing)

Rules that keep it obvious:
- The hooks and their receivers are listed in docs/architecture.md too.
- Hook names are the keys of `HOOK_POINTS` below: firing or listing an unknown name is an error, so
  a typo fails loudly instead of silently doing nothing.
- Receivers run synchronously, in list order, inside the caller's transaction, with the arguments
  given to `fire()`. A receiver that must wait for the commit uses `transaction.on_commit` itself.
  An exception propagates to the caller (and rolls its transaction back): a hook is part of the
  action, not a best-effort notification.
- `fire()` returns the receivers' return values, in order.
- The dotted paths are imported once and cached; tests that change `HOOKS` call `clear_cache()`.

This is deliberately not Django signals: the list of receivers is written in one place
(settings.HOOKS), read in one place (here), and nothing registers itself at import time.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

# The named points a lower app may fire, with the arguments each receiver gets.
HOOK_POINTS: dict[str, str] = {
    "reference_datasets": "() -> SyncResult — a reference dataset owned by a higher app (the "
    "catalogue's categories), loaded by `smartikm loadref` after reference's own; named load_<dataset>",
    "private_file_reader": "(user, name) -> bool | None — None when the receiver's app does not hold "
    "the private file `name`, else whether `user` may read it",
    "ikm_changed": "(ikm) — the registry created or changed an IKM (edited, submitted, verified, rejected)",
    "channel_eligibility": "(product, channel) -> list[str] — objections to publishing the product "
    "on the channel, in Bahasa Indonesia; empty when the rule has none",
    "product_changed": "(product, *, price: bool, stock: bool, actor=None) — a product's price or "
    "stock was edited by its owner",
    "stock_changed": "(product, *, exclude=None, actor=None) — stock was taken or returned by a sale "
    "or its cancellation; `exclude` is the channel listing that already knows the new figure",
}


class UnknownHook(ImproperlyConfigured):
    """A hook name that is not in HOOK_POINTS (a typo in code or in settings.HOOKS)."""


def _check(name: str) -> None:
    if name not in HOOK_POINTS:
        raise UnknownHook(f"unknown hook {name!r}; known: {', '.join(sorted(HOOK_POINTS))}")


@cache
def _load(name: str, paths: tuple[str, ...]) -> tuple[Callable[..., Any], ...]:
    return tuple(import_string(path) for path in paths)


def receivers(name: str) -> tuple[Callable[..., Any], ...]:
    """The functions listed for `name` in settings.HOOKS, imported (cached)."""
    _check(name)
    configured: dict[str, list[str]] = getattr(settings, "HOOKS", {})
    for key in configured:
        _check(key)
    return _load(name, tuple(configured.get(name, ())))


def fire(name: str, *args: Any, **kwargs: Any) -> list[Any]:
    """Call every receiver of `name` with these arguments; returns their results in order."""
    return [receiver(*args, **kwargs) for receiver in receivers(name)]


def clear_cache() -> None:
    _load.cache_clear()
