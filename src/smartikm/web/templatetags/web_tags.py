"""Small template helpers shared by the public and self-service pages."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from smartikm.accounts import permissions as account_permissions
from smartikm.accounts.capabilities import Capability
from smartikm.registry.permissions import can_use_officer_desk

register = template.Library()

# Same escapes as Django's json_script: text inside <script> must not be able to close the tag.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (pagination keeps the filters)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, "", 1) and key == "page":
            params.pop(key, None)  # page 1 is the bare URL: one canonical address per page
        elif value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = urlencode(sorted(params.lists()), doseq=True)
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def loc(obj, field: str) -> str:
    """`name_en` when the page is in English and the English text exists, else `name_id`."""
    if (get_language() or "id").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, f"{field}_id", "")


@register.filter
def is_officer(user) -> bool:
    """Provincial officers and ministry administrators get the verification desk in the menu."""
    return bool(user and user.is_authenticated) and can_use_officer_desk(user)


@register.filter
def can_manage_memberships(user) -> bool:
    """Ministry administrators get the roles page in the menu."""
    return bool(user and user.is_authenticated) and account_permissions.can_manage_memberships(user)


@register.filter
def can_see_scheduled_jobs(user) -> bool:
    """Ministry administrators get the scheduled jobs page in the menu."""
    return bool(user and user.is_authenticated) and account_permissions.has_capability(
        user, Capability.SEE_SCHEDULED_JOBS
    )


@register.filter
def web_link(value) -> str:
    """A store link only when it is an http(s) address; anything else (handles, javascript:) is text."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("https://", "http://")) else ""


@register.simple_tag
def json_ld(data) -> str:
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.filter
def rupiah(value) -> str:
    """Integer rupiah with dots for thousands, as Indonesians write it: Rp 450.000."""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return ""
    return "Rp\u00a0" + f"{amount:,}".replace(",", ".")


@register.filter
def is_upt_officer(user) -> bool:
    """UPT officers get their unit's warga binaan pages in the menu."""
    return bool(user and user.is_authenticated) and bool(account_permissions.officer_upt_ids(user))
