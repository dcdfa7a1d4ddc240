"""REST endpoints of the catalogue: categories, products (list, detail, create, update) and product
images (multipart upload).

The public sees active products of verified IKM; owners also see their own products in any state,
officers those of their province, ministry staff all. Products carry no personal data.
"""

import datetime

from django.db.models import Prefetch, Q, QuerySet
from ninja import Field, Query, Router, Schema

from smartikm.accounts.permissions import is_ministry_staff, officer_province_codes
from smartikm.catalog.choices import ProductStatus, Unit
from smartikm.catalog.models import Category, Product, ProductImage
from smartikm.core.api_support import (
    READ_ERRORS,
    Page,
    PageParams,
    current_user,
    object_or_404,
    optional_auth,
    paginate,
)
from smartikm.registry.api import PROVINCE_PATTERN, CertificationOut, RegionRef
from smartikm.registry.choices import VerificationStatus
from smartikm.registry.models import Certification

router = Router(tags=["Katalog produk"])


# --------------------------------------------------------------------------- who sees what


def visible_products(user) -> QuerySet[Product]:
    qs = Product.objects.all()
    if is_ministry_staff(user):
        return qs
    condition = Q(status=ProductStatus.ACTIVE, ikm__status=VerificationStatus.VERIFIED)
    if user.is_authenticated:
        condition |= Q(ikm__owner=user)
        provinces = officer_province_codes(user)
        if provinces:
            condition |= Q(ikm__province_id__in=sorted(provinces))
    return qs.filter(condition)


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


class HsRef(Schema):
    code: str
    dotted: str
    description_id: str
    description_en: str


class KbliRef(Schema):
    code: str
    title: str


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
    ikm: IkmRef
    price: int = Field(description="Harga dalam rupiah (bilangan bulat).")
    unit: Unit
    moq: int
    status: ProductStatus
    thumbnail_url: str | None = Field(description="Miniatur gambar pertama, bila ada.")

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
    created_at: datetime.datetime
    updated_at: datetime.datetime

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
    province: str | None = Field(None, pattern=PROVINCE_PATTERN, description="Kode provinsi IKM, mis. 33.")
    ikm: int | None = Field(None, ge=1, le=2**62, description="ID IKM.")
    status: ProductStatus | None = Field(
        None, description="Hanya berarti bagi pemilik, petugas dan staf; publik hanya melihat produk aktif."
    )
    has_export_experience: bool | None = Field(None, description="Hanya produk dari IKM yang pernah ekspor.")
    q: str | None = Field(None, max_length=200, description="Cari nama produk (Indonesia atau Inggris).")


def _product_list_queryset(user) -> QuerySet[Product]:
    return (
        visible_products(user)
        .select_related("category", "ikm__province", "ikm__regency")
        .prefetch_related(Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")))
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
        qs = qs.filter(ikm__province_id=filters.province)
    if filters.ikm:
        qs = qs.filter(ikm_id=filters.ikm)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.has_export_experience is not None:
        qs = qs.filter(ikm__has_export_experience=filters.has_export_experience)
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
