"""One producer per IKM and per UPT: who manages it, what the public may call it, and that the
registry's changes reach it."""

import pytest

from smartikm.catalog.tests.factories import make_ikm as make_plain_ikm
from smartikm.producers.actions import producer_for
from smartikm.producers.choices import ProducerKind
from smartikm.producers.models import Producer
from smartikm.producers.permissions import can_manage, member_user_ids, producers_of, public_label
from smartikm.registry.actions import update_ikm, verify_ikm

pytestmark = pytest.mark.django_db


def test_registering_an_ikm_creates_its_producer_with_province_and_name(make_ikm):
    ikm = make_ikm()
    producer = Producer.objects.get(ikm=ikm)
    assert (producer.kind, producer.province_id, producer.public_name) == (ProducerKind.IKM, "33", ikm.name)


def test_renaming_or_moving_an_ikm_updates_its_producer(make_ikm, personas):
    ikm = make_ikm()
    update_ikm(ikm, {"name": "Batik Kartini Jaya", "village": "35.01.01.2001"}, actor=personas.ikm_owner)
    producer = Producer.objects.get(ikm=ikm)
    assert (producer.province_id, producer.public_name) == ("35", "Batik Kartini Jaya")


def test_a_upt_is_a_producer_placed_in_its_province(personas):
    producer = producer_for(personas.upt)
    assert producer.kind == ProducerKind.UPT and producer.province_id == "33"
    assert producer_for(personas.upt) == producer  # one row, whatever the number of calls


def test_the_owner_and_staff_manage_an_ikm_producer_and_nobody_else(personas):
    producer = producer_for(make_plain_ikm(personas.ikm_owner))
    assert can_manage(personas.ikm_owner, producer)
    assert can_manage(personas.ministry_admin, producer)
    for who in ("upt_officer", "officer_jatim", "buyer", "outsider"):
        assert not can_manage(getattr(personas, who), producer), who


def test_only_the_units_officers_and_staff_manage_a_upt_producer(personas):
    producer = producer_for(personas.upt)
    assert can_manage(personas.upt_officer, producer)
    assert can_manage(personas.ministry_admin, producer)
    for who in ("ikm_owner", "officer_jateng", "buyer", "outsider"):
        assert not can_manage(getattr(personas, who), producer), who


def test_anonymous_visitors_manage_nothing(personas):
    from django.contrib.auth.models import AnonymousUser

    assert not can_manage(AnonymousUser(), producer_for(personas.upt))
    assert not can_manage(None, producer_for(personas.upt))


def test_producers_of_lists_own_ikm_and_own_upt_even_without_a_producer_row_yet(personas):
    ikm = make_plain_ikm(personas.ikm_owner)  # made with the ORM: no producer row yet
    assert not Producer.objects.filter(ikm=ikm).exists()
    assert [p.ikm for p in producers_of(personas.ikm_owner)] == [ikm]
    assert [p.organisation for p in producers_of(personas.upt_officer)] == [personas.upt]
    assert producers_of(personas.outsider) == []


def test_the_public_label_names_the_ikm_or_only_the_unit(personas):
    ikm_producer = producer_for(make_plain_ikm(personas.ikm_owner, name="Batik Sekar"))
    assert public_label(ikm_producer) == "Batik Sekar"
    assert public_label(producer_for(personas.upt)) == f"Karya warga binaan — {personas.upt.name}"


def test_every_member_of_a_upt_belongs_to_its_producer(personas):
    assert personas.upt_officer.pk in member_user_ids(producer_for(personas.upt))
    ikm = make_plain_ikm(personas.ikm_owner)
    assert member_user_ids(producer_for(ikm)) == {personas.ikm_owner.pk}


def test_verifying_an_ikm_keeps_its_producer(make_ikm, personas):
    from smartikm.registry.actions import submit_for_verification

    ikm = make_ikm()
    submit_for_verification(ikm, actor=personas.ikm_owner)
    verify_ikm(ikm, actor=personas.officer_jateng)
    assert Producer.objects.filter(ikm=ikm).count() == 1
