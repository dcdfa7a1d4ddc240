"""The officer desk of the registry: provincial officers (and ministry staff) work through the
verification queue, compare a registration with possible duplicates, approve or reject it.

Changes go through registry.actions. The IKM's products on the review page come from catalog, which
this app may not import: the template asks catalog's `catalog_tags` for them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from smartikm.accounts.permissions import officer_province_codes
from smartikm.core.pages import paginate
from smartikm.reference.models import Region
from smartikm.registry import actions, permissions
from smartikm.registry.choices import PENDING_STATUSES
from smartikm.registry.forms import RejectForm
from smartikm.registry.models import Certification, Ikm
from smartikm.registry.queries import possible_duplicates, verification_queue

QUEUE_PER_PAGE = 20


def _require_officer(user) -> None:
    if not permissions.can_use_officer_desk(user):
        raise PermissionDenied(_("Halaman ini untuk petugas dinas provinsi dan staf kementerian."))


@login_required
def queue(request):
    _require_officer(request.user)
    page = paginate(request, verification_queue(request.user), QUEUE_PER_PAGE)
    provinces = Region.objects.filter(code__in=officer_province_codes(request.user)).order_by("name")
    return render(
        request,
        "registry/officer_queue.html",
        {
            "page": page,
            "provinces": list(provinces),
            "ministry": permissions.sees_national_queue(request.user),
        },
    )


def _reviewable(request, pk: int) -> Ikm:
    _require_officer(request.user)
    ikm = get_object_or_404(
        Ikm.objects.select_related("province", "regency", "village", "kbli", "owner"), pk=pk
    )
    if not permissions.can_verify_ikm(request.user, ikm):
        raise Http404  # an IKM of another province is not shown, not even its existence
    return ikm


COMPARED_FIELDS = (
    ("name", gettext_lazy("Nama usaha")),
    ("npwp", gettext_lazy("NPWP")),
    ("nib", gettext_lazy("NIB")),
    ("kbli", gettext_lazy("KBLI")),
    ("village", gettext_lazy("Kelurahan/desa")),
    ("address", gettext_lazy("Alamat")),
    ("owner_name", gettext_lazy("Nama pemilik")),
    ("phone", gettext_lazy("Telepon usaha")),
    ("status", gettext_lazy("Status")),
)


def _compare_value(ikm: Ikm, name: str) -> str:
    if name == "status":
        return ikm.get_status_display()
    if name == "village":
        return ikm.village.path if ikm.village_id else ""
    if name == "kbli":
        return ikm.kbli_id or ""
    return str(getattr(ikm, name) or "")


def comparison_rows(ikm: Ikm, duplicates) -> list[dict]:
    """One row per field: this IKM's value and each candidate's, flagged where they are the same."""
    rows = []
    for name, label in COMPARED_FIELDS:
        mine = _compare_value(ikm, name)
        others = [_compare_value(d.ikm, name) for d in duplicates]
        rows.append(
            {
                "label": label,
                "mine": mine,
                "others": [{"value": v, "same": bool(v) and v == mine and name != "status"} for v in others],
            }
        )
    return rows


@login_required
def review(request, pk: int, reject_form=None):
    ikm = _reviewable(request, pk)
    duplicates = possible_duplicates(ikm)
    return render(
        request,
        "registry/officer_review.html",
        {
            "ikm": ikm,
            "duplicates": duplicates,
            "rows": comparison_rows(ikm, duplicates),
            "pending": ikm.status in PENDING_STATUSES,
            "reject_form": reject_form or RejectForm(),
            "certifications": Certification.objects.filter(ikm=ikm).select_related("kind"),
        },
        status=422 if reject_form is not None else 200,
    )


@login_required
@require_POST
def approve(request, pk: int):
    ikm = _reviewable(request, pk)
    try:
        actions.verify_ikm(ikm, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("registry:review", pk=ikm.pk)
    messages.success(
        request, _("%(name)s terverifikasi; pemilik diberi tahu lewat e-mail.") % {"name": ikm.name}
    )
    return redirect("registry:queue")


@login_required
@require_POST
def reject(request, pk: int):
    ikm = _reviewable(request, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return review(request, pk, reject_form=form)
    try:
        actions.reject_ikm(ikm, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("registry:review", pk=ikm.pk)
    messages.success(request, _("%(name)s ditolak; alasan dikirim ke pemilik.") % {"name": ikm.name})
    return redirect("registry:queue")
