"""Slowing down password guessing and form abuse, shared by every app process.

Each rule allows `limit` attempts per `window` for one key (the address a request comes from,
or an account's email together with that address). Log-in guesses are never counted against an
account alone: then anyone could keep its owner out by guessing wrong on purpose. One address
guessing at one account is slowed down, one address guessing at many accounts is slowed down,
and windows end by themselves. A successful log-in, or a completed password reset, clears every
count for the account, so its owner always has a way in.

Many honest people can share one address (a mobile carrier's, a care home's Wi-Fi), so a
browser that has logged in to an account before carries a device cookie for it (OWASP's
"device cookies"): its log-ins to that account are limited on their own (LOGIN_PER_DEVICE) and
never by the limits of the address, so credential stuffing from that address locks out nobody
who has logged in there before. A new browser behind a blocked address can still get in at once
through a password reset, which logs in and remembers the browser.
"""

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import ngettext

from .models import Throttle


@dataclass(frozen=True)
class Rule:
    name: str
    limit: int
    window: timedelta


# Keyed on (email, address): see blocked_for(rule, email, address).
LOGIN_PER_ACCOUNT_AND_ADDRESS = Rule("login-account-ip", 5, timedelta(minutes=15))
LOGIN_PER_ADDRESS = Rule("login-ip", 30, timedelta(minutes=15))
SIGNUP_PER_ADDRESS = Rule("signup-ip", 10, timedelta(hours=1))
SIGNUP_PER_ACCOUNT = Rule("signup-account", 3, timedelta(hours=1))
RESET_PER_ACCOUNT = Rule("reset-account", 3, timedelta(hours=1))
RESET_PER_ADDRESS = Rule("reset-ip", 10, timedelta(hours=1))
EMAIL_CHANGE_PER_ACCOUNT = Rule("email-change-account", 3, timedelta(hours=1))
# Keyed on (device cookie, email).
LOGIN_PER_DEVICE = Rule("login-device", 5, timedelta(minutes=15))

DEVICE_COOKIE = "spasmcare_device"
DEVICE_COOKIE_SALT = "spasmcare.accounts.device"
DEVICE_COOKIE_AGE = timedelta(days=365)
# Accounts one browser remembers (a shared phone): the oldest is forgotten first.
DEVICE_ACCOUNTS = 5


def client_ip(request) -> str:
    """The caller's address; behind N trusted proxies, the Nth address from the right of
    X-Forwarded-For (anything further left can be forged by the client)."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _digest(value: str) -> str:
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:40]


def _key(rule: Rule, *values: str) -> str:
    # One digest per value, so every key of one account shares a prefix (see clear_account).
    return ":".join([rule.name, *(_digest(v) for v in values)])


def blocked_for(rule: Rule, *values: str) -> timedelta | None:
    """How long until `values` (e.g. an address, or an email and an address) may try again
    under `rule`, or None if they may now."""
    now = timezone.now()
    row = (
        Throttle.objects.filter(key=_key(rule, *values), window_ends__gt=now)
        .values("count", "window_ends")
        .first()
    )
    if row and row["count"] >= rule.limit:
        return row["window_ends"] - now
    return None


def record(rule: Rule, *values: str) -> None:
    """Count one attempt: one atomic UPDATE in the common case."""
    key, now = _key(rule, *values), timezone.now()
    with transaction.atomic():
        if Throttle.objects.filter(key=key, window_ends__gt=now).update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                Throttle.objects.update_or_create(
                    key=key, defaults={"count": 1, "window_ends": now + rule.window}
                )
        except IntegrityError:  # another process created it a moment ago
            Throttle.objects.filter(key=key).update(count=F("count") + 1)


def clear(rule: Rule, *values: str) -> None:
    Throttle.objects.filter(key=_key(rule, *values)).delete()


def clear_account(email: str) -> None:
    """Forget every failed log-in counted against this account, from any address: its owner
    has just proved who they are (logged in, or set a new password from a reset email)."""
    Throttle.objects.filter(key__startswith=_key(LOGIN_PER_ACCOUNT_AND_ADDRESS, email) + ":").delete()


def wait_message(wait: timedelta) -> str:
    minutes = max(1, round(wait.total_seconds() / 60))
    return ngettext(
        "Too many attempts. Please wait %(minutes)d minute and try again.",
        "Too many attempts. Please wait %(minutes)d minutes and try again.",
        minutes,
    ) % {"minutes": minutes}


def _device_cookie(request) -> dict | None:
    value = request.get_signed_cookie(
        DEVICE_COOKIE, default=None, salt=DEVICE_COOKIE_SALT, max_age=DEVICE_COOKIE_AGE
    )
    try:
        data = json.loads(value) if value else None
    except ValueError:
        return None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("n"), str)
        or not isinstance(data.get("a"), list)
    ):
        return None
    return data


def trusted_device(request, email: str) -> str | None:
    """This browser's device id if it has logged in to `email`'s account before, else None."""
    data = _device_cookie(request)
    return data["n"] if data and _digest(email) in data["a"] else None


def remember_device(request, response, email: str) -> None:
    """Mark this browser as one that logged in to `email`'s account (see the module's notes)."""
    data = _device_cookie(request) or {"n": secrets.token_urlsafe(16), "a": []}
    accounts = [a for a in data["a"] if a != _digest(email)] + [_digest(email)]
    data["a"] = accounts[-DEVICE_ACCOUNTS:]
    response.set_signed_cookie(
        DEVICE_COOKIE,
        json.dumps(data, separators=(",", ":")),
        salt=DEVICE_COOKIE_SALT,
        max_age=int(DEVICE_COOKIE_AGE.total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
