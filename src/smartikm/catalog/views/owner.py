"""Owner pages for products: add, edit, photos, show or hide. Changes go through catalog.actions."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartikm.catalog import actions
from smartikm.catalog.choices import PRODUCT_TRANSITIONS, ProductStatus
from smartikm.catalog.forms import ProductForm, ProductImageForm
from smartikm.catalog.models import Product, ProductImage
from smartikm.catalog.queries import leaf_categories
from smartikm.core.forms import add_validation_errors
from smartikm.producers.actions import producer_for
from smartikm.producers.permissions import can_manage
from smartikm.registry.models import Ikm


def _for_phones(form: ProductForm) -> ProductForm:
    # KBLI has ~2,700 rows: a select that size is too heavy for a cheap phone; the code is typed.
    form.fields["kbli"].widget = forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 5})
    form.fields["kbli"].help_text = _("Kode 5 digit, mis. 13134 (Industri Batik). Boleh dikosongkan.")
    # Only sub-categories can be chosen; grouped by their parent.
    groups: dict[str, list] = {}
    for cat in leaf_categories():
        assert cat.parent is not None  # leaf categories are sub-categories
        groups.setdefault(cat.parent.name_id, []).append((cat.pk, cat.name_id))
    form.fields["category"].widget.choices = [("", "—"), *groups.items()]
    # The stubs give the `choices` getter its setter's wider type; it returns a ModelChoiceIterator.
    certifications = form.model_choice_field("certifications").choices
    form.fields["certifications"].widget = forms.CheckboxSelectMultiple(choices=certifications)  # type: ignore[arg-type]
    for name in ("description_id", "description_en"):
        form.fields[name].widget.attrs["rows"] = 4
    return form


def _own_ikm(request, pk: int) -> Ikm:
    ikm = get_object_or_404(Ikm, pk=pk)
    if not can_manage(request.user, producer_for(ikm)):
        raise Http404
    return ikm


def _own_product(request, pk: int) -> Product:
    product = get_object_or_404(Product.objects.select_related("producer__ikm", "category"), pk=pk)
    if not product.producer.is_ikm or not can_manage(request.user, product.producer):
        raise Http404
    return product


@login_required
def new(request, ikm_pk: int):
    ikm = _own_ikm(request, ikm_pk)
    form = _for_phones(ProductForm(request.POST or None, producer=producer_for(ikm)))
    if request.method == "POST" and form.is_valid():
        try:
            product = actions.create_product(ikm, form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Produk tersimpan sebagai draf. Tambahkan foto lalu aktifkan."))
            return redirect("catalog:manage", pk=product.pk)
    return render(
        request, "catalog/product_form.html", {"ikm": ikm, "form": form}, status=422 if form.errors else 200
    )


@login_required
def manage(request, pk: int):
    product = _own_product(request, pk)
    form = _for_phones(ProductForm(instance=product))
    if request.method == "POST":
        form = _for_phones(ProductForm(request.POST, instance=product))
        if form.is_valid():
            try:
                actions.update_product(product, form.cleaned_data, actor=request.user)
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("Produk tersimpan."))
                return redirect("catalog:manage", pk=product.pk)
    return _render_manage(request, product, form=form, status=422 if form.errors else 200)


def _render_manage(request, product, *, form=None, image_form=None, status=200):
    product = Product.objects.select_related("producer__ikm").prefetch_related("images").get(pk=product.pk)
    return render(
        request,
        "catalog/product_manage.html",
        {
            "product": product,
            "ikm": product.ikm,
            "form": form or _for_phones(ProductForm(instance=product)),
            "image_form": image_form or ProductImageForm(),
            "targets": [ProductStatus(s) for s in sorted(PRODUCT_TRANSITIONS[product.status])],
        },
        status=status,
    )


@login_required
@require_POST
def add_image(request, pk: int):
    product = _own_product(request, pk)
    form = ProductImageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.add_product_image(
                product,
                form.cleaned_data["image"],
                actor=request.user,
                alt_text=form.cleaned_data["alt_text"],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Foto ditambahkan."))
            return redirect("catalog:manage", pk=product.pk)
    return _render_manage(request, product, image_form=form, status=422)


@login_required
@require_POST
def remove_image(request, pk: int, image_pk: int):
    product = _own_product(request, pk)
    image = get_object_or_404(ProductImage, pk=image_pk, product=product)
    actions.remove_product_image(image, actor=request.user)
    messages.success(request, _("Foto dihapus."))
    return redirect("catalog:manage", pk=product.pk)


@login_required
@require_POST
def change_status(request, pk: int):
    product = _own_product(request, pk)
    try:
        actions.change_product_status(product, request.POST.get("status", ""), actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Status produk: %(status)s.") % {"status": product.get_status_display()})
    return redirect("catalog:manage", pk=product.pk)
