"""Forms of the registry. The pages, the admin and the REST API all validate input with these, so
they work with plain dicts (`IkmForm(data={...})`): lists for multiple choices, codes for villages
(`"33.20.06.2012"`) and KBLI (`"13134"`). Saving goes through registry.actions, not `form.save()`.
"""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartikm.reference.models import CertificationKind
from smartikm.registry import validators
from smartikm.registry.choices import ConsumerKind, LicenceKind, MarketingReach
from smartikm.registry.models import IKM_FIELDS, Certification, Ikm, Sentra, SentraOfficial

STORE_LINK_KEYS = (
    "website",
    "instagram",
    "facebook",
    "tiktok",
    "whatsapp",
    "tokopedia",
    "shopee",
    "lazada",
    "blibli",
    "bukalapak",
    "lainnya",
)
STORE_LINK_VALIDATOR = URLValidator(schemes=["http", "https"])
_HAS_SCHEME = re.compile(r"^\s*[A-Za-z][A-Za-z0-9+.\-]*\s*:")


def validate_store_link(key: str, value: str) -> None:
    """A store link is a handle ("@batiksiti", a phone number) or a web address. Anything with
    another scheme (javascript:, data:, file:) could run in the visitor's browser or another program
    when a client renders it as a link, so only http and https addresses pass."""
    value = value.strip()
    if _HAS_SCHEME.match(value) or value.startswith("//"):
        try:
            STORE_LINK_VALIDATOR(value)
        except ValidationError as exc:
            raise ValidationError(
                _("Tautan %(key)s harus berupa alamat web yang diawali http:// atau https://.") % {"key": key}
            ) from exc


ALLOWED_UPLOADS = {  # magic bytes → label; the declared content type is not trusted
    b"%PDF-": "PDF",
    b"\xff\xd8\xff": "JPEG",
    b"\x89PNG\r\n\x1a\n": "PNG",
}
REQUIRED = _("Wajib diisi.")


class VillageCodeField(forms.CharField):
    """A village by its Kemendagri code, e.g. 33.20.06.2012: a text input, never an 83k-row select."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Kelurahan/desa (kode Kemendagri)"))
        kwargs.setdefault("help_text", _("Contoh: 33.20.06.2012 (Mulyoharjo, Jepara)."))
        kwargs.setdefault("max_length", 13)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return getattr(value, "code", value)

    def clean(self, value):
        value = super().clean(value)
        return validators.resolve_village(value) if value else None


class KbliCodeField(forms.CharField):
    """A five-digit KBLI 2020 kelompok in category C, by code."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("KBLI (5 digit)"))
        kwargs.setdefault("help_text", _("Contoh: 13134 (Industri Batik)."))
        kwargs.setdefault("max_length", 5)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return getattr(value, "code", value)

    def clean(self, value):
        value = super().clean(value)
        return validators.resolve_kbli(value) if value else None


def _normalised(value, normaliser):
    value = (value or "").strip() if isinstance(value, str) or value is None else value
    return normaliser(value) if value else value


class IkmForm(forms.ModelForm):
    """The e-Smart IKM registration: business, licences, owner, store links, market and needs.

    The owner's NIK is write-only: an existing NIK is never put back into the page; leaving the field
    empty when editing keeps the stored NIK.
    """

    village = VillageCodeField(error_messages={"required": REQUIRED})
    kbli = KbliCodeField(error_messages={"required": REQUIRED})
    owner_nik = forms.CharField(
        label=_("NIK pemilik"),
        required=False,
        max_length=24,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        help_text=_("16 digit. Disimpan terenkripsi dan hanya ditampilkan tersamar."),
    )
    licences = forms.MultipleChoiceField(
        label=_("izin usaha"),
        choices=LicenceKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consumers = forms.MultipleChoiceField(
        label=_("konsumen"), choices=ConsumerKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    workers = forms.IntegerField(label=_("jumlah tenaga kerja"), min_value=0, max_value=10_000_000)
    investment = forms.IntegerField(
        label=_("nilai investasi (Rp)"),
        min_value=0,
        max_value=10**15,
        help_text=_("Rupiah, tanpa titik. Tidak termasuk tanah dan bangunan tempat usaha."),
    )
    store_links = forms.JSONField(label=_("tautan toko"), required=False)
    needs = forms.JSONField(label=_("survei kebutuhan"), required=False)

    class Meta:
        model = Ikm
        fields = list(IKM_FIELDS)
        error_messages = {
            "name": {"required": REQUIRED},
            "address": {"required": REQUIRED},
            "owner_name": {"required": REQUIRED},
            "nib": {"unique": _("NIB ini sudah terdaftar untuk IKM lain.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.owner_nik:
            self.initial["owner_nik"] = ""
            self.fields["owner_nik"].help_text = _(
                "Tersimpan: %(masked)s. Kosongkan untuk tidak mengubah."
            ) % {"masked": self.instance.owner_nik_masked}
        for name in ("phone", "owner_phone"):
            self.fields[name].max_length = 32
            self.fields[name].widget.attrs["maxlength"] = 32
        for name in ("npwp", "nib"):
            self.fields[name].max_length = 24
            self.fields[name].widget.attrs["maxlength"] = 24
        # Validators of the model fields (max_length 16/13) apply to the stored form, not the input.
        for name in ("phone", "owner_phone", "npwp", "nib"):
            self.fields[name].validators = []

    def clean_npwp(self):
        return _normalised(self.cleaned_data.get("npwp"), validators.normalize_npwp)

    def clean_nib(self):
        value = _normalised(self.cleaned_data.get("nib"), validators.normalize_nib)
        return value or None

    def clean_phone(self):
        return _normalised(self.cleaned_data.get("phone"), validators.normalize_phone)

    def clean_owner_phone(self):
        return _normalised(self.cleaned_data.get("owner_phone"), validators.normalize_phone)

    def clean_owner_nik(self):
        value = (self.cleaned_data.get("owner_nik") or "").strip()
        if not value:
            return self.instance.owner_nik if self.instance.pk else ""
        return validators.normalize_nik(value)

    def clean_postal_code(self):
        value = (self.cleaned_data.get("postal_code") or "").strip()
        if value and not (value.isdigit() and len(value) == 5):
            raise ValidationError(_("Kode pos harus 5 digit."))
        return value

    def clean_founded_on(self):
        value = self.cleaned_data.get("founded_on")
        if value and value > timezone.localdate():
            raise ValidationError(_("Tanggal berdiri tidak boleh di masa depan."))
        return value

    def clean_owner_birth_date(self):
        value = self.cleaned_data.get("owner_birth_date")
        if value and value > timezone.localdate():
            raise ValidationError(_("Tanggal lahir tidak boleh di masa depan."))
        return value

    def clean_store_links(self):
        links = self.cleaned_data.get("store_links") or {}
        if not isinstance(links, dict):
            raise ValidationError(_("Tautan toko harus berupa pasangan nama toko dan alamat."))
        unknown = sorted(set(links) - set(STORE_LINK_KEYS))
        if unknown:
            raise ValidationError(
                _("Jenis tautan tidak dikenal: %(keys)s. Yang dikenal: %(known)s.")
                % {"keys": ", ".join(unknown), "known": ", ".join(STORE_LINK_KEYS)}
            )
        cleaned = {}
        for key, value in links.items():
            if not isinstance(value, str) or len(value) > 300:
                raise ValidationError(
                    _("Tautan %(key)s harus berupa teks (maksimal 300 karakter).") % {"key": key}
                )
            value = value.strip()
            if not value:
                continue
            validate_store_link(key, value)
            cleaned[key] = value
        return cleaned

    def clean_needs(self):
        needs = self.cleaned_data.get("needs") or {}
        if not isinstance(needs, dict):
            raise ValidationError(_("Survei kebutuhan harus berupa pasangan pertanyaan dan jawaban."))
        return needs

    def clean(self):
        data = super().clean()
        licences = list(data.get("licences") or [])
        if LicenceKind.NONE in licences and len(licences) > 1:
            self.add_error(
                "licences", _("Pilihan \u201cBelum ada\u201d tidak boleh digabung dengan izin lain.")
            )
        elif data.get("nib") and LicenceKind.NIB not in licences:
            data["licences"] = [*(x for x in licences if x != LicenceKind.NONE), LicenceKind.NIB]
        nik, birth = data.get("owner_nik"), data.get("owner_birth_date")
        if nik and birth and "owner_nik" not in self.errors:
            encoded = validators.nik_birth_date(nik)
            same_date = encoded and (encoded.day, encoded.month, encoded.year % 100) == (
                birth.day,
                birth.month,
                birth.year % 100,
            )
            if encoded and not same_date:
                self.add_error(
                    "owner_birth_date",
                    _("Tanggal lahir tidak sesuai dengan NIK (NIK menyebut %(date)s).")
                    % {"date": encoded.strftime("%d-%m-%Y")},
                )
        village = data.get("village")
        postal = data.get("postal_code")
        if village is not None and village.postal_code:
            if not postal:
                data["postal_code"] = village.postal_code
            elif postal != village.postal_code:
                self.add_error(
                    "postal_code",
                    _("Kode pos %(given)s tidak sesuai dengan %(village)s (seharusnya %(expected)s).")
                    % {"given": postal, "village": village.name, "expected": village.postal_code},
                )
        if data.get("marketing_reach") == MarketingReach.EXPORT and not data.get("has_export_experience"):
            self.add_error(
                "has_export_experience",
                _(
                    "Jangkauan pemasaran \u201cEkspor\u201d berarti IKM pernah ekspor; "
                    "centang \u201cpernah ekspor\u201d."
                ),
            )
        return data


class CertificationForm(forms.ModelForm):
    """A certificate with its file: PDF, JPEG or PNG up to settings.MAX_UPLOAD_BYTES.

    Pass `ikm=` so the same certificate number is not registered twice for the IKM.
    """

    class Meta:
        model = Certification
        fields = ["kind", "number", "issuer", "valid_from", "valid_until", "file"]
        error_messages = {
            "number": {"required": REQUIRED},
            "issuer": {"required": REQUIRED},
            "valid_from": {"required": REQUIRED},
            "kind": {"required": REQUIRED},
        }

    def __init__(self, *args, ikm=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ikm = ikm if ikm is not None else (self.instance.ikm if self.instance.ikm_id else None)
        self.fields["kind"].queryset = CertificationKind.objects.filter(is_active=True)
        self.fields["kind"].error_messages["invalid_choice"] = _(
            "Jenis sertifikasi tidak dikenal atau tidak aktif."
        )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload or not hasattr(upload, "read") or getattr(upload, "_committed", False):
            return upload  # nothing new uploaded
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("Berkas terlalu besar (%(size)s); maksimal %(max)s.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(settings.MAX_UPLOAD_BYTES)}
            )
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
        if not any(head.startswith(magic) for magic in ALLOWED_UPLOADS):
            raise ValidationError(_("Berkas harus berupa PDF, JPEG, atau PNG."))
        return upload

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error(
                "valid_until", _("Tanggal berlaku sampai tidak boleh sebelum tanggal berlaku sejak.")
            )
        ikm = self.ikm or (self.instance.ikm if self.instance.ikm_id else None)
        if ikm is not None and data.get("kind") and data.get("number"):
            same = Certification.objects.filter(ikm=ikm, kind=data["kind"], number=data["number"])
            if self.instance.pk:
                same = same.exclude(pk=self.instance.pk)
            if same.exists():
                self.add_error(
                    "number", _("Sertifikat dengan jenis dan nomor ini sudah tercatat untuk IKM ini.")
                )
        return data


class SentraForm(forms.ModelForm):
    """A sentra in one village with the data the BPS criteria need."""

    village = VillageCodeField(error_messages={"required": REQUIRED})
    kbli = KbliCodeField(error_messages={"required": REQUIRED})

    class Meta:
        model = Sentra
        fields = [
            "name",
            "village",
            "commodity",
            "kbli",
            "description",
            "established_year",
            "supervising_agency",
            "technical_unit",
            "publicly_known",
            "village_households",
            "similar_businesses",
            "is_active",
        ]
        error_messages = {"name": {"required": REQUIRED}, "commodity": {"required": REQUIRED}}

    def clean_established_year(self):
        year = self.cleaned_data.get("established_year")
        if year is not None and not (1800 <= year <= timezone.localdate().year):
            raise ValidationError(_("Tahun berdiri harus antara 1800 dan tahun ini."))
        return year

    def clean(self):
        data = super().clean()
        households, similar = data.get("village_households"), data.get("similar_businesses")
        if households is not None and households == 0:
            self.add_error(
                "village_households", _("Jumlah rumah tangga desa harus lebih dari 0 atau dikosongkan.")
            )
        if households and similar is not None and similar > households * 5:
            self.add_error(
                "similar_businesses",
                _(
                    "Jumlah usaha sejenis tidak masuk akal dibanding jumlah rumah tangga desa; "
                    "periksa kembali."
                ),
            )
        return data


class SentraOfficialForm(forms.ModelForm):
    """A board member or manager of a sentra."""

    class Meta:
        model = SentraOfficial
        fields = ["name", "role", "phone"]
        error_messages = {"name": {"required": REQUIRED}, "role": {"required": REQUIRED}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].max_length = 32
        self.fields["phone"].validators = []

    def clean_phone(self):
        return _normalised(self.cleaned_data.get("phone"), validators.normalize_phone)


class RejectForm(forms.Form):
    """The reason an officer gives when rejecting a profile; it is e-mailed to the owner."""

    reason = forms.CharField(
        label=_("Alasan penolakan"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        strip=True,
        error_messages={"required": _("Alasan penolakan wajib diisi.")},
        help_text=_("Jelaskan apa yang harus diperbaiki; alasan ini dikirim ke pemilik IKM."),
    )
