"""Self-service sign-up: a Django user with an e-mail address that must be confirmed."""

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from smartikm.accounts.models import User


class SignupForm(UserCreationForm):
    """Username, e-mail and password. The account stays inactive until the e-mail link is opened."""

    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("Kami kirim tautan konfirmasi ke alamat ini."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    first_name = forms.CharField(label=_("Nama lengkap"), max_length=150, required=False)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "email")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        # One account per address: the confirmation link proves ownership of exactly one account.
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Alamat e-mail ini sudah dipakai akun lain."))
        return email
