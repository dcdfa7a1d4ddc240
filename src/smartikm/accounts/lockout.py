"""The answer to a login refused because of too many failures (django-axes calls `lockout_response`),
and unlocking.

The page says, in Indonesian, until when the username is locked for this address; the response is 429
with Retry-After, and the lockout is logged (username and address: an operator needs both to tell an
attack from a forgetful user)."""

import logging
import math

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.db.models import Max
from django.shortcuts import render
from django.utils import timezone

from smartikm.core.throttle import client_ip

logger = logging.getLogger("smartikm.accounts.lockout")


def locked_until(username: str | None, ip_address: str):
    """When the lockout of `username` from `ip_address` ends (from its last counted failure)."""
    last = AccessAttempt.objects.filter(username=username, ip_address=ip_address).aggregate(
        last=Max("attempt_time")
    )["last"]
    return (last or timezone.now()) + get_cool_off()


def lockout_response(request, original_response=None, credentials=None):
    username = get_client_username(request, credentials)
    ip_address = getattr(request, "axes_ip_address", None) or client_ip(request)
    until = locked_until(username, ip_address)
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds()))
    logger.warning(
        "Login locked out: username=%r ip=%s path=%s until=%s",
        username,
        ip_address,
        request.path,
        until.isoformat(),
    )
    response = render(
        request,
        "accounts/lockout.html",
        {"until": until, "minutes": math.ceil(seconds / 60), "username": username},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
