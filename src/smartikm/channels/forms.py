"""Forms of the hub: the channel's required attributes for one product, and a store link."""

from django import forms
from django.utils.translation import gettext_lazy as _

from smartikm.channels.models import CategoryMapping


class AttributeForm(forms.Form):
    """One field per attribute the channel requires in the product's category."""

    def __init__(self, *args, mapping: CategoryMapping, initial_values: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_values = initial_values or {}
        for attr in mapping.required_attributes or []:
            key = str(attr["id"])
            current = initial_values.get(key)
            current = current[0] if isinstance(current, list) and current else current
            field: forms.Field
            if attr.get("values"):
                choices = [("", "—")] + [(str(v["id"]), v["name"]) for v in attr["values"]]
                field = forms.ChoiceField(label=attr.get("name", key), choices=choices, required=True)
            else:
                field = forms.CharField(label=attr.get("name", key), max_length=200, required=True)
            field.initial = current
            self.fields[f"attr_{key}"] = field

    def values(self) -> dict[str, list[str]]:
        return {name.removeprefix("attr_"): [value] for name, value in self.cleaned_data.items() if value}


class StoreLinkForm(forms.Form):
    url = forms.URLField(label=_("Tautan halaman produk di toko Anda"), max_length=200, assume_scheme="https")
