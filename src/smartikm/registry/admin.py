"""The registry in the admin, for ministry staff. Every save goes through registry.actions, so the
admin writes the same audit trail and runs the same rules as the pages and the API."""

import re

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from smartikm.core.admin import AuditedAdmin
from smartikm.reference.choices import KbliLevel, RegionLevel
from smartikm.reference.models import Kbli, Region
from smartikm.registry import actions
from smartikm.registry.forms import CertificationForm, IkmForm, RejectForm, SentraForm, SentraOfficialForm
from smartikm.registry.models import Certification, Ikm, Sentra, SentraMember, SentraOfficial
from smartikm.registry.permissions import can_use_back_office
from smartikm.registry.queries import PASS, UNKNOWN, possible_duplicates, sentra_checks

_NPWP_LIKE = re.compile(r"^[0-9][0-9.\-\s]{13,}$")


class MinistryOnlyMixin:
    """The registry admin is for ministry staff (and superusers), on top of Django's model permissions."""

    def has_module_permission(self, request):
        return can_use_back_office(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return can_use_back_office(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return can_use_back_office(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return can_use_back_office(request.user) and super().has_change_permission(request, obj)


def _copy_saved(target, saved) -> None:
    """Make the admin's unsaved instance the row an action created, so redirects and inlines work."""
    for field in saved._meta.concrete_fields:
        setattr(target, field.attname, getattr(saved, field.attname))
    target._state.adding = False
    target._state.db = saved._state.db


def _field_values(form) -> dict:
    return {name: value for name, value in form.cleaned_data.items() if name not in ("id", "DELETE")}


class ProvinceFilter(admin.SimpleListFilter):
    """The 38 provinces only (level-1 regions), not the whole region table."""

    title = _lazy("provinsi")
    parameter_name = "provinsi"

    def lookups(self, request, model_admin):
        return list(Region.objects.filter(level=RegionLevel.PROVINCE).values_list("code", "name"))

    def queryset(self, request, queryset):
        return queryset.filter(province_id=self.value()) if self.value() else queryset


class KbliDivisionFilter(admin.SimpleListFilter):
    """KBLI by division (golongan pokok, 2 digits) of category C, e.g. 13 Industri tekstil."""

    title = _lazy("KBLI (golongan pokok)")
    parameter_name = "kbli_golongan_pokok"

    def lookups(self, request, model_admin):
        rows = Kbli.objects.filter(level=KbliLevel.GOLONGAN_POKOK, category="C").values_list("code", "title")
        return [(code, f"{code} {title}") for code, title in rows]

    def queryset(self, request, queryset):
        return queryset.filter(kbli_id__startswith=self.value()) if self.value() else queryset


class CertificationInline(admin.TabularInline):
    model = Certification
    form = CertificationForm
    extra = 0
    fields = ["kind", "number", "issuer", "valid_from", "valid_until", "file"]


class IkmAdminForm(IkmForm):
    class Meta(IkmForm.Meta):
        fields = [*IkmForm.Meta.fields, "owner"]


@admin.register(Ikm)
class IkmAdmin(MinistryOnlyMixin, AuditedAdmin):
    form = IkmAdminForm
    list_display = ["name", "nib", "province", "regency", "kbli_id", "scale", "status", "submitted_at"]
    list_filter = [ProvinceFilter, "scale", "status", KbliDivisionFilter, "has_export_experience"]
    list_select_related = ["province", "regency"]
    search_fields = ["name", "=nib", "=npwp"]
    raw_id_fields = ["owner"]
    readonly_fields = [
        "owner_nik_masked",
        "province",
        "regency",
        "scale",
        "status",
        "submitted_at",
        "verified_at",
        "verified_by",
        "rejection_reason",
        "duplicates",
    ]
    inlines = [CertificationInline]
    actions = ["verifikasi", "tolak"]
    fieldsets = [
        (
            _lazy("Usaha"),
            {
                "fields": [
                    "name",
                    "owner",
                    "business_type",
                    ("phone", "email"),
                    ("npwp", "nib"),
                    "licences",
                    "kbli",
                    "founded_on",
                    ("workers", "investment", "scale"),
                    "description",
                ]
            },
        ),
        (_lazy("Lokasi"), {"fields": ["village", ("province", "regency"), "address", "postal_code"]}),
        (
            _lazy("Pemilik"),
            {
                "fields": [
                    "owner_name",
                    "owner_phone",
                    "owner_birth_date",
                    ("owner_nik", "owner_nik_masked"),
                    "owner_education",
                ]
            },
        ),
        (
            _lazy("Pasar dan kebutuhan"),
            {
                "fields": [
                    "store_links",
                    "has_trademark",
                    "consumers",
                    "marketing_reach",
                    "has_export_experience",
                    "needs",
                ]
            },
        ),
        (
            _lazy("Verifikasi"),
            {
                "fields": [
                    "status",
                    "duplicates",
                    "submitted_at",
                    "verified_at",
                    "verified_by",
                    "rejection_reason",
                    "audit_history",
                ]
            },
        ),
    ]

    @admin.display(description=_lazy("NIK pemilik (tersamar)"))
    def owner_nik_masked(self, obj):
        return obj.owner_nik_masked or "-"

    @admin.display(description=_lazy("Kemungkinan duplikat"))
    def duplicates(self, obj):
        """Other profiles with the same NPWP or a similar name in the same village, for the officer."""
        if obj is None or obj.pk is None:
            return "-"
        found = possible_duplicates(obj)
        if not found:
            return _("Tidak ada.")
        reasons = {"npwp": _("NPWP sama"), "name": _("nama mirip di desa yang sama")}
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="../../{}/change/">{}</a> — {} ({}, {})</li>',
                (
                    (
                        d.ikm.pk,
                        d.ikm.name,
                        d.ikm.get_status_display(),
                        reasons.get(d.reason, d.reason),
                        d.score,
                    )
                    for d in found
                ),
            ),
        )

    def has_delete_permission(self, request, obj=None):
        return False  # registrations are rejected or corrected, not deleted, so the trail stays whole

    def get_search_results(self, request, queryset, search_term):
        if _NPWP_LIKE.match(search_term.strip()):
            search_term = re.sub(r"[.\-\s]", "", search_term)
        return super().get_search_results(request, queryset, search_term)

    def save_model(self, request, obj, form, change):
        data = _field_values(form)
        if change:
            actions.update_ikm(obj, data, actor=request.user)
        else:
            _copy_saved(obj, actions.create_ikm(data, actor=request.user))

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)
        ikm = form.instance
        for cert in formset.deleted_objects:
            actions.remove_certification(cert, actor=request.user)
        for sub in formset.forms:
            if sub in formset.deleted_forms or not sub.has_changed() or not hasattr(sub, "cleaned_data"):
                continue
            if sub.instance.pk:
                actions.update_certification(sub.instance, _field_values(sub), actor=request.user)
            else:
                _copy_saved(
                    sub.instance, actions.add_certification(ikm, _field_values(sub), actor=request.user)
                )

    def _run(self, request, queryset, fn, done_message) -> None:
        done, refused = 0, []
        for ikm in queryset.select_related("province", "owner"):
            try:
                fn(ikm)
                done += 1
            except (PermissionDenied, ValidationError) as exc:
                refused.append(f"{ikm.name}: {' '.join(getattr(exc, 'messages', [str(exc)]))}")
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description=_lazy("Verifikasi IKM terpilih"))
    def verifikasi(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda ikm: actions.verify_ikm(ikm, actor=request.user),
            lambda n: ngettext("%(n)d IKM diverifikasi.", "%(n)d IKM diverifikasi.", n) % {"n": n},
        )

    @admin.action(description=_lazy("Tolak IKM terpilih (dengan alasan)"))
    def tolak(self, request, queryset):
        """Asks for one reason on an intermediate page, then rejects each selected IKM with it."""
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]
            self._run(
                request,
                queryset,
                lambda ikm: actions.reject_ikm(ikm, actor=request.user, reason=reason),
                lambda n: ngettext("%(n)d IKM ditolak.", "%(n)d IKM ditolak.", n) % {"n": n},
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Tolak IKM"),
            "opts": self.model._meta,
            "queryset": queryset,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/registry/ikm/reject.html", context)


class SentraMemberInline(admin.TabularInline):
    model = SentraMember
    extra = 0
    raw_id_fields = ["ikm"]
    fields = ["ikm", "joined_on"]


class SentraOfficialInline(admin.TabularInline):
    model = SentraOfficial
    form = SentraOfficialForm
    extra = 0
    fields = ["name", "role", "phone"]


@admin.register(Sentra)
class SentraAdmin(MinistryOnlyMixin, AuditedAdmin):
    form = SentraForm
    list_display = ["name", "commodity", "village", "regency", "province", "is_active"]
    list_filter = [ProvinceFilter, "is_active"]
    list_select_related = ["village", "regency", "province"]
    search_fields = ["name", "commodity", "village__name"]
    readonly_fields = ["province", "regency", "bps_checks_display"]
    inlines = [SentraMemberInline, SentraOfficialInline]
    fields = [
        "name",
        "village",
        ("province", "regency"),
        "commodity",
        "kbli",
        "description",
        "established_year",
        "supervising_agency",
        "technical_unit",
        "publicly_known",
        ("village_households", "similar_businesses"),
        "is_active",
        "bps_checks_display",
        "audit_history",
    ]

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate a sentra instead

    @admin.display(description=_lazy("Kriteria sentra (BPS)"))
    def bps_checks_display(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        marks = {PASS: "✔", UNKNOWN: "?"}
        rows = ((marks.get(c.status, "✘"), c.label, c.detail) for c in sentra_checks(obj))
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{} {} — {}</li>", rows))

    def save_model(self, request, obj, form, change):
        data = _field_values(form)
        if change:
            actions.update_sentra(obj, data, actor=request.user)
        else:
            _copy_saved(obj, actions.create_sentra(data, actor=request.user))

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)
        sentra = form.instance
        user = request.user
        for obj in formset.deleted_objects:
            if isinstance(obj, SentraMember):
                actions.remove_sentra_member(obj, actor=user)
            else:
                actions.remove_sentra_official(obj, actor=user)
        for sub in formset.forms:
            if sub in formset.deleted_forms or not sub.has_changed() or not hasattr(sub, "cleaned_data"):
                continue
            obj = sub.instance
            if isinstance(obj, SentraMember):
                if obj.pk:  # a changed membership row: replace it
                    actions.remove_sentra_member(SentraMember.objects.get(pk=obj.pk), actor=user)
                saved = actions.add_sentra_member(sentra, obj.ikm, actor=user, joined_on=obj.joined_on)
                _copy_saved(obj, saved)
            elif obj.pk:
                actions.update_sentra_official(obj, _field_values(sub), actor=user)
            else:
                _copy_saved(obj, actions.add_sentra_official(sentra, _field_values(sub), actor=user))
