"""Forms of the officer pages. They only parse and bound the input; every change and every rule
(UPT ownership, transitions, the split) stays in `corrections.actions`, whose field errors the views
put back on these forms."""

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from smartikm.catalog.models import Product
from smartikm.corrections.actions import MAX_SALE
from smartikm.corrections.choices import ArtisanStatus, Outcome, Skill
from smartikm.corrections.models import Artisan, Workshop

MONTH_RE = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")
MAX_INT = 2**31 - 1


def parse_month(value: str | None) -> datetime.date | None:
    """'2026-01' -> 1 Jan 2026; anything else (garbage, years outside 2000–2100) -> None."""
    match = MONTH_RE.fullmatch(str(value or "").strip()[:8])
    if not match or not 2000 <= int(match.group(1)) <= 2100:
        return None
    return datetime.date(int(match.group(1)), int(match.group(2)), 1)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MonthField(forms.Field):
    """A month as YYYY-MM (the browser's month picker sends that), cleaned to its first day."""

    widget = forms.TextInput(
        attrs={"type": "month", "placeholder": "YYYY-MM", "inputmode": "numeric", "maxlength": 7}
    )
    default_error_messages = {"invalid": _("Tulis bulan sebagai YYYY-MM, misalnya 2026-01.")}

    def to_python(self, value):
        value = str(value or "").strip()
        if not value:
            return None
        month = parse_month(value)
        if month is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return month

    def prepare_value(self, value):
        return value.strftime("%Y-%m") if isinstance(value, datetime.date) else value


class ArtisanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.code  # the opaque code, never anything else about the person


class ProductChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name_id


class ArtisanForm(forms.Form):
    skills = forms.MultipleChoiceField(
        label=_("Keterampilan"), choices=Skill.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    workshop = forms.ModelChoiceField(
        label=_("Bengkel kerja"), queryset=Workshop.objects.none(), required=False
    )
    joined_on = forms.DateField(label=_("Mulai bekerja"), required=False, widget=DateInput)

    def __init__(self, *args, upt, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = Workshop.objects.filter(upt=upt, is_active=True)


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status baru"),
        choices=[
            (ArtisanStatus.ACTIVE, ArtisanStatus.ACTIVE.label),
            (ArtisanStatus.TRANSFERRED, ArtisanStatus.TRANSFERRED.label),
        ],
    )


class ReleaseForm(forms.Form):
    released_on = forms.DateField(
        label=_("Tanggal bebas"),
        widget=DateInput,
        help_text=_(
            "Hanya bulannya yang disimpan. Membuka kasus graduasi dengan tindak lanjut 3, 6, 12 bulan."
        ),
    )


class WorkRecordForm(forms.Form):
    artisan = ArtisanChoiceField(label=_("Warga binaan (kode)"), queryset=Artisan.objects.none())
    product = ProductChoiceField(label=_("Produk"), queryset=Product.objects.none())
    period = MonthField(label=_("Periode (bulan)"))
    pieces = forms.IntegerField(
        label=_("Jumlah buah"),
        min_value=0,
        max_value=MAX_INT,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    hours = forms.IntegerField(
        label=_("Jumlah jam"),
        min_value=0,
        max_value=MAX_INT,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, upt, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["artisan"].queryset = Artisan.objects.filter(upt=upt, status=ArtisanStatus.ACTIVE)
        self.fields["product"].queryset = Product.objects.filter(producer__organisation=upt).order_by(
            "name_id", "id"
        )

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("pieces") and not data.get("hours"):
            self.add_error("pieces", _("Isi jumlah buah atau jumlah jam."))
        return data


class SaleForm(forms.Form):
    product = ProductChoiceField(label=_("Produk"), queryset=Product.objects.none())
    amount = forms.IntegerField(
        label=_("Nilai penjualan (Rp)"),
        min_value=1,
        max_value=MAX_SALE,
        help_text=_("Rupiah bulat tanpa titik atau koma, misalnya 150000."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    sold_on = forms.DateField(label=_("Tanggal penjualan"), widget=DateInput)
    quantity = forms.IntegerField(
        label=_("Jumlah barang"),
        min_value=1,
        max_value=MAX_INT,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    external_ref = forms.CharField(label=_("Nomor nota"), max_length=120, required=False)
    note = forms.CharField(label=_("Catatan"), max_length=300, required=False)

    def __init__(self, *args, upt, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.filter(producer__organisation=upt).order_by(
            "name_id", "id"
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pembatalan"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )


class FollowUpForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Hasil"), choices=Outcome.choices)
    done_on = forms.DateField(label=_("Tanggal tindak lanjut"), widget=DateInput)
