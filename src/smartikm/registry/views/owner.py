"""Owner pages of the registry: an owner registers an IKM in steps, follows its verification,
corrects and resubmits.

Every change goes through registry.actions; these views only turn requests into action calls and
action errors back into form errors or messages. The products listed on the owner's IKM page come
from catalog, which this app may not import: the template asks catalog's `catalog_tags` for them.
"""

import json
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from smartikm.core.forms import add_validation_errors
from smartikm.reference.models import Region
from smartikm.reference.regions import candidates
from smartikm.registry import actions
from smartikm.registry.choices import VerificationStatus
from smartikm.registry.forms import CertificationForm, IkmForm
from smartikm.registry.models import IKM_FIELDS, Certification, Ikm
from smartikm.registry.wizard_forms import NeedsForm, StoreLinksForm

EDITABLE_STATUSES = (VerificationStatus.DRAFT, VerificationStatus.REJECTED)
WIZARD_SESSION_KEY = "registry.new_ikm"
VILLAGE_QUERY_MAX = 100


@dataclass(frozen=True)
class Step:
    slug: str
    title: str | Promise
    fields: tuple[str, ...]


# The order of the e-Smart IKM registration. A new IKM is created when the owner step is posted:
# the owner's NIK goes straight into the encrypted column and never sits in the session.
STEPS = (
    Step(
        "usaha",
        gettext_lazy("Usaha"),
        ("name", "business_type", "phone", "email", "founded_on", "workers", "investment", "description"),
    ),
    Step("izin", gettext_lazy("Izin dan KBLI"), ("npwp", "nib", "licences", "kbli")),
    Step("lokasi", gettext_lazy("Lokasi"), ("village", "address", "postal_code")),
    Step(
        "pemilik",
        gettext_lazy("Pemilik"),
        ("owner_name", "owner_phone", "owner_birth_date", "owner_nik", "owner_education"),
    ),
    Step(
        "pasar",
        gettext_lazy("Toko dan pasar"),
        ("store_links", "has_trademark", "consumers", "marketing_reach", "has_export_experience"),
    ),
    Step("kebutuhan", gettext_lazy("Survei kebutuhan"), ("needs",)),
)
STEP_BY_SLUG = {s.slug: s for s in STEPS}
CREATE_AT = "pemilik"
LIST_FIELDS = ("licences", "consumers")
BOOL_FIELDS = ("has_trademark", "has_export_experience")
DATE_FIELDS = ("founded_on", "owner_birth_date")


def _step(slug: str) -> Step:
    if slug not in STEP_BY_SLUG:
        raise Http404
    return STEP_BY_SLUG[slug]


def _next_step(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


# Raw form data ---------------------------------------------------------------------------------
# The wizard keeps what IkmForm would receive from a browser: strings, lists for multiple choices,
# JSON text for store links and needs. One IkmForm then validates the whole profile on every step.


def ikm_raw(ikm: Ikm) -> dict:
    """An existing profile as raw form data (the NIK stays out: IkmForm keeps the stored one)."""
    raw: dict = {}
    for name in IKM_FIELDS:
        if name == "owner_nik":
            continue
        if name in ("village", "kbli"):
            raw[name] = getattr(ikm, f"{name}_id") or ""
        elif name in LIST_FIELDS:
            raw[name] = list(getattr(ikm, name) or [])
        elif name in BOOL_FIELDS:
            if getattr(ikm, name):
                raw[name] = "on"
        elif name in ("store_links", "needs"):
            raw[name] = json.dumps(getattr(ikm, name) or {})
        elif name in DATE_FIELDS:
            value = getattr(ikm, name)
            raw[name] = value.isoformat() if value else ""
        else:
            value = getattr(ikm, name)
            raw[name] = "" if value is None else str(value)
    return raw


def _querydict(raw: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in raw.items():
        if isinstance(value, list):
            data.setlist(key, [str(v) for v in value])
        else:
            data[key] = value
    return data


def _posted_step_raw(step: Step, post) -> tuple[dict, dict]:
    """The step's raw values from a POST, and the helper forms (store links, needs) for errors."""
    raw: dict = {}
    helpers: dict = {}
    for name in step.fields:
        if name in LIST_FIELDS:
            raw[name] = post.getlist(name)
        elif name in BOOL_FIELDS:
            raw[name] = "on" if post.get(name) else None
        elif name == "store_links":
            helpers["links_form"] = links_form = StoreLinksForm(post)
            # An invalid link is passed on as posted, so IkmForm refuses the step (422) instead of
            # silently saving no links.
            raw[name] = json.dumps(links_form.links() if links_form.is_valid() else links_form.raw_links())
        elif name == "needs":
            helpers["needs_form"] = needs_form = NeedsForm(post)
            raw[name] = json.dumps(needs_form.needs() if needs_form.is_valid() else {})
        elif name == "village":
            raw[name] = (post.get("village_pick") or post.get("village") or "").strip()[:40]
        else:
            raw[name] = post.get(name, "")
    return raw, helpers


def _merge(base: dict, step_raw: dict) -> dict:
    merged = dict(base)
    for key, value in step_raw.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def _step_form(form: IkmForm, step: Step) -> IkmForm:
    """Dress the IkmForm fields this step shows for phones: date pickers, numeric keyboards."""
    for name in DATE_FIELDS:
        form.fields[name].widget.input_type = "date"
    for name in ("workers", "investment"):
        form.fields[name].widget.attrs.setdefault("inputmode", "numeric")
    for name in ("phone", "owner_phone"):
        form.fields[name].widget.input_type = "tel"
    form.fields["village"].widget.attrs.update({"autocomplete": "off", "inputmode": "numeric"})
    form.fields["kbli"].widget.attrs["inputmode"] = "numeric"
    return form


def _errors_outside(form: IkmForm, step: Step) -> list[Step]:
    return [s for s in STEPS if s is not step and any(f in form.errors for f in s.fields)]


# Owner pages -----------------------------------------------------------------------------------


def _own_ikm(request, pk: int) -> Ikm:
    ikm = get_object_or_404(Ikm.objects.select_related("province", "regency", "village", "kbli"), pk=pk)
    if ikm.owner_id != request.user.pk:
        raise Http404  # someone else's draft is not even acknowledged
    return ikm


@login_required
def dashboard(request):
    ikms = Ikm.objects.filter(owner=request.user).select_related("province", "regency").order_by("name", "id")
    return render(
        request,
        "registry/dashboard.html",
        {"ikms": ikms, "draft_in_session": bool(request.session.get(WIZARD_SESSION_KEY))},
    )


def _render_step(request, *, step, form, ikm=None, helpers=None, village_results=None, status=200):
    helpers = helpers or {}
    # Store links and needs are only edited on a saved profile (steps after the owner step).
    if "store_links" in step.fields and "links_form" not in helpers:
        helpers["links_form"] = StoreLinksForm(
            initial=StoreLinksForm.initial_from(ikm.store_links if ikm else {})
        )
    if "needs" in step.fields and "needs_form" not in helpers:
        helpers["needs_form"] = NeedsForm(initial=NeedsForm.initial_from(ikm.needs if ikm else {}))
    fields = [form[name] for name in step.fields if name not in ("store_links", "needs")]
    return render(
        request,
        "registry/wizard_step.html",
        {
            "steps": STEPS,
            "step": step,
            "form": form,
            "fields": fields,
            "ikm": ikm,
            "village_results": village_results,
            "village_query": request.POST.get("village_q", "") if request.method == "POST" else "",
            "needs_htmx": "village" in step.fields,
            **helpers,
        },
        status=status,
    )


@login_required
def wizard_new(request, step: str):
    """Steps of a new registration; kept in the session until the owner step creates the draft."""
    current = _step(step)
    if STEPS.index(current) > STEPS.index(STEP_BY_SLUG[CREATE_AT]):
        return redirect("registry:new", step=STEPS[0].slug)
    following = _next_step(current)
    assert following is not None  # the new-registration steps end at the owner step, never the last
    stored = request.session.get(WIZARD_SESSION_KEY, {})
    if request.method == "GET":
        bound = request.GET.get("periksa") == "1" and stored
        form = IkmForm(data=_querydict(stored)) if bound else IkmForm(initial=stored)
        if bound:
            form.is_valid()
        return _render_step(request, step=current, form=_step_form(form, current))

    step_raw, helpers = _posted_step_raw(current, request.POST)
    merged = _merge(stored, step_raw)
    if "cari_desa" in request.POST:
        form = _step_form(IkmForm(initial=merged), current)
        return _render_step(
            request,
            step=current,
            form=form,
            village_results=village_candidates(request.POST.get("village_q", "")),
        )
    form = _step_form(IkmForm(data=_querydict(merged)), current)
    form.is_valid()
    if any(name in form.errors for name in current.fields):
        return _render_step(request, step=current, form=form, helpers=helpers, status=422)
    if current.slug != CREATE_AT:
        # Everything before the owner step is business data; the session may hold it.
        request.session[WIZARD_SESSION_KEY] = {k: v for k, v in merged.items() if k != "owner_nik"}
        return redirect("registry:new", step=following.slug)
    earlier = _errors_outside(form, current)
    if earlier:
        messages.error(request, _("Lengkapi dulu langkah “%(step)s”.") % {"step": earlier[0].title})
        return redirect(reverse("registry:new", kwargs={"step": earlier[0].slug}) + "?periksa=1")
    try:
        ikm = actions.create_ikm(form.cleaned_data, actor=request.user)
    except ValidationError as exc:
        add_validation_errors(form, exc)
        return _render_step(request, step=current, form=form, status=422)
    request.session.pop(WIZARD_SESSION_KEY, None)
    messages.success(request, _("Draf IKM tersimpan. Lanjutkan dengan toko dan survei kebutuhan."))
    return redirect("registry:edit", pk=ikm.pk, step=following.slug)


@login_required
def wizard_edit(request, pk: int, step: str):
    """Steps of an existing draft or rejected profile; each step saves through update_ikm."""
    ikm = _own_ikm(request, pk)
    current = _step(step)
    if ikm.status not in EDITABLE_STATUSES:
        messages.info(
            request, _("Profil yang sedang diperiksa atau sudah terverifikasi tidak dapat diubah di sini.")
        )
        return redirect("registry:detail", pk=ikm.pk)
    if request.method == "GET":
        return _render_step(request, step=current, form=_step_form(IkmForm(instance=ikm), current), ikm=ikm)
    step_raw, helpers = _posted_step_raw(current, request.POST)
    merged = _merge(ikm_raw(ikm), step_raw)
    if "cari_desa" in request.POST:
        form = _step_form(IkmForm(instance=ikm, initial=merged), current)
        return _render_step(
            request,
            step=current,
            form=form,
            ikm=ikm,
            village_results=village_candidates(request.POST.get("village_q", "")),
        )
    form = _step_form(IkmForm(data=_querydict(merged), instance=ikm), current)
    if not form.is_valid():
        if not any(name in form.errors for name in current.fields):
            earlier = _errors_outside(form, current)
            messages.error(request, _("Lengkapi dulu langkah “%(step)s”.") % {"step": earlier[0].title})
            return redirect("registry:edit", pk=ikm.pk, step=earlier[0].slug)
        return _render_step(request, step=current, form=form, ikm=ikm, helpers=helpers, status=422)
    try:
        actions.update_ikm(ikm, form.cleaned_data, actor=request.user)
    except ValidationError as exc:
        add_validation_errors(form, exc)
        return _render_step(request, step=current, form=form, ikm=ikm, helpers=helpers, status=422)
    following = _next_step(current)
    if following is None:
        messages.success(request, _("Data IKM tersimpan. Periksa lalu ajukan verifikasi."))
        return redirect("registry:detail", pk=ikm.pk)
    return redirect("registry:edit", pk=ikm.pk, step=following.slug)


@login_required
def detail(request, pk: int):
    """The owner's view of their IKM: status, the officer's reason, products, certificates."""
    ikm = _own_ikm(request, pk)
    cert_form = CertificationForm(ikm=ikm)
    if request.method == "POST":
        cert_form = CertificationForm(request.POST, request.FILES, ikm=ikm)
        if cert_form.is_valid():
            try:
                actions.add_certification(ikm, cert_form.cleaned_data, actor=request.user)
            except ValidationError as exc:
                add_validation_errors(cert_form, exc)
            else:
                messages.success(request, _("Sertifikat ditambahkan."))
                return redirect("registry:detail", pk=ikm.pk)
    cert_form.fields["valid_from"].widget.input_type = "date"
    cert_form.fields["valid_until"].widget.input_type = "date"
    return render(
        request,
        "registry/ikm_owner.html",
        {
            "ikm": ikm,
            "steps": STEPS,
            "editable": ikm.status in EDITABLE_STATUSES,
            "can_submit": ikm.status in EDITABLE_STATUSES,
            "certifications": Certification.objects.filter(ikm=ikm).select_related("kind"),
            "cert_form": cert_form,
        },
    )


@login_required
@require_POST
def remove_certificate(request, pk: int, cert_pk: int):
    ikm = _own_ikm(request, pk)
    cert = get_object_or_404(Certification, pk=cert_pk, ikm=ikm)
    actions.remove_certification(cert, actor=request.user)
    messages.success(request, _("Sertifikat dihapus."))
    return redirect("registry:detail", pk=ikm.pk)


@login_required
@require_POST
def submit(request, pk: int):
    ikm = _own_ikm(request, pk)
    try:
        actions.submit_for_verification(ikm, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Profil IKM diajukan. Petugas dinas provinsi akan memeriksanya."))
    return redirect("registry:detail", pk=ikm.pk)


# Village picker --------------------------------------------------------------------------------


@dataclass(frozen=True)
class VillageOption:
    code: str
    label: str


def village_candidates(query: str, limit: int = 10) -> list[VillageOption]:
    """Villages for a typed name ("Mulyoharjo, Jepara"): the region matcher first, then names that
    start with the text. Never a list of all 83,762 villages."""
    query = " ".join((query or "").replace("\x00", " ").split())[:VILLAGE_QUERY_MAX]
    if len(query) < 3:
        return []
    found = [VillageOption(m.code, m.path) for m in candidates(query, level=4, limit=limit)]
    if not found:
        first = query.split(",")[0].strip()
        rows = Region.objects.filter(level=4, is_active=True, name__istartswith=first).order_by(
            "name", "code"
        )
        found = [VillageOption(r.code, r.path) for r in rows[:limit]]
    return found


def village_search(request):
    """The picker's endpoint: a fragment of radio buttons for htmx, a plain page otherwise."""
    # "village_q" is what the registration form's search field sends through htmx.
    query = request.GET.get("q") or request.GET.get("village_q") or ""
    results = village_candidates(query)
    template = "registry/_village_results.html" if request.htmx else "registry/village_search.html"
    return render(request, template, {"village_results": results, "village_query": query[:VILLAGE_QUERY_MAX]})
