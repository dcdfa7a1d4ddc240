"""Sign up with e-mail confirmation (a signed, expiring link), log in and log out."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartikm.accounts.forms import SignupForm
from smartikm.accounts.models import User

CONFIRM_SALT = "smartikm.accounts.confirm-email"
CONFIRM_MAX_AGE = 3 * 24 * 3600  # three days: long enough for a shared phone, short enough to expire


def confirmation_token(user: User) -> str:
    # The address is signed too, so a link stops working if the address changes before it is used.
    return signing.dumps({"u": user.pk, "e": user.email}, salt=CONFIRM_SALT, compress=True)


def _send_confirmation(request, user: User) -> None:
    link = request.build_absolute_uri(reverse("accounts:confirm", args=[confirmation_token(user)]))
    body = _(
        "Halo %(name)s,\n\nTerima kasih telah mendaftar di e-Smart IKM. Buka tautan berikut untuk "
        "mengaktifkan akun Anda (berlaku 3 hari):\n\n%(link)s\n\nAbaikan e-mail ini jika Anda tidak "
        "mendaftar.\n\nSalam,\ne-Smart IKM"
    ) % {"name": user.first_name or user.username, "link": link}
    send_mail(_("Konfirmasi akun e-Smart IKM"), body, settings.DEFAULT_FROM_EMAIL, [user.email])


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("registry:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save(commit=False)
            user.is_active = False
            user.save()
        _send_confirmation(request, user)
        return render(request, "accounts/signup_done.html", {"email": user.email})
    return render(request, "accounts/signup.html", {"form": form})


def confirm(request, token: str):
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        user = User.objects.get(pk=data["u"], email=data["e"])
    except (signing.BadSignature, User.DoesNotExist, KeyError, TypeError):
        return render(request, "accounts/confirm_failed.html", status=400)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("E-mail terkonfirmasi. Selamat datang di e-Smart IKM!"))
    return redirect("registry:dashboard")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass
