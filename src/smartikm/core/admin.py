"""The audit trail in the admin: read-only, searchable, and linked from every audited object."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from smartikm.core.audit import history
from smartikm.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_id", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "object_repr", "action", "actor__username"]
    date_hierarchy = "at"
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdmin(admin.ModelAdmin):
    """Base admin for audited objects: shows the object's audit history on its change page."""

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "audit_history"]

    @admin.display(description=_("Riwayat perubahan"))
    def audit_history(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        rows = history(obj).select_related("actor")[:50]
        if not rows:
            return _("Belum ada perubahan tercatat.")
        items = format_html_join(
            "",
            "<li><time>{}</time> — {} — {}: {} → {}</li>",
            (
                (e.at.strftime("%Y-%m-%d %H:%M"), e.actor or "sistem", e.action, e.before, e.after)
                for e in rows
            ),
        )
        return format_html("<ul>{}</ul>", items)
