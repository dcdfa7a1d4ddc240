"""The corrections app in the admin (ministry staff): unit profiles, workshops, split rules, and the
sales and ledger read-only.

Artisans, work records, graduation cases and ArtisanRestricted are deliberately NOT registered:
ministry staff see aggregates only (API `/api/corrections/aggregates`), and officers work through
their own pages and the API. The ledger list shows no artisan column.
"""

from django.contrib import admin

from smartikm.core.admin import AuditedAdmin
from smartikm.corrections.models import LedgerEntry, Sale, SplitRule, UptProfile, Workshop


@admin.register(UptProfile)
class UptProfileAdmin(AuditedAdmin):
    list_display = ["organisation", "unit_type", "unit_class", "regency"]
    list_filter = ["unit_type", "unit_class"]
    list_select_related = ["organisation", "regency"]
    raw_id_fields = ["regency"]
    search_fields = ["organisation__name"]


@admin.register(Workshop)
class WorkshopAdmin(AuditedAdmin):
    list_display = ["name", "upt", "is_active"]
    list_filter = ["is_active"]
    list_select_related = ["upt"]
    search_fields = ["name", "upt__name"]


@admin.register(SplitRule)
class SplitRuleAdmin(AuditedAdmin):
    """Rules are reference data: disabled, never deleted; changed only through their validity."""

    list_display = [
        "upt",
        "premi_bp",
        "pnbp_bp",
        "capital_bp",
        "valid_from",
        "valid_until",
        "source",
        "is_active",
    ]
    list_filter = ["is_active"]
    list_select_related = ["upt"]

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Append-only rows: no add, no change, no delete (models.AppendOnly refuses them as well)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Sale)
class SaleAdmin(ReadOnlyAdmin):
    list_display = ["sold_on", "upt", "product", "amount", "source", "external_ref"]
    list_filter = ["source"]
    list_select_related = ["upt", "product"]
    date_hierarchy = "sold_on"


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["booked_on", "upt", "account", "amount", "kind", "sale"]
    list_filter = ["account", "kind"]
    list_select_related = ["upt", "sale"]
    date_hierarchy = "booked_on"
    exclude = ["artisan"]  # which artisan got premi is for the UPT's own officers
