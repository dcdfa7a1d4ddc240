from dataclasses import dataclass

from smartikm.channels.eligibility import reasons_not_eligible


@dataclass
class FakeChannel:
    code: str = "shopee"
    name: str = "Shopee"
    is_programme: bool = False


def only_programme_objects(product, channel):
    return ["Belum lolos kurasi."] if channel.is_programme else []


def always_objects(product, channel):
    return ["Alasan kedua."]


def test_no_rules_means_every_product_is_eligible(settings):
    settings.HOOKS = {**settings.HOOKS, "channel_eligibility": []}
    assert reasons_not_eligible(object(), FakeChannel()) == []


def test_configured_rules_are_asked_in_order_and_their_reasons_collected(settings):
    here = "smartikm.channels.tests.test_eligibility"
    rules = [f"{here}.only_programme_objects", f"{here}.always_objects"]
    settings.HOOKS = {**settings.HOOKS, "channel_eligibility": rules}
    assert reasons_not_eligible(object(), FakeChannel(is_programme=True)) == [
        "Belum lolos kurasi.",
        "Alasan kedua.",
    ]
    assert reasons_not_eligible(object(), FakeChannel(is_programme=False)) == ["Alasan kedua."]
