"""Public profiles: an IKM, a sentra, a province. Public fields only (see web.queries)."""

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from smartikm.catalog.queries import public_products
from smartikm.reference.models import Region
from smartikm.registry.models import Certification, SentraMember
from smartikm.registry.queries import sentra_checks
from smartikm.web import queries
from smartikm.web.paging import paginate

PRODUCTS_PER_PAGE = 12
IKM_PER_PAGE = 20


def ikm(request, pk: int):
    profile = get_object_or_404(queries.public_ikm(), pk=pk)
    membership = (
        SentraMember.objects.select_related("sentra").filter(ikm=profile, sentra__is_active=True).first()
    )
    context = {
        "ikm": profile,
        "certifications": Certification.objects.filter(ikm=profile).select_related("kind"),
        "products": paginate(request, public_products().filter(producer__ikm=profile), PRODUCTS_PER_PAGE),
        "sentra": membership.sentra if membership else None,
    }
    return render(request, "registry/ikm_public.html", context)


def sentra(request, pk: int):
    centre = get_object_or_404(queries.public_sentra(), pk=pk)
    members = queries.members_of(centre)
    page = paginate(request, members, IKM_PER_PAGE)
    context = {
        "sentra": centre,
        "members": page,
        "district": centre.village.parent,
        "checks": sentra_checks(centre),
        "officials": centre.officials.order_by("role", "name"),
        "product_count": queries.active_product_count(members.values("pk")),
    }
    return render(request, "registry/sentra_public.html", context)


def province(request, code: str):
    if len(code) != 2 or not code.isdigit():
        raise Http404
    region = get_object_or_404(Region, code=code, level=1)
    verified = queries.public_ikm().filter(province=region)
    regency_counts = (
        verified.values("regency_id", "regency__name").annotate(n=Count("id")).order_by("-n", "regency__name")
    )
    context = {
        "province": region,
        "figures": {
            "ikm": verified.count(),
            "products": public_products().filter(producer__kind="ikm", producer__province=region).count(),
            "sentra": queries.public_sentra().filter(province=region).count(),
        },
        "regencies": list(regency_counts[:40]),
        "sentra_list": list(queries.public_sentra().filter(province=region).order_by("name")[:12]),
        "ikm_page": paginate(request, verified.order_by("name", "id"), IKM_PER_PAGE),
    }
    return render(request, "web/province.html", context)
