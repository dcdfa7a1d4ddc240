"""The public province page: figures, regencies, sentra and verified IKM of one province."""

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from smartikm.catalog.queries import public_products
from smartikm.core.pages import paginate
from smartikm.reference.models import Region
from smartikm.registry.queries import public_ikm, public_sentra

IKM_PER_PAGE = 20


def province(request, code: str):
    if len(code) != 2 or not code.isdigit():
        raise Http404
    region = get_object_or_404(Region, code=code, level=1)
    verified = public_ikm().filter(province=region)
    regency_counts = (
        verified.values("regency_id", "regency__name").annotate(n=Count("id")).order_by("-n", "regency__name")
    )
    context = {
        "province": region,
        "figures": {
            "ikm": verified.count(),
            "products": public_products().filter(producer__kind="ikm", producer__province=region).count(),
            "sentra": public_sentra().filter(province=region).count(),
        },
        "regencies": list(regency_counts[:40]),
        "sentra_list": list(public_sentra().filter(province=region).order_by("name")[:12]),
        "ikm_page": paginate(request, verified.order_by("name", "id"), IKM_PER_PAGE),
    }
    return render(request, "web/province.html", context)
