"""Pages that span domains: the home page and the health check."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.models import Product
from smartikm.registry.choices import VerificationStatus
from smartikm.registry.models import Ikm, Sentra


def home(request):
    figures = {
        "ikm": Ikm.objects.filter(status=VerificationStatus.VERIFIED).count(),
        "products": Product.objects.filter(status=ProductStatus.ACTIVE).count(),
        "sentra": Sentra.objects.filter(is_active=True).count(),
        "provinces": Ikm.objects.filter(status=VerificationStatus.VERIFIED)
        .values("province")
        .distinct()
        .count(),
    }
    return render(request, "web/home.html", {"figures": figures})


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
