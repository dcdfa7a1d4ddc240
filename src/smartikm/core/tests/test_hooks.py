"""core.hooks: named hook points, receivers listed in settings.HOOKS, called in order."""

import pytest

from smartikm.core import hooks

CALLS: list[tuple] = []


def first_receiver(*args, **kwargs):
    CALLS.append(("first", args, kwargs))
    return 1


def second_receiver(*args, **kwargs):
    CALLS.append(("second", args, kwargs))
    return 2


@pytest.fixture(autouse=True)
def calls():
    CALLS.clear()
    yield CALLS
    CALLS.clear()


def test_firing_a_hook_calls_its_receivers_in_the_listed_order_and_returns_their_results(settings):
    settings.HOOKS = {
        "stock_changed": [f"{__name__}.second_receiver", f"{__name__}.first_receiver"],
    }
    assert hooks.fire("stock_changed", "product", exclude=None) == [2, 1]
    assert CALLS == [
        ("second", ("product",), {"exclude": None}),
        ("first", ("product",), {"exclude": None}),
    ]


def test_a_hook_without_receivers_does_nothing(settings):
    settings.HOOKS = {}
    assert hooks.fire("product_changed", "product", price=True, stock=False) == []


def test_firing_an_unknown_hook_name_is_an_error_not_a_silent_no_op(settings):
    with pytest.raises(hooks.UnknownHook, match="stok_changed"):
        hooks.fire("stok_changed", "product")


def test_an_unknown_hook_name_in_settings_is_an_error(settings):
    settings.HOOKS = {"stock_changd": [f"{__name__}.first_receiver"]}
    with pytest.raises(hooks.UnknownHook, match="stock_changd"):
        hooks.fire("stock_changed", "product")


def test_receivers_are_imported_once(settings, monkeypatch):
    settings.HOOKS = {"stock_changed": [f"{__name__}.first_receiver"]}
    hooks.clear_cache()
    imported = []
    real = hooks.import_string
    monkeypatch.setattr(hooks, "import_string", lambda path: imported.append(path) or real(path))
    hooks.fire("stock_changed", 1)
    hooks.fire("stock_changed", 2)
    assert imported == [f"{__name__}.first_receiver"]
    hooks.clear_cache()


def test_the_project_settings_wire_the_catalogue_hooks_to_the_marketplace_hub():
    from django.conf import settings as project

    assert set(project.HOOKS) <= set(hooks.HOOK_POINTS)
    for name in project.HOOKS:
        assert all(callable(receiver) for receiver in hooks.receivers(name))
    assert "smartikm.channels.actions.push_stock_change" in project.HOOKS["stock_changed"]
