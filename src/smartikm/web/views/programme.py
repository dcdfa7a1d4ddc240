"""Public programme pages: curation results (products selected in published rounds) and the
warga binaan graduation figures (aggregates only, small cells hidden by corrections.queries)."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from smartikm.corrections.choices import Outcome, UnitType
from smartikm.corrections.queries import NOT_FOLLOWED_UP, programme_figures
from smartikm.curation.queries import published_results
from smartikm.web.paging import paginate

RESULTS_PER_PAGE = 30


def curation_results(request):
    return render(
        request,
        "web/curation_results.html",
        {"page": paginate(request, published_results(), RESULTS_PER_PAGE)},
    )


def graduation(request):
    figures = programme_figures()
    labels = {**dict(Outcome.choices), NOT_FOLLOWED_UP: _("Belum ada tindak lanjut")}
    units = dict(UnitType.choices)
    rows = [
        {
            "label": units.get(row["unit_type"], _("Lainnya")),
            "cells": [row["cells"][c] for c in figures["columns"]],
            "total": row["total"],
            "linked_to_ikm": row["linked_to_ikm"],
        }
        for row in figures["rows"]
    ]
    return render(
        request,
        "web/graduation.html",
        {
            "columns": [labels[c] for c in figures["columns"]],
            "rows": rows,
            "small_cell": figures["small_cell"],
            "total": figures["total"],
        },
    )
