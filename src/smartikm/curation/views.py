"""The public curation results page: products selected in published rounds.

The URL and its "web:curation-results" name are the ones the page had when `web` held it.
"""

from django.shortcuts import render

from smartikm.core.pages import paginate
from smartikm.curation.queries import published_results

RESULTS_PER_PAGE = 30


def curation_results(request):
    return render(
        request,
        "curation/results.html",
        {"page": paginate(request, published_results(), RESULTS_PER_PAGE)},
    )
