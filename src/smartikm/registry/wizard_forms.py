"""Page-only forms that turn friendly inputs into the JSON fields of registry.forms.IkmForm.

IkmForm takes `store_links` and `needs` as JSON (the API sends JSON); people on a phone get one
field per store and check boxes for the survey instead. The keys are the ones the demo data and the
API already use, so every path stores the same shape.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from smartikm.registry.forms import STORE_LINK_KEYS, validate_store_link

STORE_LABELS = {
    "website": _("Situs web"),
    "instagram": "Instagram",
    "facebook": "Facebook",
    "tiktok": "TikTok",
    "whatsapp": "WhatsApp",
    "tokopedia": "Tokopedia",
    "shopee": "Shopee",
    "lazada": "Lazada",
    "blibli": "Blibli",
    "bukalapak": "Bukalapak",
    "lainnya": _("Lainnya"),
}
YES_NO = [("ya", _("Ya")), ("tidak", _("Tidak"))]
PROBLEMS = [
    ("bahan_baku", _("Bahan baku")),
    ("pemasaran", _("Pemasaran")),
    ("permodalan", _("Permodalan")),
    ("sdm", _("Sumber daya manusia")),
    ("teknologi", _("Teknologi")),
    ("perizinan", _("Perizinan")),
    ("kemasan", _("Kemasan")),
]
PROGRAMMES = [
    ("bimtek", _("Bimbingan teknis")),
    ("workshop", _("Workshop")),
    ("sertifikasi", _("Sertifikasi")),
    ("restrukturisasi_mesin", _("Restrukturisasi mesin")),
    ("pameran_dalam_negeri", _("Pameran dalam negeri")),
    ("pameran_luar_negeri", _("Pameran luar negeri")),
    ("magang", _("Magang")),
    ("desain_merek_kemasan", _("Desain merek dan kemasan")),
    ("hki", _("Hak kekayaan intelektual")),
    ("temu_bisnis", _("Temu bisnis")),
]
TRAININGS = [
    ("pembiayaan", _("Pembiayaan")),
    ("bahan_baku", _("Bahan baku")),
    ("pemasaran", _("Pemasaran")),
    ("produksi", _("Produksi")),
    ("sdm", _("Sumber daya manusia")),
    ("teknologi", _("Teknologi")),
    ("desain", _("Desain")),
    ("cppb", _("Cara produksi pangan yang baik (CPPB/GMP)")),
    ("kemasan", _("Kemasan")),
]


class StoreLinksForm(forms.Form):
    """One optional text field per store kind (an address or a handle such as @batikkartini)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in STORE_LINK_KEYS:
            self.fields[f"store_{key}"] = forms.CharField(
                label=STORE_LABELS.get(key, key), required=False, max_length=300
            )

    def clean(self):
        cleaned = super().clean()
        for key in STORE_LINK_KEYS:
            value = cleaned.get(f"store_{key}")
            if value:
                try:
                    validate_store_link(key, value)
                except ValidationError as error:
                    self.add_error(f"store_{key}", error)
        return cleaned

    @classmethod
    def initial_from(cls, links: dict) -> dict:
        return {f"store_{k}": v for k, v in (links or {}).items()}

    def raw_links(self) -> dict:
        """The links as posted, for IkmForm to check (and refuse) when this form is not valid."""
        return {
            key: str(self.data.get(f"store_{key}", ""))[:300]
            for key in STORE_LINK_KEYS
            if str(self.data.get(f"store_{key}", "")).strip()
        }

    def links(self) -> dict:
        return {
            key: self.cleaned_data[f"store_{key}"]
            for key in STORE_LINK_KEYS
            if self.cleaned_data.get(f"store_{key}")
        }


def _multi(label, choices):
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class NeedsForm(forms.Form):
    """The e-Smart IKM needs survey."""

    online_admin = forms.ChoiceField(
        label=_("Apakah administrasi usaha sudah dilakukan secara daring?"),
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    bookkeeping = forms.ChoiceField(
        label=_("Apakah usaha sudah memiliki pembukuan?"),
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    problems = _multi(_("Masalah utama usaha"), PROBLEMS)
    programmes_attended = _multi(_("Program yang pernah diikuti"), PROGRAMMES)
    programmes_wanted = _multi(_("Program yang diinginkan"), PROGRAMMES)
    trainings_wanted = _multi(_("Pelatihan yang diinginkan"), TRAININGS)

    @classmethod
    def initial_from(cls, needs: dict) -> dict:
        needs = needs or {}
        initial = {
            k: needs.get(k)
            for k in ("problems", "programmes_attended", "programmes_wanted", "trainings_wanted")
        }
        for key in ("online_admin", "bookkeeping"):
            if isinstance(needs.get(key), bool):
                initial[key] = "ya" if needs[key] else "tidak"
        return initial

    def needs(self) -> dict:
        data = self.cleaned_data
        out: dict = {}
        for key in ("online_admin", "bookkeeping"):
            if data.get(key):
                out[key] = data[key] == "ya"
        for key in ("problems", "programmes_attended", "programmes_wanted", "trainings_wanted"):
            out[key] = list(data.get(key) or [])
        return out
