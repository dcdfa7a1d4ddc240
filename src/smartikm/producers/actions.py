"""Creating producers and keeping their copied fields (province, public name) in step.

`producer_for(maker)` is how every other app turns an IKM or a UPT organisation into its Producer;
it creates the row the first time (older data, or makers created before this app existed).

Producer rows mirror their IKM or UPT and are not audited themselves: every change that moves them
(an IKM registered or edited, a UPT set up) is audited by the action that made it.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from smartikm.accounts.choices import OrganisationKind
from smartikm.accounts.models import Organisation
from smartikm.producers.choices import ProducerKind
from smartikm.producers.models import Producer
from smartikm.registry.models import Ikm


def _province_of_upt(organisation: Organisation) -> str | None:
    if organisation.province_id:
        return organisation.province_id
    return organisation.region_id[:2] if organisation.region_id else None


def expected_fields(maker: Ikm | Organisation) -> dict:
    """The producer fields that follow from the maker (kind, link, province, public name)."""
    if isinstance(maker, Ikm):
        return {
            "kind": ProducerKind.IKM,
            "ikm": maker,
            "province_id": maker.province_id,
            "public_name": maker.name,
        }
    if maker.kind != OrganisationKind.UPT:
        raise ValidationError(_("Hanya IKM atau UPT Pemasyarakatan yang dapat menjadi produsen."))
    return {
        "kind": ProducerKind.UPT,
        "organisation": maker,
        "province_id": _province_of_upt(maker),
        "public_name": maker.name,
    }


def producer_for(maker: Ikm | Organisation | Producer) -> Producer:
    """The Producer of an IKM or a UPT organisation, created on first use."""
    if isinstance(maker, Producer):
        return maker
    try:
        return maker.producer  # the reverse one-to-one; cached on the instance once read
    except Producer.DoesNotExist:
        return _create(maker)


def _create(maker: Ikm | Organisation) -> Producer:
    fields = expected_fields(maker)
    try:
        with transaction.atomic():
            return Producer.objects.create(**fields)
    except IntegrityError:
        # Another request created it between our read and our insert: use theirs.
        link = {"ikm": maker} if isinstance(maker, Ikm) else {"organisation": maker}
        return Producer.objects.get(**link)


@transaction.atomic
def sync_producer(maker: Ikm | Organisation) -> Producer:
    """Copy the maker's current province and name onto its producer (created when missing)."""
    producer = producer_for(maker)
    fields = expected_fields(maker)
    changes = {
        key: value
        for key, value in fields.items()
        if key in ("province_id", "public_name") and getattr(producer, key) != value
    }
    if changes:
        for key, value in changes.items():
            setattr(producer, key, value)
        producer.save(update_fields=[*(k.removesuffix("_id") for k in changes), "updated_at"])
    return producer


def sync_ikm_producer(ikm: Ikm) -> None:
    """Hook for the registry's `ikm_changed`: keep the IKM's producer in step."""
    sync_producer(ikm)
