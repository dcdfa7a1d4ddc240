"""The home page and the health check."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from smartikm.web import queries


def home(request):
    context = {**queries.home_aggregates(), "latest_products": queries.latest_products()}
    return render(request, "web/home.html", context)


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
