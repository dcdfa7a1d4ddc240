"""The home page and the health check."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from smartikm.web import queries


def home(request):
    context = {
        "figures": queries.programme_figures(),
        "featured_sentra": queries.featured_sentra(),
        "latest_products": queries.latest_products(),
        "provinces": [(p, n) for p, n in queries.provinces_with_counts() if n],
    }
    return render(request, "web/home.html", context)


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
