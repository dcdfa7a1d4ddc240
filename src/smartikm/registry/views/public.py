"""Public registry pages: an IKM's profile and a sentra. Public fields only (registry.queries).

Both pages also show catalog figures (the IKM's products, the sentra's product count). Catalog sits
above registry and may not be imported here, so the views pass what registry knows (the IKM, the
member ids) and the templates ask catalog's `catalog_tags` for the products. The URLs and their
"web:" names are the ones these pages had when `web` held them.
"""

from django.shortcuts import get_object_or_404, render

from smartikm.core.pages import paginate
from smartikm.registry.models import Certification, SentraMember
from smartikm.registry.queries import members_of, public_ikm, public_sentra, sentra_checks

IKM_PER_PAGE = 20


def ikm(request, pk: int):
    profile = get_object_or_404(public_ikm(), pk=pk)
    membership = (
        SentraMember.objects.select_related("sentra").filter(ikm=profile, sentra__is_active=True).first()
    )
    context = {
        "ikm": profile,
        "certifications": Certification.objects.filter(ikm=profile).select_related("kind"),
        "sentra": membership.sentra if membership else None,
    }
    return render(request, "registry/ikm_public.html", context)


def sentra(request, pk: int):
    centre = get_object_or_404(public_sentra(), pk=pk)
    members = members_of(centre)
    page = paginate(request, members, IKM_PER_PAGE)
    context = {
        "sentra": centre,
        "members": page,
        "member_ids": members.values("pk"),
        "district": centre.village.parent,
        "checks": sentra_checks(centre),
        "officials": centre.officials.order_by("role", "name"),
    }
    return render(request, "registry/sentra_public.html", context)
