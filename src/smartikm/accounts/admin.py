"""Admin for users, organisations, memberships and API tokens (ministry staff only)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from smartikm.accounts.models import ApiToken, Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_staff", "is_active"]
    # The stubs type ModelAdmin.fieldsets as optional; Django's UserAdmin always sets it.
    fieldsets = [*(DjangoUserAdmin.fieldsets or ()), (_("Kontak"), {"fields": ["phone"]})]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    raw_id_fields = ["province", "region"]
    list_select_related = ["province"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "user", "created_at", "last_used_at", "revoked_at"]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = ["prefix", "key_hash", "last_used_at"]
    raw_id_fields = ["user"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        # Tokens are issued with `smartikm issue_token`, which shows the raw key once.
        return False
