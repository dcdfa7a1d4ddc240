"""REST endpoints of the registry: IKM profiles (public and full views, create, update, submit,
verify, reject) and sentra.

Privacy by construction: the public schemas below have no field for personal or confidential data
(owner name/phone/birth date/NIK, NPWP, needs survey, rejection reason, investment), so no request
can make them appear. The full profile is a separate endpoint and schema, open only to the owner,
officers of the IKM's province and ministry staff, and shows the NIK masked, never plain.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import AuthenticationError

from smartikm.accounts.models import User
from smartikm.core.api_support import (
    READ_ERRORS,
    WRITE_ERRORS,
    ApiDate,
    ErrorOut,
    Page,
    PageParams,
    current_user,
    object_or_404,
    optional_auth,
    paginate,
    token_auth,
)
from smartikm.core.crypto import secret_fields
from smartikm.registry import actions
from smartikm.registry.choices import (
    BusinessType,
    ConsumerKind,
    Education,
    LicenceKind,
    MarketingReach,
    ScaleClass,
    VerificationStatus,
)
from smartikm.registry.forms import IkmForm, RejectForm
from smartikm.registry.models import Certification, Ikm, Sentra, SentraMember
from smartikm.registry.permissions import can_edit_ikm, can_see_full_profile

router = Router(tags=["Registri IKM"])

PROVINCE_PATTERN = r"^\d{2}$"
REGENCY_PATTERN = r"^\d{2}\.\d{2}$"


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


def _ikm_queryset(user) -> QuerySet[Ikm]:
    return Ikm.objects.visible_to(user).select_related("kbli", "province", "regency", "village")


def _ikm_list_queryset(user) -> QuerySet[Ikm]:
    # Lists and the public profile never show the owner's NIK: they do not load it either.
    return _ikm_queryset(user).defer(*secret_fields(Ikm))


def _ikm_detail_queryset(user, *, full: bool = False) -> QuerySet[Ikm]:
    qs = _ikm_queryset(user) if full else _ikm_list_queryset(user)
    return qs.select_related("sentra_membership__sentra").prefetch_related(
        Prefetch("certifications", queryset=Certification.objects.select_related("kind"))
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
    ikm = object_or_404(_ikm_detail_queryset(user, full=True), ikm_id)
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
    publicly_known: bool | None = Field(description="null: belum dinilai.")
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
    return qs.visible_to(user)


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


# --------------------------------------------------------------------------- IKM writes
#
# Input is validated by registry.forms.IkmForm (the same rules as the pages) and saved by
# registry.actions (permissions, audit, derived province/regency/scale). The schemas below only
# type-check and bound the input: lengths follow the model columns, or the form's longer input
# limits where it accepts formatted numbers ("0812-3456-7890", "01.234.567.8-901.000").


class IkmFields(Schema):
    """Every field of the e-Smart IKM registration; all optional here (PATCH semantics)."""

    model_config = {"extra": "forbid"}

    name: str | None = Field(None, max_length=200)
    business_type: BusinessType | None = None
    phone: str | None = Field(None, max_length=32, description="Telepon usaha; disimpan dalam format E.164.")
    email: str | None = Field(None, max_length=254)
    npwp: str | None = Field(
        None, max_length=24, description="15 atau 16 digit; titik dan tanda hubung boleh."
    )
    nib: str | None = Field(None, max_length=24, description="13 digit.")
    licences: list[LicenceKind] | None = Field(None, max_length=len(LicenceKind.choices))
    kbli: str | None = Field(None, max_length=5, description="KBLI 2020 lima digit kategori C, mis. 13134.")
    founded_on: ApiDate | None = None
    workers: int | None = Field(None, ge=0, le=10_000_000)
    investment: int | None = Field(None, ge=0, le=10**15, description="Rupiah, tanpa tanah dan bangunan.")
    village: str | None = Field(None, max_length=13, description="Kode kelurahan/desa, mis. 33.20.06.2012.")
    address: str | None = Field(None, max_length=300)
    postal_code: str | None = Field(None, max_length=5)
    description: str | None = Field(None, max_length=5000)
    owner_name: str | None = Field(None, max_length=150)
    owner_phone: str | None = Field(None, max_length=32)
    owner_birth_date: ApiDate | None = None
    owner_nik: str | None = Field(
        None, max_length=24, description="16 digit; hanya ditulis, tidak pernah dikembalikan utuh."
    )
    owner_education: Education | None = None
    store_links: dict[str, str] | None = Field(None, max_length=20)
    has_trademark: bool | None = None
    consumers: list[ConsumerKind] | None = Field(None, max_length=len(ConsumerKind.choices))
    marketing_reach: MarketingReach | None = None
    has_export_experience: bool | None = None
    needs: dict[str, Any] | None = Field(None, max_length=50)


class IkmCreate(IkmFields):
    name: str = Field(max_length=200)
    business_type: BusinessType = BusinessType.OWN_PRODUCTION
    kbli: str = Field(max_length=5, examples=["13134"])
    workers: int = Field(ge=0, le=10_000_000)
    investment: int = Field(ge=0, le=10**15)
    village: str = Field(max_length=13, examples=["33.20.06.2012"])
    address: str = Field(max_length=300)
    owner_name: str = Field(max_length=150)
    owner_username: str | None = Field(
        None,
        max_length=150,
        description="Untuk petugas/staf yang mendaftarkan atas nama orang lain. Bawaan: akun pemanggil.",
    )


class RejectIn(Schema):
    reason: str = Field(max_length=2000, description="Dikirim ke pemilik IKM.")


def _form_value(value):
    """A JSON value as a Django form expects it: None means empty."""
    return "" if value is None else value


def _ikm_form_data(ikm: Ikm) -> dict[str, Any]:
    """The stored profile as raw form data, so a PATCH changes only the fields it names. The NIK is
    left empty: IkmForm then keeps the stored one."""
    data: dict[str, Any] = {}
    for name in IkmForm.Meta.fields:
        if name == "owner_nik":
            data[name] = ""
            continue
        field = Ikm._meta.get_field(name)
        assert isinstance(field, models.Field)  # the form's fields are the model's own, not relations to it
        data[name] = _form_value(getattr(ikm, field.attname))
    return data


def _validated_ikm_form(data: dict[str, Any], instance: Ikm | None = None) -> IkmForm:
    form = IkmForm(data=data, instance=instance)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form


def _writable_ikm(ikm_id: int) -> Ikm:
    """Writes look the IKM up among all profiles, so an officer of another province gets a clear 403
    from the action rather than a 404."""
    return object_or_404(Ikm.objects.select_related("province"), ikm_id)


def _full(ikm: Ikm) -> Ikm:
    return _ikm_detail_queryset_all().get(pk=ikm.pk)


def _ikm_detail_queryset_all() -> QuerySet[Ikm]:
    return Ikm.objects.select_related(
        "kbli", "province", "regency", "village", "sentra_membership__sentra"
    ).prefetch_related(Prefetch("certifications", queryset=Certification.objects.select_related("kind")))


@router.post("/ikm", response={201: IkmFull, **WRITE_ERRORS}, auth=token_auth, summary="Daftarkan IKM (draf)")
def create_ikm(request, payload: IkmCreate):
    user = current_user(request)
    values = payload.model_dump(mode="json", exclude={"owner_username"})
    form = _validated_ikm_form({k: _form_value(v) for k, v in values.items()})
    data = dict(form.cleaned_data)
    if payload.owner_username:
        owner = User.objects.filter(username=payload.owner_username, is_active=True).first()
        if owner is None:
            raise ValidationError({"owner_username": [_("Akun pemilik tidak ditemukan.")]})
        data["owner"] = owner
    ikm = actions.create_ikm(data, actor=user)
    return Status(201, _full(ikm))


@router.patch(
    "/ikm/{int:ikm_id}", response={200: IkmFull, **WRITE_ERRORS}, auth=token_auth, summary="Ubah profil IKM"
)
def update_ikm(request, ikm_id: int, payload: IkmFields):
    user = current_user(request)
    ikm = _writable_ikm(ikm_id)
    if not can_edit_ikm(user, ikm):  # before validating, so a stranger learns nothing from 422s
        raise PermissionDenied(_("Anda tidak berwenang mengubah IKM ini."))
    data = _ikm_form_data(ikm)
    data.update({k: _form_value(v) for k, v in payload.model_dump(mode="json", exclude_unset=True).items()})
    form = _validated_ikm_form(data, instance=ikm)
    actions.update_ikm(ikm, form.cleaned_data, actor=user)
    return _full(ikm)


@router.post(
    "/ikm/{int:ikm_id}/submit",
    response={200: IkmFull, **WRITE_ERRORS},
    auth=token_auth,
    summary="Ajukan IKM untuk diverifikasi",
)
def submit_ikm(request, ikm_id: int):
    ikm = actions.submit_for_verification(_writable_ikm(ikm_id), actor=current_user(request))
    return _full(ikm)


@router.post(
    "/ikm/{int:ikm_id}/verify",
    response={200: IkmFull, **WRITE_ERRORS},
    auth=token_auth,
    summary="Verifikasi IKM (petugas provinsinya atau staf kementerian)",
)
def verify_ikm(request, ikm_id: int):
    ikm = actions.verify_ikm(_writable_ikm(ikm_id), actor=current_user(request))
    return _full(ikm)


@router.post(
    "/ikm/{int:ikm_id}/reject",
    response={200: IkmFull, **WRITE_ERRORS},
    auth=token_auth,
    summary="Tolak IKM dengan alasan (petugas provinsinya atau staf kementerian)",
)
def reject_ikm(request, ikm_id: int, payload: RejectIn):
    user = current_user(request)
    ikm = _writable_ikm(ikm_id)
    form = RejectForm(data=payload.model_dump())
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    ikm = actions.reject_ikm(ikm, actor=user, reason=form.cleaned_data["reason"])
    return _full(ikm)
