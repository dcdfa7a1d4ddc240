"""Forms of curation, used by the admin (and by pages when they come). They only validate input;
saving goes through curation.actions, never `form.save()`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from smartikm.catalog.models import Product
from smartikm.curation.choices import RoundState
from smartikm.curation.models import ROUND_FIELDS, Entry, Round, Rubric


class RoundForm(forms.ModelForm):
    """A round's name, purpose, schedule and scope; on creation, the rubric whose criteria are copied."""

    rubric = forms.ModelChoiceField(
        queryset=Rubric.objects.filter(is_active=True),
        required=False,
        label=_("salin kriteria dari rubrik"),
        help_text=_("Kosong: rubrik kurasi bawaan."),
    )

    class Meta:
        model = Round
        fields = [*ROUND_FIELDS, "categories", "provinces", "rubric"]


class NominationForm(forms.ModelForm):
    """Enter a product into an open round."""

    round = forms.ModelChoiceField(queryset=Round.objects.filter(state=RoundState.OPEN), label=_("seleksi"))
    product = forms.ModelChoiceField(
        queryset=Product.objects.select_related("producer__ikm", "producer__organisation"),
        label=_("produk"),
        widget=forms.NumberInput,
    )

    class Meta:
        model = Entry
        fields = ["round", "product", "note"]


class DecisionAdminForm(forms.ModelForm):
    """The decision and its written feedback; plan items are entered in the rows below it."""

    class Meta:
        model = Entry
        fields = ["decision", "feedback"]
