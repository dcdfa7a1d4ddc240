"""Admin for ministry staff: channels (state changes go through the lifecycle action), mappings,
and read-only views of shops, listings and the sync queue."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from smartikm.channels import actions
from smartikm.channels.models import CategoryMapping, Channel, ChannelOrder, Listing, ShopConnection, SyncJob


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "state", "effective_date", "is_programme")
    list_filter = ("kind", "state", "is_programme")
    readonly_fields = ("state", "effective_date")
    actions = ("deprecate", "retire")

    def _change(self, request, queryset, state):
        for channel in queryset:
            try:
                actions.change_channel_state(channel, state, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{channel}: {' '.join(exc.messages)}", messages.ERROR)

    @admin.action(description=_("Tandai akan dihentikan"))
    def deprecate(self, request, queryset):
        self._change(request, queryset, "deprecated")

    @admin.action(description=_("Hentikan kanal (tutup semua listing)"))
    def retire(self, request, queryset):
        self._change(request, queryset, "retired")


@admin.register(CategoryMapping)
class CategoryMappingAdmin(admin.ModelAdmin):
    list_display = ("category", "channel", "channel_category_id", "channel_category_name")
    list_filter = ("channel",)
    list_select_related = ("category", "channel")


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ShopConnection)
class ShopConnectionAdmin(ReadOnly):
    list_display = ("channel", "shop_name", "shop_id", "state", "producer")
    list_filter = ("channel", "state")
    list_select_related = ("channel", "producer")
    exclude = ("access_token", "refresh_token", "oauth_state")


@admin.register(Listing)
class ListingAdmin(ReadOnly):
    list_display = ("product", "channel", "state", "channel_item_id", "last_synced_at", "last_error")
    list_filter = ("channel", "state")
    list_select_related = ("product", "channel")
    search_fields = ("seller_sku", "channel_item_id")


@admin.register(SyncJob)
class SyncJobAdmin(ReadOnly):
    list_display = (
        "op",
        "listing_id",
        "channel",
        "state",
        "attempts",
        "not_before",
        "error_kind",
        "last_error",
    )
    list_filter = ("channel", "state", "op", "error_kind")
    list_select_related = ("channel",)


@admin.register(ChannelOrder)
class ChannelOrderAdmin(ReadOnly):
    list_display = ("channel_order_id", "channel", "status", "ordered_at", "total")
    list_filter = ("channel", "status")
    list_select_related = ("channel",)
