"""Sign up with e-mail confirmation (a signed, expiring link) and ask for it again, log in and log
out, change the password; API tokens issued and revoked by their owners and by ministry
administrators; the roles page where ministry administrators grant and revoke roles."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from smartikm.accounts import actions
from smartikm.accounts.capabilities import Capability, role_of
from smartikm.accounts.forms import (
    GrantRoleForm,
    IssueTokenForOtherForm,
    ResendConfirmationForm,
    SignupForm,
    TokenForm,
    apply_errors,
)
from smartikm.accounts.models import ApiToken, Membership
from smartikm.accounts.permissions import can_manage_memberships, has_capability


def _confirm_link(request):
    """Absolute confirmation links for this site (the mail is read outside the browser)."""
    return lambda token: request.build_absolute_uri(reverse("accounts:confirm", args=[token]))


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
                confirm_link=_confirm_link(request),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return render(request, "accounts/signup_done.html", {"email": user.email})
    return render(request, "accounts/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def resend_confirmation(request):
    """Send the confirmation link again. The answer is the same whether or not an account awaits
    confirmation at that address, so the page does not reveal who has an account."""
    form = ResendConfirmationForm(request.POST or None, initial={"email": request.GET.get("email", "")[:254]})
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        actions.resend_confirmation(email, confirm_link=_confirm_link(request))
        return render(request, "accounts/resend_done.html", {"email": email})
    return render(request, "accounts/resend.html", {"form": form})


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


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change (old password, new password twice, the password validators)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


# API tokens ----------------------------------------------------------------------------------------

TOKENS_PER_PAGE = 25


def _issued(request, token: ApiToken, raw: str):
    # The raw token is on this one page only: never stored, and never cached (the views calling this
    # are never_cache).
    return render(request, "accounts/token_issued.html", {"token": token, "raw": raw})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    """The signed-in user's API tokens, and a form to issue a new one."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = actions.issue_token(
                request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                areas=form.cleaned_data["areas"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _issued(request, token, raw)
    rows = ApiToken.objects.filter(user=request.user).order_by("revoked_at", "-created_at")
    page = Paginator(rows, TOKENS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "page": page,
            "manage_any": has_capability(request.user, Capability.MANAGE_ANY_API_TOKEN),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def all_tokens(request):
    """Every API token (ministry administrators): search, revoke, issue for another account."""
    if not has_capability(request.user, Capability.MANAGE_ANY_API_TOKEN):
        raise PermissionDenied(
            _("Hanya administrator kementerian yang dapat mengelola token API semua pengguna.")
        )
    form = IssueTokenForOtherForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = actions.issue_token(
                form.cleaned_data["username"],
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                areas=form.cleaned_data["areas"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _issued(request, token, raw)
    # NUL cannot even be compared on PostgreSQL: dropped rather than answered with an error.
    query = (request.GET.get("q") or "").replace("\x00", "").strip()[:ROLES_QUERY_MAX]
    rows = ApiToken.objects.select_related("user").order_by("revoked_at", "-created_at")
    if query:
        rows = rows.filter(Q(user__username__icontains=query) | Q(name__icontains=query) | Q(prefix=query))
    page = Paginator(rows, TOKENS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "accounts/tokens_all.html", {"form": form, "page": page, "query": query})


@login_required
@require_http_methods(["GET", "POST"])
def revoke_token(request, pk: int):
    """Ask first (GET), then revoke (POST). Somebody else's token is not found (404) unless the user
    manages every token."""
    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=pk)
    if not actions.may_manage_tokens_of(request.user, token.user):
        raise Http404
    back = "accounts:tokens" if token.user_id == request.user.pk else "accounts:all_tokens"
    if request.method == "POST":
        actions.revoke_token(token, actor=request.user)
        messages.success(request, _("Token dicabut: %(token)s.") % {"token": token})
        return redirect(back)
    return render(request, "accounts/token_revoke_confirm.html", {"token": token, "back": back})


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
