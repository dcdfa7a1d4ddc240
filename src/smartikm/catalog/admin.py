"""The catalogue in the admin for ministry staff. Saving goes through `catalog.actions` so admin
edits are validated by `ProductForm` and audited like every other change."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from smartikm.catalog import actions
from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.forms import HsCodeField, ProductForm, RupiahField, as_form_data
from smartikm.catalog.models import Category, Product, ProductImage
from smartikm.core.admin import AuditedAdmin
from smartikm.producers.permissions import can_manage, manage_denied_message
from smartikm.reference.choices import RegionLevel
from smartikm.reference.models import Region


class ProvinceFilter(admin.SimpleListFilter):
    """The 38 provinces (never a dropdown of all regions)."""

    title = _("provinsi produsen")
    parameter_name = "province"

    def lookups(self, request, model_admin):
        return list(
            Region.objects.filter(level=RegionLevel.PROVINCE).order_by("code").values_list("code", "name")
        )

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(producer__province_id=self.value())
        return queryset


class TopCategoryFilter(admin.SimpleListFilter):
    """Top-level category: a product filed under any of its sub-categories matches."""

    title = _("kategori utama")
    parameter_name = "top_category"

    def lookups(self, request, model_admin):
        return list(
            Category.objects.filter(parent__isnull=True)
            .order_by("position", "name_id")
            .values_list("pk", "name_id")
        )

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(Q(category_id=self.value()) | Q(category__parent_id=self.value()))
        return queryset


class ProductAdminForm(forms.ModelForm):
    """The admin's form: the same rules as ProductForm, checked against the chosen producer."""

    price = RupiahField(label=_("harga (Rp)"))
    hs_code = HsCodeField(label=_("kode HS (BTKI 2022)"), required=False)
    actor = None  # set per request by ProductAdmin.get_form

    class Meta:
        model = Product
        fields = ["producer", *ProductForm.Meta.fields]

    def clean(self):
        cleaned = super().clean()
        producer = self.instance.producer if self.instance.pk else cleaned.get("producer")
        if producer is None:
            raise ValidationError(_("Pilih produsen: IKM atau UPT Pemasyarakatan."))
        if not can_manage(self.actor, producer):
            raise ValidationError(manage_denied_message(producer))
        data = as_form_data({k: cleaned.get(k) for k in ProductForm.Meta.fields})
        check = ProductForm(data=data, producer=producer)
        if not check.is_valid():
            for field, errors in check.errors.as_data().items():
                if field in self.errors:
                    continue  # already reported by this form's own field
                for error in errors:
                    self.add_error(field if field in self.fields else None, error)
        return cleaned


class ProductImageInline(admin.TabularInline):
    """Images are shown here; new ones are uploaded through the product pages or the API, where
    `add_product_image` removes their metadata. Deleting here deletes the files too."""

    model = ProductImage
    extra = 0
    max_num = actions.MAX_IMAGES_PER_PRODUCT
    fields = ["preview", "alt_text", "position", "width", "height", "token"]
    readonly_fields = ["preview", "width", "height", "token"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("pratinjau"))
    def preview(self, obj):
        if not obj.pk or not obj.thumbnail:
            return "-"
        return format_html('<img src="{}" alt="{}" height="80">', obj.thumbnail.url, obj.alt_text)


@admin.register(Product)
class ProductAdmin(AuditedAdmin):
    form = ProductAdminForm
    list_display = ["name_id", "producer", "category", "price", "stock", "status", "updated_at"]
    list_filter = ["status", TopCategoryFilter, ProvinceFilter]
    list_select_related = ["producer", "category"]
    search_fields = ["name_id", "name_en", "description_id", "hs_code__code", "producer__public_name"]
    raw_id_fields = ["producer", "kbli", "certifications"]
    readonly_fields = ["status", "created_at", "updated_at"]
    inlines = [ProductImageInline]
    actions = ["activate", "archive", "back_to_draft"]
    show_full_result_count = False  # no COUNT(*) over the whole table on every list page

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "producer"] if obj is not None else fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = super().get_form(request, obj, change=change, **kwargs)
        return type(base.__name__, (base,), {"actor": request.user})

    def save_model(self, request, obj, form, change):
        data = {k: form.cleaned_data.get(k) for k in ProductForm.Meta.fields}
        if change:
            saved = actions.update_product(obj, data, actor=request.user)
        else:
            saved = actions.create_product(form.cleaned_data["producer"], data, actor=request.user)
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        # Many-to-many fields were saved by the action; only the image inline is left.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for image in formset.deleted_objects:
            actions.remove_product_image(image, actor=request.user)
        for image in instances:
            image.save(update_fields=["alt_text", "position", "updated_at"])

    def _change_status(self, request, queryset, status):
        done = 0
        for product in queryset.select_related("producer__ikm", "producer__organisation"):
            try:
                actions.change_product_status(product, status, actor=request.user, note="admin")
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                text = "; ".join(getattr(exc, "messages", None) or [str(exc)])
                self.message_user(request, f"{product}: {text}", messages.WARNING)
        if done:
            self.message_user(request, _("%(n)s produk diperbarui.") % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("Aktifkan produk terpilih"))
    def activate(self, request, queryset):
        self._change_status(request, queryset, ProductStatus.ACTIVE)

    @admin.action(description=_("Arsipkan produk terpilih"))
    def archive(self, request, queryset):
        self._change_status(request, queryset, ProductStatus.ARCHIVED)

    @admin.action(description=_("Kembalikan ke draf"))
    def back_to_draft(self, request, queryset):
        self._change_status(request, queryset, ProductStatus.DRAFT)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    """The taxonomy is reference data (loaded by `smartikm loadref`): disabled, never deleted."""

    list_display = ["tree_name", "slug", "name_en", "position", "is_active"]
    list_filter = ["is_active", ("parent", admin.EmptyFieldListFilter)]
    search_fields = ["name_id", "name_en", "slug"]
    list_select_related = ["parent"]

    def get_ordering(self, request):
        # Tree order: each top-level category directly followed by its children. Expressions, not
        # annotations, because the product form's category dropdown reuses this ordering.
        return [
            Coalesce(F("parent__position"), F("position")).asc(),
            Coalesce(F("parent_id"), F("id")).asc(),
            F("parent_id").asc(nulls_first=True),
            "position",
            "name_id",
        ]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("nama"), ordering="name_id")
    def tree_name(self, obj):
        return f"— {obj.name_id}" if obj.parent_id else obj.name_id
