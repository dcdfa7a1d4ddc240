"""Named hook points: how a lower app tells higher apps that something happened.

Apps are layered (see docs/architecture.md): a lower app never imports a higher one. When a lower
app must let higher apps react — the registry changed an IKM, the catalogue changed a product's
stock — it calls `fire("ikm_changed", ikm)`. Which functions run is written in one place, the
`HOOKS` setting (hook name → dotted paths, in order), so the whole list of cross-layer reactions
can be read at a glance. Handlers run synchronously in the caller's transaction; a handler that
must wait for the commit uses `transaction.on_commit` itself.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


def handlers(name: str) -> tuple[Callable[..., Any], ...]:
    """The functions registered for `name`, in order. Not cached: the modules are imported once
    anyway, and tests may change settings.HOOKS."""
    hooks: dict[str, list[str]] = getattr(settings, "HOOKS", {})
    if name not in hooks:
        raise ImproperlyConfigured(f"Unknown hook {name!r}: add it to settings.HOOKS.")
    return tuple(import_string(path) for path in hooks[name])


def fire(name: str, *args: Any, **kwargs: Any) -> None:
    """Call every handler registered for `name`, in order."""
    for handler in handlers(name):
        handler(*args, **kwargs)


def collect(name: str, *args: Any, **kwargs: Any) -> list[Any]:
    """Call every handler registered for `name` and return their answers, in order (for questions
    such as "may this product be published here?")."""
    return [handler(*args, **kwargs) for handler in handlers(name)]
