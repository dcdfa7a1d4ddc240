"""Pages for officers of a UPT Pemasyarakatan: artisans (by code), work records, sales, the premi
ledger with its monthly XLSX report, and graduation follow-ups.

Scoping is the API's (`corrections.api`): every page under `<upt>/` is for officers of that very UPT;
an officer of another UPT gets 404 for the unit and for any row of it, as if it did not exist.
Ministry staff are sent to the aggregates page (counts, never rows); anyone else gets 403.
Changes go through `corrections.actions`; their field errors are put back on the forms.
Privacy by construction: nothing here reads ArtisanRestricted; an artisan is shown by code only.
"""

import datetime
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartikm.accounts.models import Organisation
from smartikm.core.forms import add_validation_errors
from smartikm.core.pages import paginate
from smartikm.corrections import actions, queries, report
from smartikm.corrections.choices import PREMI_ACCOUNTS, ArtisanStatus, EntryKind, Skill, UnitType
from smartikm.corrections.forms import (
    ArtisanForm,
    FollowUpForm,
    ReasonForm,
    ReleaseForm,
    SaleForm,
    StatusForm,
    WorkRecordForm,
    parse_month,
)
from smartikm.corrections.models import FollowUp, GraduationCase, LedgerEntry
from smartikm.corrections.permissions import can_see_national_counts, officer_upt_ids

PER_PAGE = 25
DUE_WITHIN_DAYS = 30


def _no_rows_for(request):
    """Users who are officers of no UPT: those who read national counts go there, others are refused."""
    if can_see_national_counts(request.user):
        return redirect("corrections:aggregates")
    raise PermissionDenied(_("Halaman ini hanya untuk petugas UPT Pemasyarakatan."))


def upt_view(view):
    """Login, then the UPT of the URL among the user's own (404 otherwise) as `upt`."""

    @login_required
    @wraps(view)
    def wrapper(request, upt_id: int, *args, **kwargs):
        upts = officer_upt_ids(request.user)
        if not upts:
            return _no_rows_for(request)
        if upt_id not in upts:
            raise Http404
        upt = get_object_or_404(Organisation, pk=upt_id)
        return view(request, upt, *args, **kwargs)

    return wrapper


def _month_param(request, name: str = "bulan") -> datetime.date | None:
    return parse_month(request.GET.get(name))


def _next_month(day: datetime.date) -> datetime.date:
    return actions.add_months(day, 1)


def _ctx(upt, section: str, **extra) -> dict:
    return {"upt": upt, "section": section, **extra}


# Home and aggregates --------------------------------------------------------------------------------


@login_required
def home(request):
    upts = officer_upt_ids(request.user)
    if not upts:
        return _no_rows_for(request)
    today = timezone.localdate()
    this_month = today.replace(day=1)
    units = []
    for upt in Organisation.objects.filter(pk__in=sorted(upts)).order_by("name", "id"):
        by_status = dict(
            queries.artisans_of([upt.pk]).values_list("status").annotate(n=Count("id")).order_by()
        )
        sales = (
            queries.sales_of([upt.pk])
            .filter(sold_on__gte=this_month, sold_on__lt=_next_month(this_month))
            .aggregate(n=Count("id"), total=Sum("amount"))
        )
        units.append(
            {
                "upt": upt,
                "active": by_status.get(ArtisanStatus.ACTIVE, 0),
                "released": by_status.get(ArtisanStatus.RELEASED, 0),
                "transferred": by_status.get(ArtisanStatus.TRANSFERRED, 0),
                "work_records": queries.work_records_of([upt.pk]).filter(period=this_month).count(),
                "sales": sales["n"],
                "sales_total": sales["total"] or 0,
                "due": FollowUp.objects.filter(
                    case__upt=upt,
                    done_on__isnull=True,
                    due_on__lte=today + datetime.timedelta(DUE_WITHIN_DAYS),
                ).count(),
            }
        )
    return render(request, "corrections/home.html", {"units": units, "this_month": this_month})


@login_required
def aggregates(request):
    """Ministry staff: artisans per UPT by status and active ones by skill. Counts only."""
    if not can_see_national_counts(request.user):
        if officer_upt_ids(request.user):
            return redirect("corrections:home")
        raise PermissionDenied(_("Hanya staf kementerian yang dapat melihat rekap nasional."))
    rows = queries.ministry_aggregates()
    unit_types = dict(UnitType.choices)
    for row in rows:
        row["unit_type_label"] = unit_types.get(row["unit_type"], "—")
        row["total"] = sum(row["by_status"].values())
        row["skills"] = [
            (label, row["active_by_skill"][value])
            for value, label in Skill.choices
            if row["active_by_skill"].get(value)
        ]
    return render(request, "corrections/aggregates.html", {"rows": rows, "statuses": ArtisanStatus.choices})


# Artisans ---------------------------------------------------------------------------------------------


@upt_view
def artisan_list(request, upt):
    qs = queries.artisans_of([upt.pk]).order_by("code")
    status = request.GET.get("status", "")
    if status in ArtisanStatus.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    page = paginate(request, qs, PER_PAGE)
    return render(
        request,
        "corrections/artisan_list.html",
        _ctx(upt, "artisans", page=page, status=status, statuses=ArtisanStatus.choices),
    )


@upt_view
def artisan_new(request, upt):
    form = ArtisanForm(request.POST or None, upt=upt)
    if request.method == "POST" and form.is_valid():
        try:
            artisan = actions.register_artisan(
                upt,
                skills=form.cleaned_data["skills"],
                workshop=form.cleaned_data["workshop"],
                joined_on=form.cleaned_data["joined_on"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request, _("Warga binaan terdaftar dengan kode %(code)s.") % {"code": artisan.code}
            )
            return redirect("corrections:artisan", upt_id=upt.pk, pk=artisan.pk)
    status = 400 if form.errors else 200
    return render(request, "corrections/artisan_form.html", _ctx(upt, "artisans", form=form), status=status)


def _artisan(upt, pk: int):
    return get_object_or_404(queries.artisans_of([upt.pk]), pk=pk)


def _artisan_page(request, upt, artisan, *, status_form=None, release_form=None, status=200):
    case = GraduationCase.objects.filter(artisan=artisan).prefetch_related("follow_ups").first()
    records = queries.work_records_of([upt.pk]).filter(artisan=artisan).order_by("-period", "id")[:12]
    return render(
        request,
        "corrections/artisan_detail.html",
        _ctx(
            upt,
            "artisans",
            artisan=artisan,
            case=case,
            records=records,
            status_form=status_form or StatusForm(),
            release_form=release_form or ReleaseForm(),
            can_transfer=artisan.status == ArtisanStatus.ACTIVE,
            can_return=artisan.status == ArtisanStatus.TRANSFERRED,
            can_release=artisan.status == ArtisanStatus.ACTIVE,
        ),
        status=status,
    )


@upt_view
def artisan_detail(request, upt, pk: int):
    return _artisan_page(request, upt, _artisan(upt, pk))


@upt_view
@require_POST
def artisan_status(request, upt, pk: int):
    artisan = _artisan(upt, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            actions.change_artisan_status(artisan, form.cleaned_data["status"], actor=request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request,
                _("Status %(code)s: %(status)s.")
                % {"code": artisan.code, "status": ArtisanStatus(artisan.status).label},
            )
            return redirect("corrections:artisan", upt_id=upt.pk, pk=artisan.pk)
    return _artisan_page(request, upt, artisan, status_form=form, status=400)


@upt_view
@require_POST
def artisan_release(request, upt, pk: int):
    artisan = _artisan(upt, pk)
    form = ReleaseForm(request.POST)
    if form.is_valid():
        try:
            actions.release_artisan(artisan, released_on=form.cleaned_data["released_on"], actor=request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request, _("%(code)s dicatat bebas; kasus graduasi dibuka.") % {"code": artisan.code}
            )
            return redirect("corrections:graduation", upt_id=upt.pk)
    return _artisan_page(request, upt, artisan, release_form=form, status=400)


# Work records ---------------------------------------------------------------------------------------


@upt_view
def work_list(request, upt):
    month = _month_param(request)
    qs = queries.work_records_of([upt.pk]).order_by("-period", "artisan__code", "id")
    if month:
        qs = qs.filter(period=month)
    page = paginate(request, qs, PER_PAGE)
    return render(request, "corrections/work_list.html", _ctx(upt, "work", page=page, month=month))


@upt_view
def work_new(request, upt):
    initial = {"period": _month_param(request) or timezone.localdate().replace(day=1)}
    form = WorkRecordForm(request.POST or None, upt=upt, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_work(
                data["artisan"],
                data["product"],
                data["period"],
                pieces=data["pieces"],
                hours=data["hours"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request,
                _("Catatan kerja %(code)s untuk %(month)s tersimpan.")
                % {"code": data["artisan"].code, "month": data["period"].strftime("%Y-%m")},
            )
            url = reverse("corrections:work", kwargs={"upt_id": upt.pk})
            return redirect(f"{url}?bulan={data['period']:%Y-%m}")
    status = 400 if form.errors else 200
    return render(request, "corrections/work_form.html", _ctx(upt, "work", form=form), status=status)


# Sales --------------------------------------------------------------------------------------------------


@upt_view
def sale_list(request, upt):
    open_entries = LedgerEntry.objects.filter(sale=OuterRef("pk"), reversed_by__isnull=True).exclude(
        kind=EntryKind.REVERSAL
    )
    qs = queries.sales_of([upt.pk]).annotate(is_open=Exists(open_entries)).order_by("-sold_on", "-id")
    page = paginate(request, qs, PER_PAGE)
    return render(request, "corrections/sale_list.html", _ctx(upt, "sales", page=page))


@upt_view
def sale_new(request, upt):
    form = SaleForm(request.POST or None, upt=upt, initial={"sold_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sale = actions.record_manual_sale(
                upt,
                data["product"],
                data["amount"],
                data["sold_on"],
                quantity=data["quantity"],
                note=data["note"],
                external_ref=data["external_ref"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request, _("Penjualan #%(id)s dicatat dan dibagi ke buku premi.") % {"id": sale.pk}
            )
            return redirect("corrections:sales", upt_id=upt.pk)
    status = 400 if form.errors else 200
    return render(request, "corrections/sale_form.html", _ctx(upt, "sales", form=form), status=status)


@upt_view
def sale_reverse(request, upt, pk: int):
    sale = get_object_or_404(queries.sales_of([upt.pk]), pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.reverse_sale(sale, reason=form.cleaned_data["reason"], actor=request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request, _("Penjualan #%(id)s dibatalkan dengan entri pembalikan.") % {"id": sale.pk}
            )
            return redirect("corrections:sales", upt_id=upt.pk)
    status = 400 if form.errors else 200
    return render(
        request, "corrections/sale_reverse.html", _ctx(upt, "sales", form=form, sale=sale), status=status
    )


# Ledger -------------------------------------------------------------------------------------------------


@upt_view
def ledger(request, upt):
    month = _month_param(request) or timezone.localdate().replace(day=1)
    in_month = Q(booked_on__gte=month, booked_on__lt=_next_month(month))
    qs = queries.ledger_of([upt.pk]).filter(in_month).select_related("product").order_by("booked_on", "id")
    page = paginate(request, qs, PER_PAGE)
    premi = list(
        LedgerEntry.objects.filter(in_month, upt=upt, account__in=PREMI_ACCOUNTS)
        .values("artisan__code")
        .annotate(total=Sum("amount"))
        .order_by("artisan__code")
    )
    return render(
        request,
        "corrections/ledger.html",
        _ctx(
            upt,
            "ledger",
            page=page,
            month=month,
            premi=premi,
            premi_total=sum(r["total"] for r in premi),
            previous=actions.add_months(month, -1),
            following=_next_month(month),
        ),
    )


@upt_view
def ledger_report(request, upt, year: int, month: int):
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404
    data = report.monthly_report(upt, year, month, user=request.user)
    response = HttpResponse(data, content_type=report.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{report.report_filename(upt, year, month)}"'
    return response


# Graduation -------------------------------------------------------------------------------------------


@upt_view
def graduation(request, upt):
    today = timezone.localdate()
    due = (
        FollowUp.objects.filter(
            case__upt=upt, done_on__isnull=True, due_on__lte=today + datetime.timedelta(DUE_WITHIN_DAYS)
        )
        .select_related("case__artisan")
        .order_by("due_on", "id")
    )
    cases = (
        GraduationCase.objects.filter(upt=upt)
        .select_related("artisan")
        .prefetch_related("follow_ups")
        .order_by("-released_on", "id")
    )
    page = paginate(request, cases, PER_PAGE)
    return render(
        request, "corrections/graduation.html", _ctx(upt, "graduation", due=due, page=page, today=today)
    )


@upt_view
def follow_up(request, upt, pk: int):
    item = get_object_or_404(FollowUp.objects.filter(case__upt=upt).select_related("case__artisan"), pk=pk)
    initial = {"outcome": item.outcome or None, "done_on": item.done_on or timezone.localdate()}
    form = FollowUpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_follow_up(
                item,
                outcome=form.cleaned_data["outcome"],
                done_on=form.cleaned_data["done_on"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request,
                _("Tindak lanjut %(months)s bulan untuk %(code)s tercatat.")
                % {"months": item.months, "code": item.case.artisan.code},
            )
            return redirect("corrections:graduation", upt_id=upt.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "corrections/follow_up_form.html",
        _ctx(upt, "graduation", form=form, item=item),
        status=status,
    )
