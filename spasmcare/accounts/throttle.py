"""Slowing down password guessing and form abuse, shared by every app process.

Each rule allows `limit` attempts per `window` for one key (an account's email, or the address
a request comes from). Windows end by themselves, so the real owner is never locked out for
good, and a successful log-in clears the account's count.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import Throttle


@dataclass(frozen=True)
class Rule:
    name: str
    limit: int
    window: timedelta


LOGIN_PER_ACCOUNT = Rule("login-account", 5, timedelta(minutes=15))
LOGIN_PER_ADDRESS = Rule("login-ip", 30, timedelta(minutes=15))
SIGNUP_PER_ADDRESS = Rule("signup-ip", 10, timedelta(hours=1))
RESET_PER_ACCOUNT = Rule("reset-account", 3, timedelta(hours=1))
RESET_PER_ADDRESS = Rule("reset-ip", 10, timedelta(hours=1))


def client_ip(request) -> str:
    """The caller's address; behind N trusted proxies, the Nth address from the right of
    X-Forwarded-For (anything further left can be forged by the client)."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _key(rule: Rule, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:40]
    return f"{rule.name}:{digest}"


def blocked_for(rule: Rule, value: str) -> timedelta | None:
    """How long until `value` may try again under `rule`, or None if it may now."""
    now = timezone.now()
    row = Throttle.objects.filter(key=_key(rule, value), window_ends__gt=now).values("count", "window_ends").first()
    if row and row["count"] >= rule.limit:
        return row["window_ends"] - now
    return None


def record(rule: Rule, value: str) -> None:
    """Count one attempt: one atomic UPDATE in the common case."""
    key, now = _key(rule, value), timezone.now()
    with transaction.atomic():
        if Throttle.objects.filter(key=key, window_ends__gt=now).update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                Throttle.objects.update_or_create(key=key, defaults={"count": 1, "window_ends": now + rule.window})
        except IntegrityError:  # another process created it a moment ago
            Throttle.objects.filter(key=key).update(count=F("count") + 1)


def clear(rule: Rule, value: str) -> None:
    Throttle.objects.filter(key=_key(rule, value)).delete()


def wait_message(wait: timedelta) -> str:
    minutes = max(1, round(wait.total_seconds() / 60))
    return f"Too many attempts. Please wait {minutes} minute{'s' if minutes != 1 else ''} and try again."
