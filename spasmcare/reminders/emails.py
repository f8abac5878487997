"""Reminder emails, with a sealed one-click unsubscribe link that needs no login."""

import email.policy
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from spasmcare.core import tokens
from spasmcare.core.languages import account_language

log = logging.getLogger("spasmcare.reminders")
UNSUBSCRIBE = "unsubscribe"
# Every reminder email carries a fresh link; an old one keeps working this long (mail providers
# may offer "unsubscribe" on a message weeks after it arrived).
UNSUBSCRIBE_VALID = timedelta(days=90)


def unsubscribe_token(user) -> str:
    """Sealed (spasmcare/core/tokens.py): nobody can read the account or address in it."""
    return tokens.seal(UNSUBSCRIBE, {"u": user.pk, "e": user.email})


def user_for_token(token: str):
    opened = tokens.unseal(UNSUBSCRIBE, token, int(UNSUBSCRIBE_VALID.total_seconds()))
    if opened is None:
        return None
    data = opened[0]
    # The address is part of the token, so a link stops working if the account's email changes.
    return get_user_model().objects.filter(pk=data.get("u"), email=data.get("e")).first()


def unsubscribe_url(user) -> str:
    return settings.SITE_URL + reverse("unsubscribe", args=[unsubscribe_token(user)])


class UnfoldedHeader(str):
    """A header written on one line exactly as given: an ASCII value the email package would
    otherwise fold into RFC 2047 encoded words (=?utf-8?q?=3Chttps...) because a long URL has
    nowhere to break, which mail providers don't read as a List-Unsubscribe link. One line of
    up to 998 characters is what RFC 5322 allows."""

    def __new__(cls, name: str, value: str):
        if not value.isascii() or "\r" in value or "\n" in value or len(name) + len(value) + 2 > 998:
            raise ValueError(f"{name} must be one line of ASCII")
        header = super().__new__(cls, value)
        header.name = name
        return header

    def fold(self, *, policy):
        return f"{self.name}: {self}{policy.linesep}"


class ReminderEmail(EmailMultiAlternatives):
    # RFC 2369 and RFC 8058 headers: read by mail providers as they are, never encoded.
    UNFOLDED = ("List-Unsubscribe", "List-Unsubscribe-Post")

    def message(self, *, policy=email.policy.default):
        msg = super().message(policy=policy)
        for name in self.UNFOLDED:
            if name in self.extra_headers:
                del msg[name]
                msg[name] = UnfoldedHeader(name, self.extra_headers[name])
        return msg


def send_reminder(user, message: dict) -> bool:
    """Send one reminder email (`message` from sender.reminder_message), in the account's
    language with its links to that language's pages; False (and a log line) when the mail
    server refuses."""
    # Any date or time in the email is the person's own, every word and link in their language.
    with timezone.override(user.tz), translation.override(account_language(user)):
        context = {
            "user": user,
            "message": message,
            "play_url": settings.SITE_URL + message["url"],
            "settings_url": settings.SITE_URL + reverse("reminders"),
            "unsubscribe_url": unsubscribe_url(user),
        }
        text = render_to_string("reminders/email.txt", context)
        html = render_to_string("reminders/email.html", context)
    email = ReminderEmail(
        subject=message["title"],
        body=text,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    email.attach_alternative(html, "text/html")
    try:
        email.send()
    except Exception:  # any transport error: logged, and the sender retries later
        log.warning("Reminder email to user %s failed", user.pk, exc_info=True)
        return False
    return True
