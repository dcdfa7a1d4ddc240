"""REST endpoints of the catalogue: categories, products (list, detail, create, update) and product
images (multipart upload).

The public sees active products of verified IKM and of active UPT Pemasyarakatan; owners also see
their own products in any state, officers those of their province, UPT officers those of their UPT,
ministry staff all. Products carry no personal data: a UPT product names its unit
(`producer`, `provenance`), never the warga binaan who made it.
"""

import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from smartikm.accounts.choices import OrganisationKind
from smartikm.accounts.models import Organisation
from smartikm.catalog import actions
from smartikm.catalog.choices import ProductStatus, Unit
from smartikm.catalog.forms import MAX_PRICE, ProductImageForm
from smartikm.catalog.models import Category, Product, ProductImage
from smartikm.core.api_support import (
    READ_ERRORS,
    WRITE_ERRORS,
    Page,
    PageParams,
    current_user,
    object_or_404,
    optional_auth,
    paginate,
    token_auth,
)
from smartikm.core.crypto import secret_fields
from smartikm.producers.permissions import (
    can_manage,
    manage_denied_message,
    provenance,
    public_regency,
)
from smartikm.registry.api import PROVINCE_PATTERN, CertificationOut, KbliRef, RegionRef
from smartikm.registry.models import Certification, Ikm

router = Router(tags=["Katalog produk"])


# --------------------------------------------------------------------------- schemas


def _file_url(request, field) -> str | None:
    if not field:
        return None
    url = field.url
    return request.build_absolute_uri(url) if request is not None else url


class CategoryOut(Schema):
    id: int
    slug: str
    name_id: str
    name_en: str
    parent_id: int | None
    position: int


class CategoryRef(Schema):
    id: int
    slug: str
    name_id: str
    name_en: str


class IkmRef(Schema):
    id: int
    name: str
    province: RegionRef
    regency: RegionRef


class ProducerRef(Schema):
    """Who makes the product: an IKM, or a UPT Pemasyarakatan (the unit, never a person)."""

    kind: Literal["ikm", "upt"]
    id: int
    name: str
    province: RegionRef | None
    regency: RegionRef | None


def producer_ref(product: Product) -> dict[str, Any]:
    producer = product.producer
    return {
        "kind": producer.kind,
        "id": producer.maker.pk,
        "name": producer.public_name,
        "province": producer.province,
        "regency": public_regency(producer),
    }


class ProvenanceOut(Schema):
    label: str = Field(description='Mis. "Karya warga binaan — Lapas Kelas I Semarang".')
    story: str | None = Field(description="Cerita publik unit, bila ada.")


class HsRef(Schema):
    code: str
    dotted: str
    description_id: str
    description_en: str


class ImageOut(Schema):
    id: int
    url: str | None
    medium_url: str | None
    thumbnail_url: str | None
    width: int
    height: int
    alt_text: str
    position: int

    @staticmethod
    def resolve_url(obj: ProductImage, context):
        return _file_url(context and context.get("request"), obj.image)

    @staticmethod
    def resolve_medium_url(obj: ProductImage, context):
        return _file_url(context and context.get("request"), obj.medium)

    @staticmethod
    def resolve_thumbnail_url(obj: ProductImage, context):
        return _file_url(context and context.get("request"), obj.thumbnail)


class ProductSummary(Schema):
    id: int
    name_id: str
    name_en: str
    category: CategoryRef
    ikm: IkmRef | None = Field(description="IKM pembuat; null untuk produk UPT Pemasyarakatan.")
    producer: ProducerRef
    price: int = Field(description="Harga dalam rupiah (bilangan bulat).")
    unit: Unit
    moq: int
    status: ProductStatus
    thumbnail_url: str | None = Field(description="Miniatur gambar pertama, bila ada.")

    @staticmethod
    def resolve_producer(obj: Product):
        return producer_ref(obj)

    @staticmethod
    def resolve_thumbnail_url(obj: Product, context):
        images = list(obj.images.all())  # prefetched, ordered by position
        if not images:
            return None
        first = images[0]
        return _file_url(context and context.get("request"), first.thumbnail or first.image)


class ProductDetail(ProductSummary):
    description_id: str
    description_en: str
    kbli: KbliRef | None
    hs_code: HsRef | None
    monthly_capacity: int | None
    weight_g: int | None
    length_cm: int | None
    width_cm: int | None
    height_cm: int | None
    stock: int
    images: list[ImageOut]
    certifications: list[CertificationOut]
    provenance: ProvenanceOut | None = Field(
        description="Asal produk UPT Pemasyarakatan (unit, tidak pernah orang); null untuk produk IKM."
    )
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_provenance(obj: Product):
        found = provenance(obj.producer)
        return {"label": found.label, "story": found.story} if found else None

    @staticmethod
    def resolve_images(obj: Product):
        return list(obj.images.all())

    @staticmethod
    def resolve_certifications(obj: Product):
        return list(obj.certifications.all())


class ProductFilters(Schema):
    category: str | None = Field(
        None, max_length=80, description="Slug kategori; kategori utama mencakup subkategorinya."
    )
    province: str | None = Field(
        None, pattern=PROVINCE_PATTERN, description="Kode provinsi IKM atau UPT, mis. 33."
    )
    ikm: int | None = Field(None, ge=1, le=2**62, description="ID IKM.")
    status: ProductStatus | None = Field(
        None, description="Hanya berarti bagi pemilik, petugas dan staf; publik hanya melihat produk aktif."
    )
    has_export_experience: bool | None = Field(None, description="Hanya produk dari IKM yang pernah ekspor.")
    q: str | None = Field(None, max_length=200, description="Cari nama produk (Indonesia atau Inggris).")


def _product_list_queryset(user) -> QuerySet[Product]:
    return (
        Product.objects.visible_to(user)
        .select_related(
            "category",
            "producer__province",
            "producer__ikm__province",
            "producer__ikm__regency",
            "producer__organisation__upt_profile__regency",
        )
        .prefetch_related(Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")))
        # The maker's encrypted fields (owner NIK) are never shown with a product: never loaded.
        .defer(*secret_fields(Ikm, "producer__ikm__"))
    )


def _product_detail_queryset(user) -> QuerySet[Product]:
    return (
        _product_list_queryset(user)
        .select_related("kbli", "hs_code")
        .prefetch_related(Prefetch("certifications", queryset=Certification.objects.select_related("kind")))
    )


# --------------------------------------------------------------------------- reads


@router.get("/categories", response=list[CategoryOut], auth=optional_auth, summary="Daftar kategori produk")
def list_categories(request):
    return Category.objects.filter(is_active=True).order_by("parent_id", "position", "name_id")


@router.get(
    "/products",
    response={200: Page[ProductSummary], **READ_ERRORS},
    auth=optional_auth,
    summary="Daftar produk",
)
def list_products(request, filters: Query[ProductFilters], paging: Query[PageParams]):
    qs = _product_list_queryset(current_user(request))
    if filters.category:
        qs = qs.filter(Q(category__slug=filters.category) | Q(category__parent__slug=filters.category))
    if filters.province:
        qs = qs.filter(producer__province_id=filters.province)
    if filters.ikm:
        qs = qs.filter(producer__ikm_id=filters.ikm)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.has_export_experience is not None:
        qs = qs.filter(producer__ikm__has_export_experience=filters.has_export_experience)
    q = (filters.q or "").strip()
    if q:
        qs = qs.filter(Q(name_id__icontains=q) | Q(name_en__icontains=q))
    return paginate(qs.order_by("name_id", "id"), paging)


@router.get(
    "/products/{int:product_id}",
    response={200: ProductDetail, **READ_ERRORS},
    auth=optional_auth,
    summary="Satu produk",
)
def get_product(request, product_id: int):
    return object_or_404(_product_detail_queryset(current_user(request)), product_id)


# --------------------------------------------------------------------------- writes
#
# catalog.actions validate every change with catalog.forms.ProductForm and check who may do it; the
# schemas below only type-check and bound the input (lengths follow the model columns).


class ProductFields(Schema):
    """Product fields; all optional here (PATCH semantics)."""

    model_config = {"extra": "forbid"}

    name_id: str | None = Field(None, max_length=200)
    name_en: str | None = Field(None, max_length=200)
    description_id: str | None = Field(None, max_length=10_000)
    description_en: str | None = Field(None, max_length=10_000)
    category: int | None = Field(
        None, ge=1, le=2**31, description="ID subkategori (lihat /catalog/categories)."
    )
    kbli: str | None = Field(None, max_length=5, examples=["13134"])
    hs_code: str | None = Field(
        None, max_length=20, description="Pos tarif 8 digit BTKI 2022, mis. 4420.11.00."
    )
    price: int | None = Field(None, ge=0, le=MAX_PRICE, description="Rupiah, bilangan bulat.")
    moq: int | None = Field(None, ge=1, le=2**31 - 1)
    unit: Unit | None = None
    monthly_capacity: int | None = Field(None, ge=0, le=2**31 - 1)
    weight_g: int | None = Field(None, ge=0, le=2**31 - 1)
    length_cm: int | None = Field(None, ge=0, le=2**31 - 1)
    width_cm: int | None = Field(None, ge=0, le=2**31 - 1)
    height_cm: int | None = Field(None, ge=0, le=2**31 - 1)
    stock: int | None = Field(None, ge=0, le=2**31 - 1)
    certifications: list[int] | None = Field(None, max_length=50, description="ID sertifikasi milik IKM ini.")


class ProductCreate(ProductFields):
    ikm: int | None = Field(None, ge=1, le=2**62, description="ID IKM pemilik produk (atau isi upt).")
    upt: int | None = Field(
        None, ge=1, le=2**62, description="ID organisasi UPT Pemasyarakatan pemilik produk (atau isi ikm)."
    )
    name_id: str = Field(max_length=200)
    description_id: str = Field(max_length=10_000)
    category: int = Field(ge=1, le=2**31)
    price: int = Field(ge=0, le=MAX_PRICE)
    moq: int = Field(1, ge=1, le=2**31 - 1)
    unit: Unit = Unit.PIECE
    stock: int = Field(0, ge=0, le=2**31 - 1)


class StatusIn(Schema):
    status: ProductStatus


def _product_data(payload: Schema, *, exclude_unset: bool, exclude: set[str] | None = None) -> dict[str, Any]:
    data = payload.model_dump(mode="json", exclude_unset=exclude_unset, exclude=exclude)
    return {k: "" if v is None else v for k, v in data.items()}


def _writable_product(product_id: int) -> Product:
    return object_or_404(
        Product.objects.select_related("producer__ikm", "producer__organisation"), product_id
    )


def _detail(product: Product) -> Product:
    return _product_detail_queryset_all().get(pk=product.pk)


def _product_detail_queryset_all() -> QuerySet[Product]:
    return (
        Product.objects.select_related(
            "category",
            "producer__province",
            "producer__ikm__province",
            "producer__ikm__regency",
            "producer__organisation__upt_profile__regency",
            "kbli",
            "hs_code",
        )
        .prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")),
            Prefetch("certifications", queryset=Certification.objects.select_related("kind")),
        )
        .defer(*secret_fields(Ikm, "producer__ikm__"))
    )


@router.post(
    "/products",
    response={201: ProductDetail, **WRITE_ERRORS},
    auth=token_auth,
    summary="Tambah produk",
)
def create_product(request, payload: ProductCreate):
    if payload.ikm is not None and payload.upt is None:
        producer = object_or_404(Ikm.objects.all(), payload.ikm)
    elif payload.upt is not None and payload.ikm is None:
        producer = object_or_404(Organisation.objects.filter(kind=OrganisationKind.UPT), payload.upt)
    else:
        raise ValidationError({"ikm": [_("Isi tepat satu: ikm atau upt.")]})
    product = actions.create_product(
        producer,
        _product_data(payload, exclude_unset=False, exclude={"ikm", "upt"}),
        actor=current_user(request),
    )
    return Status(201, _detail(product))


@router.patch(
    "/products/{int:product_id}",
    response={200: ProductDetail, **WRITE_ERRORS},
    auth=token_auth,
    summary="Ubah produk",
)
def update_product(request, product_id: int, payload: ProductFields):
    product = _writable_product(product_id)
    actions.update_product(product, _product_data(payload, exclude_unset=True), actor=current_user(request))
    return _detail(product)


@router.post(
    "/products/{int:product_id}/status",
    response={200: ProductDetail, **WRITE_ERRORS},
    auth=token_auth,
    summary="Ubah status produk (draf, aktif, diarsipkan)",
)
def change_status(request, product_id: int, payload: StatusIn):
    product = _writable_product(product_id)
    actions.change_product_status(product, payload.status, actor=current_user(request))
    return _detail(product)


@router.post(
    "/products/{int:product_id}/images",
    response={201: ImageOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Unggah gambar produk (multipart: image, alt_text)",
)
def upload_image(
    request,
    product_id: int,
    image: UploadedFile = File(..., description="JPEG, PNG atau WebP."),  # noqa: B008
    alt_text: str = Form("", max_length=200),  # noqa: B008
):
    product = _writable_product(product_id)
    user = current_user(request)
    if not can_manage(user, product.producer):  # refuse before reading the upload
        raise PermissionDenied(manage_denied_message(product.producer))
    form = ProductImageForm(data={"alt_text": alt_text}, files=MultiValueDict({"image": [image]}))
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    stored = actions.add_product_image(
        product, form.cleaned_data["image"], actor=user, alt_text=form.cleaned_data["alt_text"]
    )
    return Status(201, stored)
