"""Reminder emails, with a signed one-click unsubscribe link that needs no login."""

import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

log = logging.getLogger("spasmcare.reminders")
UNSUBSCRIBE_SALT = "spasmcare.reminders.unsubscribe"


def unsubscribe_token(user) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=UNSUBSCRIBE_SALT, compress=True)


def user_for_token(token: str):
    from django.contrib.auth import get_user_model

    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    # The address is part of the token, so a link stops working if the account's email changes.
    return get_user_model().objects.filter(pk=data.get("u"), email=data.get("e")).first()


def unsubscribe_url(user) -> str:
    return settings.SITE_URL + reverse("unsubscribe", args=[unsubscribe_token(user)])


def send_reminder(user, message: dict) -> bool:
    """Send one reminder email; False (and a log line) when the mail server refuses."""
    context = {
        "user": user,
        "message": message,
        "play_url": settings.SITE_URL + message["url"],
        "settings_url": settings.SITE_URL + reverse("reminders"),
        "unsubscribe_url": unsubscribe_url(user),
    }
    email = EmailMultiAlternatives(
        subject=message["title"],
        body=render_to_string("reminders/email.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    email.attach_alternative(render_to_string("reminders/email.html", context), "text/html")
    try:
        email.send()
    except Exception:  # any transport error: logged, and the sender retries later
        log.warning("Reminder email to user %s failed", user.pk, exc_info=True)
        return False
    return True
