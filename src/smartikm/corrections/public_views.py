"""The public graduation page: warga binaan graduation figures by unit type and outcome.

Aggregates only, with small cells hidden by `corrections.queries.programme_figures`; no artisan, code
or case is ever read here. The URL and its "web:graduation" name are the ones the page had when `web`
held it.
"""

from django.shortcuts import render
from django.utils.translation import gettext as _

from smartikm.corrections.choices import Outcome, UnitType
from smartikm.corrections.queries import NOT_FOLLOWED_UP, programme_figures


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
        "corrections/programme_graduation.html",
        {
            "columns": [labels[c] for c in figures["columns"]],
            "rows": rows,
            "small_cell": figures["small_cell"],
            "total": figures["total"],
        },
    )
