"""Sign up with e-mail confirmation (a signed, expiring link), log in and log out; the roles page
where ministry administrators grant and revoke roles."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartikm.accounts import actions
from smartikm.accounts.capabilities import role_of
from smartikm.accounts.forms import GrantRoleForm, SignupForm, apply_errors
from smartikm.accounts.models import Membership, User
from smartikm.accounts.permissions import can_manage_memberships


def _send_confirmation(request, user: User) -> None:
    link = request.build_absolute_uri(reverse("accounts:confirm", args=[actions.confirmation_token(user)]))
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
        try:
            user = actions.sign_up(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                first_name=form.cleaned_data.get("first_name", ""),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            _send_confirmation(request, user)
            return render(request, "accounts/signup_done.html", {"email": user.email})
    return render(request, "accounts/signup.html", {"form": form})


def confirm(request, token: str):
    try:
        user = actions.confirm_email(token)
    except ValidationError:
        return render(request, "accounts/confirm_failed.html", status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("E-mail terkonfirmasi. Selamat datang di e-Smart IKM!"))
    return redirect("registry:dashboard")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


# Roles page (ministry administrators) -----------------------------------------------------------

ROLES_PER_PAGE = 25
ROLES_QUERY_MAX = 100


def _require_role_manager(request) -> None:
    if not can_manage_memberships(request.user):
        raise PermissionDenied(_("Hanya administrator kementerian yang dapat mengelola peran pengguna."))


@login_required
@require_http_methods(["GET", "POST"])
def roles(request):
    """Every membership, searchable by user or organisation, and a form to grant a new one."""
    _require_role_manager(request)
    form = GrantRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = actions.grant_role(
                form.cleaned_data["username"],
                form.cleaned_data["organisation"],
                form.cleaned_data["role"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Peran diberikan: %(membership)s.") % {"membership": membership})
            return redirect("accounts:roles")
    query = (request.GET.get("q") or "").strip()[:ROLES_QUERY_MAX]
    memberships = Membership.objects.select_related("user", "organisation").order_by(
        "organisation__name", "user__username", "role"
    )
    if query:
        memberships = memberships.filter(
            Q(user__username__icontains=query)
            | Q(user__first_name__icontains=query)
            | Q(user__last_name__icontains=query)
            | Q(organisation__name__icontains=query)
        )
    page = Paginator(memberships, ROLES_PER_PAGE).get_page(request.GET.get("page"))
    rows = [(m, role_of(m.organisation.kind, m.role)) for m in page]
    return render(request, "accounts/roles.html", {"form": form, "page": page, "rows": rows, "query": query})


@login_required
@require_http_methods(["GET", "POST"])
def revoke(request, pk: int):
    """Ask first (GET), then revoke (POST)."""
    _require_role_manager(request)
    membership = get_object_or_404(Membership.objects.select_related("user", "organisation"), pk=pk)
    if request.method == "POST":
        actions.revoke_role(membership, actor=request.user)
        messages.success(request, _("Peran dicabut: %(membership)s.") % {"membership": membership})
        return redirect("accounts:roles")
    return render(request, "accounts/revoke_confirm.html", {"membership": membership})
