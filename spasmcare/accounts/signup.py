"""Creating an account by email, so the sign-up page answers the same whether or not the
address already has an account (saying so would tell anyone that the address uses a back-pain
app).

Both answers are "check your email". A new address gets a link that creates the account; an
address that already has one gets a note saying so, with links to log in or reset the
password. Nothing is stored until the link is used: the link carries what was entered (the
password already hashed), encrypted and signed with a key derived from SECRET_KEY, and expires
with password-reset links (PASSWORD_RESET_TIMEOUT, seconds).
"""

import base64
import json
import logging

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import salted_hmac

from . import throttle
from .models import User

log = logging.getLogger("spasmcare.accounts")


def _fernet() -> Fernet:
    key = salted_hmac("spasmcare.accounts.signup", "link key", algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(key))


def make_token(email: str, password: str, timezone: str, next_url: str) -> str:
    data = {"e": email, "p": make_password(password), "tz": timezone, "n": next_url}
    return _fernet().encrypt(json.dumps(data).encode()).decode()


def read_token(token: str) -> dict | None:
    """What was entered at sign-up ({"e": email, "p": password hash, "tz": zone, "n": next
    address}), or None when the link is altered, made with another SECRET_KEY, or expired."""
    try:
        data = json.loads(_fernet().decrypt(token.encode(), ttl=settings.PASSWORD_RESET_TIMEOUT))
    except (InvalidToken, ValueError, UnicodeError):
        return None
    return data if isinstance(data, dict) and {"e", "p", "tz", "n"} <= data.keys() else None


def send_signup_email(email: str, password: str, timezone: str, next_url: str) -> None:
    """Email a link that creates the account, or, for an address that has one, a note saying so.
    A few an hour per address at most, silently. Raises what the mail transport raises."""
    if throttle.blocked_for(throttle.SIGNUP_PER_ACCOUNT, email):
        return
    throttle.record(throttle.SIGNUP_PER_ACCOUNT, email)
    # Made either way (hashing the password is the slow part), so the time the answer takes
    # doesn't tell whether the address has an account either.
    token = make_token(email, password, timezone, next_url)
    context = {
        "email": email,
        "site_url": settings.SITE_URL,
        "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    if User.objects.filter(email__iexact=email).exists():
        subject = "You already have a SpasmCare account"
        body = render_to_string("accounts/email/signup_exists.txt", context)
    else:
        context["link"] = settings.SITE_URL + reverse("signup_confirm", args=[token])
        subject = "Finish creating your SpasmCare account"
        body = render_to_string("accounts/email/signup_confirm.txt", context)
    EmailMessage(subject=subject, body=body, to=[email]).send()


def create_account(data: dict) -> User | None:
    """The account a confirmed link asks for, or None if the address has one by now."""
    if User.objects.filter(email__iexact=data["e"]).exists():
        return None
    user = User(email=data["e"], password=data["p"], timezone=data["tz"])
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same link used twice at the same moment
        return None
    return user
