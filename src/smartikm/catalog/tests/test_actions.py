"""Product actions: permission, validation, audit, status transitions and image storage."""

import io
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from PIL import Image

from smartikm.catalog import actions
from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.models import Category, Product, ProductImage
from smartikm.catalog.tests.factories import image_bytes, upload
from smartikm.catalog.tests.test_images import assert_no_metadata, jpeg_with_metadata
from smartikm.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def stored_files(media_root) -> list[Path]:
    root = Path(media_root)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


# Creating and updating -------------------------------------------------------------------------


def test_owner_can_create_a_draft_product(ikm, personas, product_data):
    product = actions.create_product(ikm, product_data, actor=personas.ikm_owner)
    assert product.status == ProductStatus.DRAFT
    assert product.price == 450000
    assert product.hs_code_id == "52085210"
    entry = AuditEntry.objects.get(action="catalog.product.create", object_id=str(product.pk))
    assert entry.actor == personas.ikm_owner
    assert entry.after["price"] == 450000


def test_ministry_staff_can_create_a_product_for_any_ikm(ikm, personas, product_data):
    product = actions.create_product(ikm, product_data, actor=personas.ministry_admin)
    assert product.ikm == ikm


@pytest.mark.parametrize("who", ["outsider", "buyer", "officer_jatim"])
def test_other_users_cannot_create_products_for_the_ikm(ikm, personas, product_data, who):
    with pytest.raises(PermissionDenied) as exc:
        actions.create_product(ikm, product_data, actor=getattr(personas, who))
    assert "pemilik IKM" in str(exc.value)
    assert not Product.objects.exists()


def test_anonymous_actor_is_refused(ikm, product_data):
    with pytest.raises(PermissionDenied):
        actions.create_product(ikm, product_data, actor=None)


def test_invalid_data_raises_a_validation_error_per_field(ikm, personas, product_data):
    with pytest.raises(ValidationError) as exc:
        bad = {**product_data, "price": "-1", "hs_code": "0901.11"}
        actions.create_product(ikm, bad, actor=personas.ikm_owner)
    assert set(exc.value.message_dict) == {"price", "hs_code"}
    assert not Product.objects.exists()


def test_status_in_the_data_is_ignored_on_create(ikm, personas, product_data):
    product = actions.create_product(ikm, {**product_data, "status": "active"}, actor=personas.ikm_owner)
    assert product.status == ProductStatus.DRAFT


def test_update_is_partial_and_audited_with_before_and_after(product, personas):
    updated = actions.update_product(product, {"price": "Rp 500.000", "stock": 3}, actor=personas.ikm_owner)
    assert (updated.price, updated.stock, updated.name_id) == (500000, 3, "Kain batik tulis motif parang")
    assert product.price == 500000  # the caller's instance is refreshed
    entry = AuditEntry.objects.get(action="catalog.product.update", object_id=str(product.pk))
    assert entry.before == {"price": 450000, "stock": 12}
    assert entry.after == {"price": 500000, "stock": 3}


def test_update_accepts_cleaned_data_with_instances(product, personas):
    other = Category.objects.get(slug="tenun")
    actions.update_product(product, {"category": other, "hs_code": None}, actor=personas.ikm_owner)
    product.refresh_from_db()
    assert product.category == other and product.hs_code is None


def test_invalid_update_changes_nothing(product, personas):
    with pytest.raises(ValidationError):
        actions.update_product(product, {"price": -1}, actor=personas.ikm_owner)
    product.refresh_from_db()
    assert product.price == 450000
    assert not AuditEntry.objects.filter(action="catalog.product.update").exists()


def test_other_user_cannot_update(product, personas):
    with pytest.raises(PermissionDenied):
        actions.update_product(product, {"price": 1}, actor=personas.outsider)


# Status ----------------------------------------------------------------------------------------


def test_complete_draft_can_be_activated_archived_and_reopened(product, personas):
    owner = personas.ikm_owner
    assert actions.change_product_status(product, "active", actor=owner).status == ProductStatus.ACTIVE
    assert actions.change_product_status(product, "archived", actor=owner).status == ProductStatus.ARCHIVED
    assert actions.change_product_status(product, "draft", actor=owner).status == ProductStatus.DRAFT
    entries = AuditEntry.objects.filter(action="catalog.product.status").order_by("id")
    assert [(e.before, e.after) for e in entries] == [
        ({"status": "draft"}, {"status": "active"}),
        ({"status": "active"}, {"status": "archived"}),
        ({"status": "archived"}, {"status": "draft"}),
    ]


def test_archived_product_cannot_be_activated_directly(product, personas):
    actions.change_product_status(product, "archived", actor=personas.ikm_owner)
    with pytest.raises(actions.InvalidTransition) as exc:
        actions.change_product_status(product, "active", actor=personas.ikm_owner)
    assert "Diarsipkan" in exc.value.message_dict["status"][0]


def test_incomplete_product_cannot_be_activated(product, personas):
    Product.objects.filter(pk=product.pk).update(
        description_id="", category=Category.objects.get(slug="fesyen")
    )
    with pytest.raises(actions.InvalidTransition) as exc:
        actions.change_product_status(product, "active", actor=personas.ikm_owner)
    assert {"status", "description_id", "category"} <= set(exc.value.message_dict)
    product.refresh_from_db()
    assert product.status == ProductStatus.DRAFT


def test_unknown_status_is_refused(product, personas):
    with pytest.raises(ValidationError):
        actions.change_product_status(product, "dijual", actor=personas.ikm_owner)


def test_same_status_is_a_no_op_without_audit(product, personas):
    actions.change_product_status(product, "draft", actor=personas.ikm_owner)
    assert not AuditEntry.objects.filter(action="catalog.product.status").exists()


def test_other_user_cannot_change_status(product, personas):
    with pytest.raises(PermissionDenied):
        actions.change_product_status(product, "active", actor=personas.officer_jateng)


# Images ----------------------------------------------------------------------------------------


def test_added_image_is_stored_without_metadata_under_a_random_name(product, personas, media_root):
    photo = upload(jpeg_with_metadata(), name="rumah-budi.jpg")
    image = actions.add_product_image(product, photo, actor=personas.ikm_owner, alt_text="Kain")
    assert image.token in image.image.name and image.token in image.thumbnail.name
    files = stored_files(media_root)
    assert len(files) == 3
    for path in files:
        assert "budi" not in str(path)
        assert_no_metadata(path.read_bytes())
    assert (image.width, image.height) == (64, 48)
    assert AuditEntry.objects.filter(action="catalog.product_image.add", object_id=str(image.pk)).exists()


def test_stored_variants_have_the_expected_sizes(product, personas):
    photo = upload(image_bytes(size=(1600, 3200)))
    image = actions.add_product_image(product, photo, actor=personas.ikm_owner)
    fields = ("image", "medium", "thumbnail")
    sizes = {f: Image.open(io.BytesIO(getattr(image, f).read())).size for f in fields}
    assert sizes == {"image": (1000, 2000), "medium": (400, 800), "thumbnail": (120, 240)}


def test_images_get_increasing_positions(product, personas):
    first = actions.add_product_image(product, upload(image_bytes()), actor=personas.ikm_owner)
    second = actions.add_product_image(product, upload(image_bytes()), actor=personas.ikm_owner)
    assert (first.position, second.position) == (0, 1)


def test_non_image_upload_is_refused_by_the_action(product, personas, media_root):
    with pytest.raises(ValidationError) as exc:
        actions.add_product_image(product, upload(b"%PDF-1.7\n", name="x.jpg"), actor=personas.ikm_owner)
    assert exc.value.message_dict == {"image": ["Berkas bukan gambar JPEG, PNG, atau WebP."]}
    assert stored_files(media_root) == []


def test_other_user_cannot_add_an_image(product, personas, media_root):
    with pytest.raises(PermissionDenied):
        actions.add_product_image(product, upload(image_bytes()), actor=personas.outsider)
    assert stored_files(media_root) == []


def test_files_are_deleted_when_the_transaction_fails_after_writing_them(product, personas, media_root):
    with (
        mock.patch.object(actions, "record", side_effect=RuntimeError("audit down")),
        pytest.raises(RuntimeError),
    ):
        actions.add_product_image(product, upload(image_bytes()), actor=personas.ikm_owner)
    assert stored_files(media_root) == []
    assert not ProductImage.objects.exists()


def test_files_left_by_an_enclosing_rollback_are_swept(product, personas, media_root):
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.add_product_image(product, upload(image_bytes()), actor=personas.ikm_owner)
        raise RuntimeError("caller failed later")
    assert len(stored_files(media_root)) == 3
    kept = actions.add_product_image(product, upload(image_bytes()), actor=personas.ikm_owner)
    assert actions.sweep_orphan_image_files(older_than=timedelta(hours=1)) == 0  # too recent to touch
    assert actions.sweep_orphan_image_files(older_than=timedelta(seconds=-1)) == 3
    assert {p.name.split("-")[0].split(".")[0] for p in stored_files(media_root)} == {kept.token}


def test_removing_an_image_deletes_its_files_after_commit(
    product, personas, media_root, django_capture_on_commit_callbacks
):
    image = actions.add_product_image(product, upload(image_bytes()), actor=personas.ikm_owner)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.remove_product_image(image, actor=personas.ikm_owner)
    assert len(stored_files(media_root)) == 3  # still there until the commit
    for callback in callbacks:
        callback()
    assert stored_files(media_root) == []
    assert not ProductImage.objects.exists()
    entry = AuditEntry.objects.get(action="catalog.product_image.remove")
    assert entry.before["token"] == image.token


def test_other_user_cannot_remove_an_image(product, personas):
    image = actions.add_product_image(product, upload(image_bytes()), actor=personas.ikm_owner)
    with pytest.raises(PermissionDenied):
        actions.remove_product_image(image, actor=personas.buyer)
    assert ProductImage.objects.filter(pk=image.pk).exists()
