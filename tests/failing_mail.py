"""A mail backend that refuses the first message it is given, like a mail server having a bad
minute, then delivers to Django's test outbox."""

import smtplib

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

FAILURES = {"left": 1}


class FailOnceBackend(BaseEmailBackend):
    def send_messages(self, messages):
        if FAILURES["left"] > 0:
            FAILURES["left"] -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        mail.outbox.extend(messages)
        return len(messages)
