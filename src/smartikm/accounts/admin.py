"""Admin for users, organisations, memberships and API tokens (ministry staff only)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from smartikm.accounts import actions
from smartikm.accounts.capabilities import Capability, role_of
from smartikm.accounts.models import ApiToken, Membership, Organisation, User
from smartikm.accounts.permissions import can_manage_memberships, has_capability


class MembershipInline(admin.TabularInline):
    """Read-only here: roles are granted and revoked through accounts.actions (audited), from the
    Membership admin below or the roles page."""

    model = Membership
    extra = 0
    fields = ["organisation", "role", "created_at"]
    readonly_fields = ("organisation", "role", "created_at")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "organisation", "role"]

    def clean(self):
        data = super().clean()
        organisation, role = data.get("organisation"), data.get("role")
        if organisation is not None and role and role_of(organisation.kind, role) is None:
            # Same rule as grant_role, checked here so the admin shows it on the form.
            raise ValidationError(
                {
                    "role": _("Peran ini tidak berlaku untuk organisasi jenis %(kind)s.")
                    % {"kind": organisation.get_kind_display()}
                }
            )
        return data


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Granting (add) and revoking (delete) go through grant_role / revoke_role; a membership is
    never edited in place, so a change is a revoke plus a grant, both in the audit trail."""

    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organisation__name"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["user"]
    list_select_related = ["user", "organisation"]
    actions = ["revoke_selected"]
    form = MembershipAdminForm

    def _allowed(self, request) -> bool:
        return can_manage_memberships(request.user)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the bulk delete would bypass revoke_role; "revoke_selected" replaces it

    def save_model(self, request, obj, form, change):
        saved = actions.grant_role(obj.user, obj.organisation, obj.role, actor=request.user)
        obj.pk = saved.pk
        obj.created_at = saved.created_at
        obj.updated_at = saved.updated_at

    # Reachable only from the change list, which has_view_permission already limits; revoke_role
    # checks the capability again.
    @admin.action(description=_("Cabut peran terpilih"))
    def revoke_selected(self, request, queryset):
        count = 0
        for membership in queryset.select_related("user", "organisation"):
            actions.revoke_role(membership, actor=request.user)
            count += 1
        self.message_user(request, _("%(count)d peran dicabut.") % {"count": count}, messages.SUCCESS)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_staff", "is_active"]
    # The stubs type ModelAdmin.fieldsets as optional; Django's UserAdmin always sets it.
    fieldsets = [*(DjangoUserAdmin.fieldsets or ()), (_("Kontak"), {"fields": ["phone"]})]
    actions = ["unlock_login_selected"]

    # unlock_login checks the capability again.
    @admin.action(description=_("Buka kunci login (terlalu banyak percobaan gagal)"))
    def unlock_login_selected(self, request, queryset):
        if not can_manage_memberships(request.user):
            self.message_user(request, _("Anda tidak berwenang membuka kunci login."), messages.ERROR)
            return
        for user in queryset:
            actions.unlock_login(user, actor=request.user)
        self.message_user(
            request,
            _("Kunci login dibuka untuk %(count)d pengguna.") % {"count": len(queryset)},
            messages.SUCCESS,
        )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    raw_id_fields = ["province", "region"]
    list_select_related = ["province"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only list of every token; revoking goes through revoke_token (audited). Tokens are issued
    on the "Token API" pages or with `smartikm issue_token`, which show the raw key once."""

    list_display = ["name", "prefix", "user", "scope", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["scope"]
    search_fields = ["name", "prefix", "user__username"]
    fields = ("user", "name", "prefix", "scope", "areas", "created_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    list_select_related = ["user"]
    actions = ["revoke_selected"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # a token's scope never changes; revoke it and issue another

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, never deleted: the audit trail keeps pointing at it

    def _allowed(self, request) -> bool:
        return has_capability(request.user, Capability.MANAGE_ANY_API_TOKEN)

    def has_module_permission(self, request):
        return self._allowed(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request) and super().has_view_permission(request, obj)

    # Reachable only from the change list, which has_view_permission already limits; revoke_token
    # checks again.
    @admin.action(description=_("Cabut token terpilih"))
    def revoke_selected(self, request, queryset):
        count = 0
        for token in queryset.select_related("user"):
            actions.revoke_token(token, actor=request.user)
            count += 1
        self.message_user(request, _("%(count)d token dicabut.") % {"count": count}, messages.SUCCESS)
