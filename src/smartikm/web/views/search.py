"""The public search page (placeholder until catalog.search lands)."""

from django.shortcuts import render


def search(request):
    return render(request, "catalog/search.html", {"result": None, "query": ""})
