"""Who may manage a producer's products and shops, and what the public may call a producer.

Catalog, channels, curation and corrections ask only these functions; none of them looks at
"is it an IKM or a UPT" on its own.

- An IKM is managed by its owner account.
- A UPT Pemasyarakatan is managed by its officers and admins (memberships of that organisation).
- Ministry administrators (the `manage_any_product` capability) may act for anyone.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from smartikm.accounts.capabilities import Capability
from smartikm.accounts.models import Membership, Organisation
from smartikm.accounts.permissions import has_capability, officer_upt_ids
from smartikm.producers.actions import producer_for
from smartikm.producers.choices import ProducerKind
from smartikm.producers.models import Producer
from smartikm.registry.models import Ikm


def can_act_for_any_producer(user) -> bool:
    """Back-office staff who may manage every producer's products and shops."""
    return has_capability(user, Capability.MANAGE_ANY_PRODUCT)


def is_own(user, producer: Producer) -> bool:
    """The user belongs to this producer: the IKM's owner, or an officer/admin of this UPT."""
    if user is None or not user.is_authenticated:
        return False
    if producer.kind == ProducerKind.UPT:
        return producer.organisation_id in officer_upt_ids(user)
    return producer.ikm is not None and producer.ikm.owner_id == user.pk


def can_manage(user, producer: Producer) -> bool:
    """May the user create and change this producer's products, shops and listings?"""
    if user is None or not user.is_authenticated:
        return False
    return is_own(user, producer) or can_act_for_any_producer(user)


def manage_denied_message(producer: Producer) -> str:
    if producer.kind == ProducerKind.UPT:
        return _("Hanya petugas UPT ini atau staf kementerian yang dapat mengelola produk UPT ini.")
    return _("Hanya pemilik IKM atau staf kementerian yang dapat mengelola produk IKM ini.")


def own_condition(user, prefix: str = "") -> Q:
    """Rows whose producer belongs to the user (for `filter()` on producers, products, shops)."""
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    return Q(**{f"{prefix}ikm__owner": user}) | Q(
        **{f"{prefix}organisation_id__in": sorted(officer_upt_ids(user))}
    )


def producers_of(user) -> list[Producer]:
    """The producers the user belongs to (own IKM, own UPT), not those staff may act for.

    Read from the IKM and UPT side, so a maker whose producer row is missing (rows loaded by hand
    or by an import) still appears: `producer_for` creates it.
    """
    if user is None or not user.is_authenticated:
        return []
    ikms = Ikm.objects.filter(owner=user).select_related("producer").order_by("name", "pk")
    upts = Organisation.objects.filter(pk__in=sorted(officer_upt_ids(user))).select_related("producer")
    makers: list[Ikm | Organisation] = [*ikms, *upts.order_by("name", "pk")]
    return [producer_for(maker) for maker in makers]


def member_user_ids(producer: Producer) -> set[int]:
    """Accounts that belong to the producer (a conflict of interest for curation): the IKM owner; for
    a UPT every member of the organisation, whatever their role."""
    if producer.kind == ProducerKind.UPT:
        if producer.organisation_id is None:  # a UPT producer always has its organisation
            return set()
        return set(
            Membership.objects.filter(organisation_id=producer.organisation_id).values_list(
                "user_id", flat=True
            )
        )
    return {producer.ikm.owner_id} if producer.ikm and producer.ikm.owner_id else set()


def public_label(producer: Producer) -> str:
    """What public pages may say about who made a product: the IKM's name, or for a UPT at most
    "Karya warga binaan — <UPT>" — never a person."""
    if producer.kind == ProducerKind.UPT:
        return _("Karya warga binaan — %(upt)s") % {"upt": producer.public_name}
    return producer.public_name


def public_story(producer: Producer) -> str | None:
    """A UPT's own public story for product pages, if it wrote one (kept on its unit profile, which
    the corrections app owns and attaches to the organisation as `upt_profile`)."""
    if producer.kind != ProducerKind.UPT:
        return None
    profile = getattr(producer.organisation, "upt_profile", None)
    story = (profile.story or "").strip() if profile is not None else ""
    return story or None


@dataclass(frozen=True)
class Provenance:
    """Where a UPT product comes from, as a public page may say it: the unit, never a person."""

    label: str
    story: str | None


def provenance(producer: Producer) -> Provenance | None:
    """Label and optional story for a UPT's products; None for an IKM."""
    if producer.kind != ProducerKind.UPT:
        return None
    return Provenance(label=public_label(producer), story=public_story(producer))


def public_regency(producer: Producer):
    """The regency a public page may show for the producer (the IKM's, or the UPT's unit profile's)."""
    if producer.kind == ProducerKind.IKM:
        return producer.ikm.regency if producer.ikm is not None else None
    profile = getattr(producer.organisation, "upt_profile", None)
    return profile.regency if profile is not None else None
