"""Admin for the reference tables, for ministry staff.

The rows come from loaded datasets (`smartikm loadref`), so nothing can be added, edited or deleted
here: the next load would undo it, and records point at these rows. Staff may only switch a row
on or off (rule 4: disable, never delete), which is audited through `reference.actions`.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from smartikm.core.admin import AuditedAdmin
from smartikm.reference.actions import set_active
from smartikm.reference.models import CertificationKind, Country, Dataset, HsCode, Kbli, Region, ScaleRule


class ReferenceAdmin(AuditedAdmin):
    """Read-only view of a loaded reference table; only `is_active` may change, with an audit entry."""

    list_per_page = 50
    # Counting the filtered result twice on 91,599 regions is wasted work on every page.
    show_full_result_count = False
    actions = ["enable_rows", "disable_rows"]
    editable_fields = ("is_active",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        own = [f.name for f in self.model._meta.concrete_fields if f.name not in self.editable_fields]
        return [*own, *super().get_readonly_fields(request, obj)]

    def save_model(self, request, obj, form, change):
        # Only is_active can reach here (everything else is read-only); route it through the action
        # so the change is audited like the bulk actions.
        if "is_active" in form.changed_data:
            stored = type(obj).objects.get(pk=obj.pk)
            set_active([stored], obj.is_active, actor=request.user)

    def _set_active(self, request, queryset, active: bool) -> None:
        count = set_active(queryset, active, actor=request.user)
        template = (
            gettext("%(count)d baris diaktifkan.") if active else gettext("%(count)d baris dinonaktifkan.")
        )
        self.message_user(request, template % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Aktifkan baris terpilih"), permissions=["change"])
    def enable_rows(self, request, queryset):
        self._set_active(request, queryset, True)

    @admin.action(description=_("Nonaktifkan baris terpilih"), permissions=["change"])
    def disable_rows(self, request, queryset):
        self._set_active(request, queryset, False)


@admin.register(Region)
class RegionAdmin(ReferenceAdmin):
    list_display = ["code", "name", "level", "kind", "parent", "postal_code", "is_active", "version"]
    list_filter = ["level", "is_active", "kind"]
    # "^code" is a prefix search, so "33.20" lists Jepara and everything in it.
    search_fields = ["^code", "name", "^postal_code"]
    list_select_related = ["parent"]
    ordering = ["code"]


@admin.register(Kbli)
class KbliAdmin(ReferenceAdmin):
    list_display = ["code", "title", "level", "category", "is_active", "version"]
    list_filter = ["level", "category", "is_active"]
    search_fields = ["^code", "title"]
    ordering = ["code"]


@admin.register(HsCode)
class HsCodeAdmin(ReferenceAdmin):
    list_display = ["dotted_code", "description_id", "description_en", "level", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["^code", "description_id", "description_en"]
    ordering = ["code"]

    @admin.display(description=_("kode"), ordering="code")
    def dotted_code(self, obj):
        return obj.dotted

    def get_search_results(self, request, queryset, search_term):
        # Staff type BTKI notation ("0101.30.10"); the stored code has no dots.
        return super().get_search_results(request, queryset, search_term.replace(".", "").strip())


@admin.register(Country)
class CountryAdmin(ReferenceAdmin):
    list_display = ["code", "alpha3", "name_id", "name_en", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["^code", "^alpha3", "name_id", "name_en"]
    ordering = ["name_id"]


@admin.register(CertificationKind)
class CertificationKindAdmin(ReferenceAdmin):
    list_display = ["code", "name", "issuer", "applies_to_product", "is_active"]
    list_filter = ["applies_to_product", "is_active"]
    search_fields = ["code", "name", "issuer"]
    ordering = ["code"]


@admin.register(ScaleRule)
class ScaleRuleAdmin(ReferenceAdmin):
    list_display = [
        "rule_set",
        "priority",
        "scale",
        "workers_min",
        "workers_max",
        "investment_min",
        "investment_max",
        "is_active",
    ]
    list_filter = ["rule_set", "scale", "is_active"]
    ordering = ["rule_set", "priority"]


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    """What was loaded, from where and when: a record, so nothing here is editable."""

    list_display = ["name", "version", "rows", "source", "loaded_at"]
    search_fields = ["name", "source"]
    ordering = ["name"]
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
