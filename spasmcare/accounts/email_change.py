"""Changing the address an account uses, so that a stolen session can't take the account over.

Asking needs the current password; the change happens only when a link sent to the new address
is opened (so the person holds that mailbox); the answer on the page is the same whether or not
the new address has an account (that address gets a note instead of a link); and the old
address is told, with a link that puts it back, signs every device out and asks for a new
password (whoever changed it knew the old one).

Links are sealed (spasmcare/core/tokens.py). A change link also stops working once the account's
address or password changes; an undo link once the address has moved on again.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from spasmcare.core import tokens
from spasmcare.core.languages import account_language

from . import mail, throttle
from .models import User

CHANGE, UNDO = "email-change", "email-undo"
# The old address may not be read every day; a week to notice and undo.
UNDO_VALID = timedelta(days=7)


def _fingerprint(user: User) -> str:
    return salted_hmac(
        "spasmcare.accounts.email_change", f"{user.email}|{user.password}", algorithm="sha256"
    ).hexdigest()[:20]


def _send(user: User, subject: str, template: str, to: str, context: dict) -> None:
    """Mail about `user`'s account, written (subject, text, links) in the account's language."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(account_language(user)):
        body = render_to_string(template, context)
        mail.send(EmailMessage(subject=str(subject), body=body, to=[to]))


def request_change(user: User, new_email: str) -> None:
    """Email the new address a link that makes the change, or a note if it has an account.
    A few an hour per account at most, silently."""
    if throttle.blocked_for(throttle.EMAIL_CHANGE_PER_ACCOUNT, user.email):
        return
    throttle.record(throttle.EMAIL_CHANGE_PER_ACCOUNT, user.email)
    context = {"email": new_email, "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        _send(
            user,
            _("This address already has a SpasmCare account"),
            "accounts/email/email_change_in_use.txt",
            new_email,
            context,
        )
        return
    token = tokens.seal(CHANGE, {"u": user.pk, "old": user.email, "new": new_email, "f": _fingerprint(user)})
    with translation.override(account_language(user)):
        context["link"] = settings.SITE_URL + reverse("email_change_confirm", args=[token])
    _send(
        user,
        _("Confirm your new email for SpasmCare"),
        "accounts/email/email_change_confirm.txt",
        new_email,
        context,
    )


def read_change(token: str) -> tuple[User, str] | None:
    """(the account, its new address) for a change link that still applies, else None."""
    opened = tokens.unseal(CHANGE, token, settings.PASSWORD_RESET_TIMEOUT)
    if opened is None:
        return None
    data = opened[0]
    user = User.objects.filter(pk=data.get("u"), email=data.get("old")).first()
    if user is None or not constant_time_compare(_fingerprint(user), str(data.get("f"))):
        return None
    return user, data["new"]


def apply_change(user: User, new_email: str) -> bool:
    """Move the account to `new_email` and tell the old address, with a link to undo. False
    when another account took the address in the meantime."""
    old_email = user.email
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        return False
    user.email = new_email
    try:
        with transaction.atomic():
            user.save(update_fields=["email"])
    except IntegrityError:
        user.email = old_email
        return False
    undo = tokens.seal(UNDO, {"u": user.pk, "old": old_email, "new": new_email})
    with translation.override(account_language(user)):
        undo_link = settings.SITE_URL + reverse("email_change_undo", args=[undo])
    _send(
        user,
        _("Your SpasmCare email was changed"),
        "accounts/email/email_changed.txt",
        old_email,
        {
            "old_email": old_email,
            "new_email": new_email,
            "undo_link": undo_link,
            "valid_days": UNDO_VALID.days,
        },
    )
    return True


def read_undo(token: str) -> tuple[User, str] | None:
    """(the account, the address to put back) for an undo link that still applies, else None."""
    opened = tokens.unseal(UNDO, token, int(UNDO_VALID.total_seconds()))
    if opened is None:
        return None
    data = opened[0]
    user = User.objects.filter(pk=data.get("u"), email=data.get("new")).first()
    return (user, data["old"]) if user else None


def undo_change(user: User, old_email: str) -> str | None:
    """Put `old_email` back, end every session (the password is made unusable) and return the
    address of a page to choose a new password; None if another account uses it by now."""
    if User.objects.filter(email__iexact=old_email).exclude(pk=user.pk).exists():
        return None
    user.email = old_email
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "password"])
    except IntegrityError:
        return None
    throttle.clear_account(old_email)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)])
