"""Creating an account by email, so that the sign-up page answers the same whether or not the
address already has an account (saying so would tell anyone that the address uses a back-pain
app), and so that the password comes from whoever holds the mailbox.

The sign-up page asks only for the address. Both answers are "check your email": a new address
gets a link; an address that has an account gets a note saying so, with links to log in or
reset the password. The link opens a page that asks for a password and creates the account:
someone who signs up another person's address can't choose the password, so they can never log
in to the account the owner goes on to use. Nothing is stored until then: the link carries the
address, time zone, the language the page was in (the account's language) and the page to
return to, sealed (spasmcare/core/tokens.py), and expires with
password-reset links (PASSWORD_RESET_TIMEOUT, seconds). A link made before an account at that
address was deleted never creates it again (DeletedAccount).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from spasmcare.core import tokens
from spasmcare.core.languages import account_language, supported

from . import mail, throttle
from .models import DeletedAccount, User

log = logging.getLogger("spasmcare.accounts")

PURPOSE = "signup"


def make_token(email: str, timezone_name: str, next_url: str, language: str | None = None) -> str:
    data = {"e": email, "tz": timezone_name, "n": next_url, "l": language or translation.get_language()}
    return tokens.seal(PURPOSE, data)


def read_token(token: str) -> tuple[dict, object] | None:
    """({"e": email, "tz": zone, "n": next address, "l": language code}, when the link was made),
    or None when the link is altered, made with another SECRET_KEY, or expired. Links made before
    languages have no "l" (the account is then English)."""
    opened = tokens.unseal(PURPOSE, token, settings.PASSWORD_RESET_TIMEOUT)
    if opened is None or not {"e", "tz", "n"} <= opened[0].keys():
        return None
    return opened


def send_signup_email(email: str, timezone_name: str, next_url: str) -> None:
    """Email a link that creates the account (in the active language, which the account will
    keep), or, for an address that has one, a note saying so (in that account's language). A few
    an hour per address at most, silently; sent off the request path (accounts/mail.py)."""
    if throttle.blocked_for(throttle.SIGNUP_PER_ACCOUNT, email):
        return
    throttle.record(throttle.SIGNUP_PER_ACCOUNT, email)
    context = {
        "email": email,
        "site_url": settings.SITE_URL,
        "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        with translation.override(account_language(existing)):
            subject = _("You already have a SpasmCare account")
            body = render_to_string("accounts/email/signup_exists.txt", context)
    else:
        token = make_token(email, timezone_name, next_url)
        context["link"] = settings.SITE_URL + reverse("signup_confirm", args=[token])
        subject = _("Finish creating your SpasmCare account")
        body = render_to_string("accounts/email/signup_confirm.txt", context)
    mail.send(EmailMessage(subject=subject, body=body, to=[email]))


def _digest(email: str) -> str:
    return salted_hmac("spasmcare.accounts.deleted", email.strip().lower(), algorithm="sha256").hexdigest()


def account_deleted(sender, instance: User, **kwargs) -> None:
    """post_delete receiver: remember (as a digest) when the account at this address went."""
    now = timezone.now()
    DeletedAccount.objects.filter(
        deleted_at__lt=now - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    ).delete()
    DeletedAccount.objects.update_or_create(
        email_digest=_digest(instance.email), defaults={"deleted_at": now}
    )


def deleted_since(email: str, moment) -> bool:
    """Whether an account at `email` was deleted after `moment` (when a link was made)."""
    return DeletedAccount.objects.filter(email_digest=_digest(email), deleted_at__gte=moment).exists()


def create_account(data: dict, password: str) -> User | None:
    """The account a confirmed link asks for, with the password chosen on the link's page; None
    if the address has one by now."""
    if User.objects.filter(email__iexact=data["e"]).exists():
        return None
    user = User(
        email=data["e"], timezone=data["tz"], language=supported(data.get("l")) or settings.LANGUAGE_CODE
    )
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same link used twice at the same moment
        return None
    return user
