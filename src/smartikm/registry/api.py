"""REST endpoints of the registry: IKM profiles (public and full views, create, update, submit,
verify, reject) and sentra.

Privacy by construction: the public schemas below have no field for personal or confidential data
(owner name/phone/birth date/NIK, NPWP, needs survey, rejection reason, investment), so no request
can make them appear. The full profile is a separate endpoint and schema, open only to the owner,
officers of the IKM's province and ministry staff, and shows the NIK masked, never plain.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import AuthenticationError

from smartikm.accounts.permissions import is_ministry_staff, officer_province_codes
from smartikm.core.api_support import (
    READ_ERRORS,
    ErrorOut,
    Page,
    PageParams,
    current_user,
    object_or_404,
    optional_auth,
    paginate,
)
from smartikm.registry.choices import BusinessType, ScaleClass, VerificationStatus
from smartikm.registry.models import Certification, Ikm, Sentra, SentraMember

router = Router(tags=["Registri IKM"])

PROVINCE_PATTERN = r"^\d{2}$"
REGENCY_PATTERN = r"^\d{2}\.\d{2}$"


# --------------------------------------------------------------------------- who sees what


def visible_ikms(user) -> QuerySet[Ikm]:
    """Profiles the user may see at all: verified ones for everybody, plus their own, plus every
    profile of an officer's province; ministry staff see all."""
    qs = Ikm.objects.all()
    if is_ministry_staff(user):
        return qs
    condition = Q(status=VerificationStatus.VERIFIED)
    if user.is_authenticated:
        condition |= Q(owner=user)
        provinces = officer_province_codes(user)
        if provinces:
            condition |= Q(province_id__in=sorted(provinces))
    return qs.filter(condition)


def can_see_full_profile(user, ikm: Ikm) -> bool:
    """The owner, officers of the IKM's province and ministry staff see the full profile."""
    if not user.is_authenticated:
        return False
    return (
        ikm.owner_id == user.pk or is_ministry_staff(user) or ikm.province_id in officer_province_codes(user)
    )


# --------------------------------------------------------------------------- schemas


class RegionRef(Schema):
    code: str
    name: str


class KbliRef(Schema):
    code: str
    title: str


class SentraRef(Schema):
    id: int
    name: str


class CertificationOut(Schema):
    id: int
    kind: str = Field(alias="kind_id", examples=["HALAL"])
    kind_name: str = Field(alias="kind.name")
    number: str
    issuer: str
    valid_from: datetime.date
    valid_until: datetime.date | None


class IkmSummary(Schema):
    """One IKM in a list: public fields only, whoever asks."""

    id: int
    name: str
    business_type: BusinessType
    kbli: KbliRef
    scale: str = Field(description="kecil, menengah, besar, atau kosong bila belum terklasifikasi.")
    status: VerificationStatus
    province: RegionRef
    regency: RegionRef
    village: RegionRef
    has_export_experience: bool
    has_trademark: bool
    marketing_reach: str


class IkmPublic(IkmSummary):
    """The public profile: what a buyer or any visitor may read."""

    phone: str = Field(description="Telepon usaha (bukan telepon pribadi pemilik).")
    email: str
    address: str
    postal_code: str
    description: str
    founded_on: datetime.date | None
    store_links: dict
    consumers: list
    verified_at: datetime.datetime | None
    sentra: SentraRef | None
    certifications: list[CertificationOut]

    @staticmethod
    def resolve_sentra(obj: Ikm):
        try:
            return obj.sentra_membership.sentra
        except SentraMember.DoesNotExist:
            return None

    @staticmethod
    def resolve_certifications(obj: Ikm):
        return list(obj.certifications.all())


class IkmFull(IkmPublic):
    """The full profile for the owner, officers of its province and ministry staff. The NIK is masked."""

    owner_id: int | None
    owner_name: str
    owner_phone: str
    owner_birth_date: datetime.date | None
    owner_nik_masked: str = Field(description="NIK pemilik tersamar, mis. 3320********0001.")
    owner_education: str
    npwp: str
    nib: str | None
    licences: list
    workers: int
    investment: int = Field(description="Nilai investasi dalam rupiah (bilangan bulat).")
    needs: dict
    submitted_at: datetime.datetime | None
    verified_by_id: int | None
    rejection_reason: str
    created_at: datetime.datetime
    updated_at: datetime.datetime


class IkmFilters(Schema):
    province: str | None = Field(None, pattern=PROVINCE_PATTERN, description="Kode provinsi, mis. 33.")
    regency: str | None = Field(None, pattern=REGENCY_PATTERN, description="Kode kabupaten/kota, mis. 33.20.")
    scale: ScaleClass | None = None
    status: VerificationStatus | None = Field(
        None, description="Hanya berarti bagi petugas dan staf; publik hanya melihat IKM terverifikasi."
    )
    kbli: str | None = Field(None, max_length=5)
    sentra: int | None = Field(None, ge=1, le=2**62)
    has_export_experience: bool | None = None
    q: str | None = Field(None, max_length=200, description="Cari nama usaha.")


def _ikm_list_queryset(user) -> QuerySet[Ikm]:
    return visible_ikms(user).select_related("kbli", "province", "regency", "village")


def _ikm_detail_queryset(user) -> QuerySet[Ikm]:
    return (
        _ikm_list_queryset(user)
        .select_related("sentra_membership__sentra")
        .prefetch_related(Prefetch("certifications", queryset=Certification.objects.select_related("kind")))
    )


# --------------------------------------------------------------------------- IKM reads


@router.get("/ikm", response={200: Page[IkmSummary], **READ_ERRORS}, auth=optional_auth, summary="Daftar IKM")
def list_ikm(request, filters: Query[IkmFilters], paging: Query[PageParams]):
    user = current_user(request)
    qs = _ikm_list_queryset(user)
    if filters.province:
        qs = qs.filter(province_id=filters.province)
    if filters.regency:
        qs = qs.filter(regency_id=filters.regency)
    if filters.scale:
        qs = qs.filter(scale=filters.scale)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.kbli:
        qs = qs.filter(kbli_id=filters.kbli)
    if filters.sentra:
        qs = qs.filter(sentra_membership__sentra_id=filters.sentra)
    if filters.has_export_experience is not None:
        qs = qs.filter(has_export_experience=filters.has_export_experience)
    q = (filters.q or "").strip()
    if q:
        qs = qs.filter(name__icontains=q)
    return paginate(qs.order_by("name", "id"), paging)


@router.get(
    "/ikm/{int:ikm_id}",
    response={200: IkmPublic, **READ_ERRORS},
    auth=optional_auth,
    summary="Profil publik IKM",
)
def get_ikm(request, ikm_id: int):
    return object_or_404(_ikm_detail_queryset(current_user(request)), ikm_id)


@router.get(
    "/ikm/{int:ikm_id}/full",
    response={200: IkmFull, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=optional_auth,
    summary="Profil lengkap IKM (pemilik, petugas provinsi, staf kementerian)",
)
def get_ikm_full(request, ikm_id: int):
    user = current_user(request)
    if not user.is_authenticated:
        raise AuthenticationError()
    ikm = object_or_404(_ikm_detail_queryset(user), ikm_id)
    if not can_see_full_profile(user, ikm):
        raise PermissionDenied(
            _("Profil lengkap hanya untuk pemilik, petugas provinsi IKM ini, dan staf kementerian.")
        )
    return ikm


# --------------------------------------------------------------------------- sentra


class SentraSummary(Schema):
    id: int
    name: str
    commodity: str
    kbli: KbliRef
    province: RegionRef
    regency: RegionRef
    village: RegionRef
    established_year: int | None
    publicly_known: bool
    is_active: bool
    members_count: int = Field(description="Jumlah anggota IKM yang terverifikasi.")


class SentraDetail(SentraSummary):
    description: str
    supervising_agency: str
    technical_unit: str
    village_households: int | None
    similar_businesses: int | None


class SentraFilters(Schema):
    province: str | None = Field(None, pattern=PROVINCE_PATTERN)
    regency: str | None = Field(None, pattern=REGENCY_PATTERN)
    kbli: str | None = Field(None, max_length=5)
    q: str | None = Field(None, max_length=200, description="Cari nama sentra atau komoditas.")


def _sentra_queryset(user) -> QuerySet[Sentra]:
    qs = Sentra.objects.select_related("kbli", "province", "regency", "village").annotate(
        members_count=Count("members", filter=Q(members__ikm__status=VerificationStatus.VERIFIED))
    )
    if not (is_ministry_staff(user) or officer_province_codes(user)):
        qs = qs.filter(is_active=True)
    return qs


@router.get(
    "/sentra", response={200: Page[SentraSummary], **READ_ERRORS}, auth=optional_auth, summary="Daftar sentra"
)
def list_sentra(request, filters: Query[SentraFilters], paging: Query[PageParams]):
    qs = _sentra_queryset(current_user(request))
    if filters.province:
        qs = qs.filter(province_id=filters.province)
    if filters.regency:
        qs = qs.filter(regency_id=filters.regency)
    if filters.kbli:
        qs = qs.filter(kbli_id=filters.kbli)
    q = (filters.q or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(commodity__icontains=q))
    return paginate(qs.order_by("name", "id"), paging)


@router.get(
    "/sentra/{int:sentra_id}",
    response={200: SentraDetail, **READ_ERRORS},
    auth=optional_auth,
    summary="Satu sentra",
)
def get_sentra(request, sentra_id: int):
    return object_or_404(_sentra_queryset(current_user(request)), sentra_id)
