"""Account mail (sign-up links, email changes, password resets) goes out on a thread of its
own, as healthchecks sends its mail: the page answers at once, and takes the same time whether
it sent one message, another, or none. Timing the answer tells nobody whether an address has an
account.

The message is built in the request (templates, links); only handing it to the mail server
happens on the thread, retried a few times. A message still unsent when the process is stopped
is lost: the person asks again. With ACCOUNT_MAIL_BLOCKING (the tests) it is sent before the
page answers.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.mail import EmailMessage

log = logging.getLogger("spasmcare.accounts")

TRIES = 3
# Seconds before the second and third tries.
PAUSES = (2, 10)


def send(message: EmailMessage) -> None:
    """Send `message` off the request path. Never raises."""
    if getattr(settings, "ACCOUNT_MAIL_BLOCKING", False):
        deliver(message)
    else:
        threading.Thread(target=deliver, args=(message,), name="account-mail").start()


def deliver(message: EmailMessage) -> bool:
    """Hand `message` to the mail server, trying TRIES times; False (logged) if it never took it."""
    for attempt in range(TRIES):
        try:
            message.send()
            return True
        except Exception:  # any transport error
            log.warning("Account email could not be sent (try %s of %s)", attempt + 1, TRIES, exc_info=True)
            if attempt < len(PAUSES):
                time.sleep(PAUSES[attempt])
    return False
