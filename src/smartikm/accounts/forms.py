"""Self-service sign-up: a Django user with an e-mail address that must be confirmed."""

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from smartikm.accounts.choices import ApiArea, Role, TokenScope
from smartikm.accounts.models import Organisation, User


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


def apply_errors(form, exc) -> None:
    """Show an action's ValidationError on the form: per field when it names one, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class GrantRoleForm(forms.Form):
    """Grant a role on the roles page: whose (username), where (organisation) and which role."""

    username = forms.CharField(label=_("Nama pengguna"), max_length=150)
    organisation = forms.ModelChoiceField(
        label=_("Organisasi"), queryset=Organisation.objects.filter(is_active=True).order_by("name")
    )
    role = forms.ChoiceField(label=_("Peran"), choices=Role.choices)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise forms.ValidationError(_("Tidak ada pengguna dengan nama ini."))
        return user


class ResendConfirmationForm(forms.Form):
    """Ask for the confirmation e-mail again (the first one was lost, or expired)."""

    email = forms.EmailField(
        label=_("E-mail yang dipakai saat mendaftar"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class TokenForm(forms.Form):
    """Issue an API token: a name to recognise it by, read-only or read-write, all or some API areas."""

    name = forms.CharField(
        label=_("Nama token"),
        max_length=100,
        help_text=_('Untuk mengenali token ini nanti, mis. "sistem kasir toko".'),
    )
    scope = forms.ChoiceField(
        label=_("Cakupan"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
    )
    areas = forms.MultipleChoiceField(
        label=_("Bagian API"),
        choices=ApiArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kosongkan untuk semua bagian API."),
    )


class IssueTokenForOtherForm(TokenForm):
    """Administrators issue a token for another account (a partner system's account)."""

    username = forms.CharField(label=_("Nama pengguna pemilik token"), max_length=150)
    field_order = ["username", "name", "scope", "areas"]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise forms.ValidationError(_("Tidak ada pengguna dengan nama ini."))
        return user
