"""Product forms, shared by the pages, the admin and the REST API (which passes plain dicts).

Use as ``ProductForm(data=..., producer=producer)`` (a Producer, or the IKM or UPT organisation
behind it) or ``ProductForm(data=..., instance=product)``. The form only validates; saving goes
through ``catalog.actions`` (rule 1).
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartikm.catalog import images
from smartikm.catalog.models import Category, Product
from smartikm.producers.actions import producer_for
from smartikm.reference.choices import KbliLevel
from smartikm.reference.models import HsCode, Kbli
from smartikm.registry.models import Certification

MAX_PRICE = 1_000_000_000_000  # Rp 1 triliun: a guard against typos and overflow, not a business rule

# "15000", "15.000", "Rp 15.000", "Rp15.000,00", "Rp 15.000,-"
_PRICE_RE = re.compile(r"^(?:rp\.?)?\s*(?P<num>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?:0{1,2}|-))?$", re.IGNORECASE)


def parse_rupiah(value: Any) -> int:
    """Integer rupiah from an int, an integral float, or simple text such as "Rp 15.000"."""
    if isinstance(value, bool):
        raise ValidationError(_("Harga harus berupa bilangan bulat rupiah."), code="invalid")
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValidationError(_("Harga harus berupa bilangan bulat rupiah, tanpa sen."), code="invalid")
        amount = int(value)
    else:
        text = str(value).strip().replace("\u00a0", " ")
        negative = text.startswith("-")
        match = _PRICE_RE.match(text.lstrip("-").strip())
        if not match:
            raise ValidationError(
                _("Harga harus berupa bilangan bulat rupiah, misalnya 15000 atau Rp 15.000."), code="invalid"
            )
        amount = int(match["num"].replace(".", ""))
        if negative:
            amount = -amount
    if amount < 0:
        raise ValidationError(_("Harga tidak boleh negatif."), code="min_value")
    if amount > MAX_PRICE:
        raise ValidationError(_("Harga terlalu besar."), code="max_value")
    return amount


class RupiahField(forms.Field):
    """Integer rupiah; accepts plain integers and the common "Rp 15.000" notation."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_rupiah(value)

    def prepare_value(self, value):
        return value


def normalise_hs_code(value: str) -> str:
    """Digits only: "0901.11.20", "0901 11 10" and "09011110" all give "09011110"."""
    return re.sub(r"[\s.\-]", "", str(value or ""))


def dotted_hs(digits: str) -> str:
    if len(digits) == 8:
        return f"{digits[:4]}.{digits[4:6]}.{digits[6:]}"
    if len(digits) == 6:
        return f"{digits[:4]}.{digits[4:]}"
    return digits


class HsCodeField(forms.Field):
    """A BTKI 2022 eight-digit tariff line typed as text, resolved to an active `HsCode` row."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", _("Pos tarif 8 digit BTKI 2022, misalnya 0901.11.20 (titik dan spasi boleh).")
        )
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 20}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, HsCode):
            return value.dotted
        if isinstance(value, str) and value.isdigit() and len(value) == 8:
            return dotted_hs(value)
        return value

    def to_python(self, value):
        if isinstance(value, HsCode):
            value = value.code
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not text:
            return None
        digits = normalise_hs_code(text)
        if not digits.isdigit() or len(text) > 20:
            raise ValidationError(
                _("Kode HS hanya boleh berisi angka, titik, atau spasi (contoh 0901.11.20)."), code="invalid"
            )
        if len(digits) != 8:
            raise ValidationError(
                _("Kode HS %(code)s harus 8 digit (pos tarif BTKI 2022), misalnya 0901.11.20."),
                code="length",
                params={"code": dotted_hs(digits)},
            )
        hs = HsCode.objects.filter(code=digits, level=8, is_active=True).first()
        if hs is None:
            raise ValidationError(
                _("Kode HS %(code)s tidak ada di BTKI 2022."),
                code="unknown",
                params={"code": dotted_hs(digits)},
            )
        return hs


class ProductForm(forms.ModelForm):
    """Everything an IKM fills in for a product. Status is changed by `change_product_status`."""

    price = RupiahField(label=_("harga (Rp)"), help_text=_("Bilangan bulat rupiah, misalnya 15000."))
    hs_code = HsCodeField(label=_("kode HS (BTKI 2022)"), required=False)

    class Meta:
        model = Product
        fields = [
            "name_id",
            "name_en",
            "description_id",
            "description_en",
            "category",
            "kbli",
            "hs_code",
            "price",
            "moq",
            "unit",
            "monthly_capacity",
            "weight_g",
            "length_cm",
            "width_cm",
            "height_cm",
            "stock",
            "certifications",
        ]

    def __init__(self, data=None, files=None, *, producer=None, instance: Product | None = None, **kwargs):
        super().__init__(data, files, instance=instance, **kwargs)
        if producer is None:
            if instance is None or instance.producer_id is None:
                raise TypeError("ProductForm needs producer= or an instance that has one")
            producer = instance.producer
        self.producer = producer_for(producer)
        ikm = self.producer.ikm
        self.fields["name_id"].required = True
        self.fields["description_id"].required = True
        self.fields["name_en"].required = False
        self.fields["description_en"].required = False
        # Every active category is offered so a top-level pick gets a clear message in clean_category.
        self.model_choice_field("category").queryset = Category.objects.filter(is_active=True).select_related(
            "parent"
        )
        self.model_choice_field("kbli").queryset = Kbli.objects.all()
        self.fields["kbli"].error_messages["invalid_choice"] = _("Kode KBLI tidak dikenal.")
        # Certificates belong to IKM; a UPT product has none to pick from.
        self.model_choice_field("certifications").queryset = (
            ikm.certifications.select_related("kind") if ikm is not None else Certification.objects.none()
        )
        self.fields["certifications"].error_messages["invalid_choice"] = _(
            "Sertifikasi %(value)s bukan milik IKM ini."
        )
        if self.instance.producer_id is None:
            self.instance.producer = self.producer
        _set_minimum(self.fields["moq"], 1, _("Minimum pemesanan paling sedikit 1."))
        for name in ("stock", "monthly_capacity", "weight_g", "length_cm", "width_cm", "height_cm"):
            _set_minimum(self.fields[name], 0, _("Nilai tidak boleh negatif."))
        self.fields["monthly_capacity"].help_text = _("Jumlah satuan yang dapat diproduksi per bulan.")

    def model_choice_field(self, name: str) -> forms.ModelChoiceField:
        """The form field of a relation (category, KBLI, certifications), typed as such."""
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        return field

    def clean_category(self):
        category: Category | None = self.cleaned_data.get("category")
        if category is None:
            return category
        if category.parent_id is not None and not category.parent.is_active:
            raise ValidationError(_("Kategori ini sudah tidak aktif."), code="inactive")
        if category.children.filter(is_active=True).exists():
            raise ValidationError(
                _("Pilih subkategori dari %(name)s, bukan kategori utamanya."),
                code="not_leaf",
                params={"name": category.name_id},
            )
        return category

    def clean_kbli(self):
        kbli: Kbli | None = self.cleaned_data.get("kbli")
        if kbli is None:
            return kbli
        if kbli.level != KbliLevel.KELOMPOK:
            raise ValidationError(
                _("KBLI %(code)s bukan kode 5 digit (kelompok)."),
                code="not_kelompok",
                params={"code": kbli.code},
            )
        if not kbli.is_active:
            raise ValidationError(
                _("KBLI %(code)s sudah tidak berlaku."), code="inactive", params={"code": kbli.code}
            )
        return kbli


def _set_minimum(field: forms.Field, limit: int, message) -> None:
    """One clear minimum message instead of Django's generic one."""
    field.validators = [v for v in field.validators if not isinstance(v, MinValueValidator)]
    field.validators.append(MinValueValidator(limit, message=message))
    field.widget.attrs["min"] = limit


def product_form_data(product: Product) -> dict[str, Any]:
    """The product's current values as raw form data (for partial updates merged with new data)."""
    data: dict[str, Any] = {}
    for name in ProductForm.Meta.fields:
        if name == "certifications":
            data[name] = [c.pk for c in product.certifications.all()] if product.pk else []
        elif name == "hs_code":
            data[name] = product.hs_code_id or ""
        else:
            f = Product._meta.get_field(name)
            assert isinstance(f, models.Field)  # the form's fields are the model's own, not relations to it
            value = getattr(product, f.attname)
            data[name] = "" if value is None else value
    return data


def as_form_data(data: dict[str, Any]) -> dict[str, Any]:
    """Model instances (e.g. from `form.cleaned_data`) turned into the raw values a form expects."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, HsCode):
            out[key] = value.code
        elif isinstance(value, models.Model):
            out[key] = value.pk
        elif isinstance(value, (list, tuple, set, models.QuerySet)):
            out[key] = [v.pk if isinstance(v, models.Model) else v for v in value]
        elif value is None:
            out[key] = ""
        else:
            out[key] = value
    return out


class ProductImageForm(forms.Form):
    """One uploaded photo. Checks size and format from the header; the action re-encodes it."""

    image = forms.FileField(
        label=_("gambar"),
        help_text=_("JPEG, PNG, atau WebP; metadata (termasuk lokasi GPS) dihapus otomatis."),
    )
    alt_text = forms.CharField(label=_("teks alternatif"), max_length=200, required=False)

    def clean_image(self):
        upload = self.cleaned_data["image"]
        images.inspect_upload(upload)
        return upload
