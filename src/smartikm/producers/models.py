"""Producers: who makes a product or owns a shop connection.

A product is made either by an IKM (registry) or by a UPT Pemasyarakatan (an accounts Organisation
of kind "upt"). Rather than every app carrying two nullable keys and re-deriving "which one, who may
manage it, where is it, what may the public call it", each of those makers has exactly one
`Producer` row and products, shops and curation entries point at it.

`province` and `public_name` are copies kept in step by `producers.actions.sync_producer`, called
by the actions that create or change an IKM or a UPT (through the `ikm_changed` hook for the
registry, which sits below this app). They let lists filter and show the producer with one join.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from smartikm.core.models import TimeStamped
from smartikm.producers.choices import ProducerKind


class ProducerQuerySet(models.QuerySet):
    def public(self):
        """Producers whose active products the public may see: verified IKM and active UPT."""
        return self.filter(PUBLIC_PRODUCER)


# The same condition seen from a product (`Product.objects.filter(producer__in=...)` would cost a
# sub-query); `public_condition("producer__")` is used by catalog and search.
def public_condition(prefix: str = "") -> models.Q:
    return models.Q(**{f"{prefix}kind": ProducerKind.IKM, f"{prefix}ikm__status": "verified"}) | models.Q(
        **{f"{prefix}kind": ProducerKind.UPT, f"{prefix}organisation__is_active": True}
    )


PUBLIC_PRODUCER = public_condition()


class Producer(TimeStamped):
    """One IKM or one UPT Pemasyarakatan as the maker of products (exactly one link is set)."""

    kind = models.CharField(_("jenis"), max_length=3, choices=ProducerKind.choices)
    ikm = models.OneToOneField(
        "registry.Ikm",
        verbose_name=_("IKM"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="producer",
    )
    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("UPT Pemasyarakatan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="producer",
        limit_choices_to={"kind": "upt"},
    )
    province = models.ForeignKey(
        "reference.Region",
        verbose_name=_("provinsi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    public_name = models.CharField(_("nama publik"), max_length=200)

    objects = ProducerQuerySet.as_manager()

    class Meta:
        verbose_name = _("produsen")
        verbose_name_plural = _("produsen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind=ProducerKind.IKM, ikm__isnull=False, organisation__isnull=True)
                | models.Q(kind=ProducerKind.UPT, ikm__isnull=True, organisation__isnull=False),
                name="producer_links_exactly_its_kind",
            )
        ]

    def __str__(self) -> str:
        return self.public_name

    @property
    def is_upt(self) -> bool:
        return self.kind == ProducerKind.UPT

    @property
    def is_ikm(self) -> bool:
        return self.kind == ProducerKind.IKM

    @property
    def maker(self):
        """The IKM or the UPT Organisation itself."""
        return self.ikm if self.kind == ProducerKind.IKM else self.organisation
