"""Changes to the catalogue: one function per change, atomic, audited, with side effects (deleting
image files) deferred until the transaction commits. Other apps change a product's stock only
through `take_stock` / `return_stock`; higher apps learn of changes through the hooks
"product_changed" and "stock_changed" (`smartikm.core.hooks`), never by being imported here.

Errors are Django's own, so pages and the API map them without a translation table:
- `ValidationError` with a field dict (`exc.message_dict`) for bad data; `InvalidTransition` (a
  subclass) for a status change that PRODUCT_TRANSITIONS does not allow or an incomplete product;
- `PermissionDenied` with an Indonesian message when the actor may not manage the IKM's products.

`data` arguments are dicts of raw values or of a form's `cleaned_data` (instances are turned into
keys); they are validated with `ProductForm`, so every caller gets the same rules. `update_product`
is a partial update: keys that are absent keep their current values.
"""

import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import Storage, default_storage
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from smartikm.catalog import images
from smartikm.catalog.choices import PRODUCT_TRANSITIONS, ProductStatus
from smartikm.catalog.forms import ProductForm, as_form_data, product_form_data
from smartikm.catalog.models import Product, ProductImage
from smartikm.catalog.search import index_products
from smartikm.core import hooks
from smartikm.core.audit import record, snapshot
from smartikm.producers.actions import producer_for
from smartikm.producers.permissions import can_manage, manage_denied_message

log = logging.getLogger(__name__)

# Rendition name (catalog.images) -> ProductImage file field.
IMAGE_FIELDS: dict[str, str] = {images.ORIGINAL: "image", "medium": "medium", "thumbnail": "thumbnail"}
IMAGE_DIR = "products"
MAX_IMAGES_PER_PRODUCT = 10


class InvalidTransition(ValidationError):
    """PRODUCT_TRANSITIONS does not allow this change, or the product is not complete enough for it."""


def _require_manage(user, producer) -> None:
    if not can_manage(user, producer):
        raise PermissionDenied(manage_denied_message(producer))


# Helpers ---------------------------------------------------------------------------------------


def _snapshot(product: Product) -> dict[str, Any]:
    data = snapshot(product)
    data["certifications"] = sorted(product.certifications.values_list("pk", flat=True))
    return data


def _validated(form: ProductForm) -> ProductForm:
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form


def missing_for_activation(product: Product) -> dict[str, list[str]]:
    """Why the product cannot be shown publicly yet: field -> messages (empty when complete).

    The product's current values are run through `ProductForm`, so a required field left empty, a
    category that is no longer an active sub-category, or an HS code dropped from BTKI all count.
    """
    form = ProductForm(data=product_form_data(product), producer=product.producer)
    if form.is_valid():
        return {}
    return {field: [str(m) for m in messages] for field, messages in form.errors.items()}


# Products --------------------------------------------------------------------------------------


def create_product(producer, data: Mapping[str, Any], *, actor) -> Product:
    """A new draft product of `producer` (a Producer, or the IKM or UPT organisation behind it),
    validated with ProductForm."""
    producer = producer_for(producer)
    _require_manage(actor, producer)
    form = _validated(ProductForm(data=as_form_data(dict(data)), producer=producer))
    with transaction.atomic():
        product = form.save(commit=False)
        product.producer = producer
        product.status = ProductStatus.DRAFT
        product.save()
        form.save_m2m()
        note = f"{producer.kind.upper()} #{producer.maker.pk}"
        record("catalog.product.create", product, actor=actor, after=_snapshot(product), note=note)
        transaction.on_commit(lambda: index_products([product.pk]))
    return product


def update_product(product: Product, data: Mapping[str, Any], *, actor) -> Product:
    """Change some of the product's fields; absent keys keep their values. Returns the saved product.

    The instance passed in is refreshed from the database afterwards.
    """
    _require_manage(actor, product.producer)
    with transaction.atomic():
        current = (
            Product.objects.select_for_update(of=("self",))
            .select_related("producer__ikm", "producer__organisation")
            .get(pk=product.pk)
        )
        before = _snapshot(current)
        merged = product_form_data(current)
        merged.update(as_form_data(dict(data)))
        form = _validated(ProductForm(data=merged, instance=current))
        current = form.save()
        record("catalog.product.update", current, actor=actor, before=before, after=_snapshot(current))
        transaction.on_commit(lambda: index_products([current.pk]))
        price_changed, stock_changed = before["price"] != current.price, before["stock"] != current.stock
        if price_changed or stock_changed:
            # Receivers (the marketplace hub) queue their work as rows in this transaction, so a
            # rolled-back edit never reaches a marketplace.
            hooks.fire("product_changed", current, price=price_changed, stock=stock_changed, actor=actor)
    product.refresh_from_db()
    return current


def change_product_status(product: Product, status: str, *, actor, note: str = "") -> Product:
    """Move a product along PRODUCT_TRANSITIONS. Activating needs every required field valid."""
    _require_manage(actor, product.producer)
    try:
        target = ProductStatus(status)
    except ValueError:
        raise ValidationError({"status": [_("Status produk tidak dikenal.")]}) from None
    with transaction.atomic():
        current = (
            Product.objects.select_for_update(of=("self",))
            .select_related("producer__ikm", "producer__organisation")
            .get(pk=product.pk)
        )
        if current.status == target:
            return current
        if target not in PRODUCT_TRANSITIONS[current.status]:
            raise InvalidTransition(
                {
                    "status": [
                        _("Status produk tidak dapat diubah dari %(from)s menjadi %(to)s.")
                        % {"from": ProductStatus(current.status).label, "to": target.label}
                    ]
                }
            )
        if target == ProductStatus.ACTIVE and (missing := missing_for_activation(current)):
            raise InvalidTransition(
                {
                    "status": [_("Lengkapi data produk sebelum mengaktifkannya.")],
                    **missing,
                }
            )
        before = snapshot(current)
        current.status = target
        current.save(update_fields=["status", "updated_at"])
        record(
            "catalog.product.status", current, actor=actor, before=before, after=snapshot(current), note=note
        )
        transaction.on_commit(lambda: index_products([current.pk]))
    product.status = current.status
    product.updated_at = current.updated_at
    return current


# Stock ----------------------------------------------------------------------------------------


MAX_STOCK_MOVE = 2**31 - 1
MAX_REFERENCE = 120


def _validate_stock_move(quantity, reason: str, reference: str) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    if not isinstance(quantity, int) or isinstance(quantity, bool) or not 0 < quantity <= MAX_STOCK_MOVE:
        errors["quantity"] = [_("Jumlah harus bilangan bulat lebih dari 0.")]
    reason, reference = (reason or "").strip(), (reference or "").strip()
    if not reason:
        errors["reason"] = [_("Alasan perubahan stok wajib diisi.")]
    if len(reference) > MAX_REFERENCE:
        errors["reference"] = [_("Referensi paling banyak 120 karakter.")]
    if errors:
        raise ValidationError(errors)
    return reason, reference


def _locked(product: Product) -> Product:
    return Product.objects.select_for_update(of=("self",)).get(pk=product.pk)


def _move_stock(
    product: Product, current: Product, delta: int, *, action: str, actor, reason: str, reference: str, source
) -> int:
    """Apply `delta` to `current` (the row locked by `_locked`), audit it, tell the hooks; `product`
    is the caller's instance, kept up to date. Call inside the transaction holding the lock."""
    before = current.stock
    # Conditional as well as locked: the database itself refuses a stock below zero.
    updated = Product.objects.filter(pk=current.pk, stock__gte=-delta).update(stock=F("stock") + delta)
    if not updated:  # pragma: no cover - the row lock makes this unreachable; kept as a guard
        raise ValidationError({"quantity": [_("Stok berubah bersamaan; coba lagi.")]})
    after = before + delta
    record(
        action,
        current,
        actor=actor,
        before={"stock": before},
        after={"stock": after},
        note=f"{reason} · {reference}" if reference else reason,
    )
    product.stock = after
    current.stock = after
    hooks.fire("stock_changed", current, exclude=source, actor=actor)
    return after


def take_stock(
    product: Product,
    quantity: int,
    *,
    actor=None,
    reason: str,
    reference: str = "",
    allow_short: bool = False,
    source=None,
) -> int:
    """Take `quantity` pieces out of stock (a sale); returns how many were taken.

    The row is locked, so concurrent takes queue up and the stock never goes below zero. When less
    is there than asked, the take is refused with a `ValidationError` on "quantity" and nothing is
    written — unless `allow_short` (a sale already made elsewhere, e.g. a marketplace order): then
    whatever is left is taken and the return value says how much. Audited with the stock before and
    after, `reason` and `reference` (e.g. the channel order id). The "stock_changed" hook tells the
    other sales channels; `source` is whoever already knows the new figure (the selling channel's
    listing), passed to the hook as `exclude`. `actor` None: the system itself (order import); a
    person must be allowed to manage the producer's products (`PermissionDenied` otherwise).
    """
    reason, reference = _validate_stock_move(quantity, reason, reference)
    with transaction.atomic():
        current = _locked(product)
        if actor is not None:
            _require_manage(actor, current.producer)
        if current.stock < quantity and not allow_short:
            raise ValidationError(
                {
                    "quantity": [
                        _("Stok tidak cukup: tersedia %(left)s, diminta %(asked)s.")
                        % {"left": current.stock, "asked": quantity}
                    ]
                }
            )
        taken = min(quantity, current.stock)
        if taken:
            _move_stock(
                product,
                current,
                -taken,
                action="catalog.product.take_stock",
                actor=actor,
                reason=reason,
                reference=reference,
                source=source,
            )
    return taken


def return_stock(
    product: Product, quantity: int, *, actor=None, reason: str, reference: str = "", source=None
) -> int:
    """Put `quantity` pieces back into stock (a cancelled sale); returns the new stock. Locked,
    audited, announced and permission-checked like `take_stock`."""
    reason, reference = _validate_stock_move(quantity, reason, reference)
    with transaction.atomic():
        current = _locked(product)
        if actor is not None:
            _require_manage(actor, current.producer)
        return _move_stock(
            product,
            current,
            quantity,
            action="catalog.product.return_stock",
            actor=actor,
            reason=reason,
            reference=reference,
            source=source,
        )


# Images ----------------------------------------------------------------------------------------


def add_product_image(product: Product, uploaded_file, *, actor, alt_text: str = "") -> ProductImage:
    """Validate, clean (metadata removed) and store a photo with its variants.

    The files are written inside the transaction; if anything in it fails they are deleted before
    the error propagates. Files left by a rollback of an *enclosing* transaction are removed by
    `sweep_orphan_image_files()` (their token matches no row).
    """
    _require_manage(actor, product.producer)
    alt_text = (alt_text or "").strip()
    if len(alt_text) > 200:
        raise ValidationError({"alt_text": [_("Teks alternatif paling banyak 200 karakter.")]})
    try:
        cleaned = images.clean_image(uploaded_file)  # CPU work before taking any lock
    except ValidationError as exc:
        raise ValidationError({"image": exc.error_list}) from exc
    written: list[str] = []
    try:
        with transaction.atomic():
            locked = Product.objects.select_for_update().get(pk=product.pk)
            existing = locked.images.count()
            if existing >= MAX_IMAGES_PER_PRODUCT:
                raise ValidationError(
                    {"image": [_("Satu produk paling banyak %(n)s gambar.") % {"n": MAX_IMAGES_PER_PRODUCT}]}
                )
            position = (locked.images.aggregate(m=Max("position"))["m"] or 0) + 1 if existing else 0
            image = ProductImage(
                product=locked,
                token=cleaned.token,
                width=cleaned.original.width,
                height=cleaned.original.height,
                alt_text=alt_text,
                position=position,
            )
            written = images.save_renditions(image, cleaned, IMAGE_FIELDS)
            image.save()
            record(
                "catalog.product_image.add",
                image,
                actor=actor,
                after=snapshot(image),
                note=f"Produk #{product.pk}; format asal {cleaned.source_format}",
            )
            transaction.on_commit(lambda: index_products([product.pk]))
    except BaseException:
        images.delete_files(written)
        raise
    return image


def remove_product_image(image: ProductImage, *, actor) -> None:
    """Delete the image row now and its files once the transaction has committed."""
    _require_manage(actor, image.product.producer)
    names = images.stored_names(image, IMAGE_FIELDS.values())
    storage = image.image.storage
    with transaction.atomic():
        record(
            "catalog.product_image.remove",
            image,
            actor=actor,
            before=snapshot(image),
            note=f"Produk #{image.product_id}",
        )
        image.delete()
        transaction.on_commit(lambda: images.delete_files(names, storage=storage))
        transaction.on_commit(lambda: index_products([image.product_id]))


def sweep_orphan_image_files(
    *, older_than: timedelta = timedelta(hours=1), storage: Storage | None = None
) -> int:
    """Delete product image files whose token has no ProductImage row (e.g. after a rollback).

    Only files older than `older_than` are touched, so uploads in flight are left alone. Returns the
    number of files deleted. Meant for a periodic task or `smartikm shell`.
    """
    storage = storage or default_storage
    cutoff = timezone.now() - older_than
    deleted = 0
    try:
        shards, _files = storage.listdir(IMAGE_DIR)
    except FileNotFoundError:
        return 0
    for shard in shards:
        folder = f"{IMAGE_DIR}/{shard}"
        _dirs, files = storage.listdir(folder)
        by_token: dict[str, list[str]] = {}
        for name in files:
            by_token.setdefault(name.split(".", 1)[0].split("-", 1)[0], []).append(f"{folder}/{name}")
        known = set(ProductImage.objects.filter(token__in=list(by_token)).values_list("token", flat=True))
        for token, paths in by_token.items():
            if token in known:
                continue
            for path in paths:
                if storage.get_modified_time(path) < cutoff:
                    images.delete_files([path], storage=storage)
                    deleted += 1
    if deleted:
        log.info("removed %d orphan product image files", deleted)
    return deleted
