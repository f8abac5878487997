"""Web Push: the VAPID key this server signs with, and sending one notification to one device.

The key pair comes from SPASMCARE_VAPID_PRIVATE_KEY (PEM, or the raw 32-byte key in base64url
as most push tutorials print it), or is made on first use and kept in the data folder. Browsers
tie each subscription to the public key, so changing it silently ends every subscription:
back up data/vapid_private.pem with the database.
"""

import base64
import binascii
import functools
import json
import logging
import os
import re
from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import urlsplit

import requests
import urllib3.exceptions
import urllib3.util
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from http_ece import ECEException
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from spasmcare.core.files import create_once

from .models import PushSubscription

log = logging.getLogger("spasmcare.reminders")

KEY_FILE = "vapid_private.pem"
TIMEOUT = 10
BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")

# What a push endpoint may look like: https://<host>/<path>[?<query>], nothing else. No user
# name or password, port, IP address, backslash, percent sign or non-ASCII letter in the host,
# no fragment. URL parsers disagree on exactly those (Python's urlsplit reads
# "https://127.0.0.1\@fcm.googleapis.com/" as fcm.googleapis.com, while requests connects to
# 127.0.0.1), so an endpoint outside this shape is refused rather than interpreted.
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_PATH = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*"
_REST = rf"(?P<rest>/{_PATH}(?:\?(?:{_PATH}|\?)*)?)"
PLAIN_ENDPOINT = re.compile(rf"https://(?P<host>(?:{_LABEL}\.)+[a-z](?:[a-z0-9-]{{0,61}}[a-z0-9])?){_REST}")
# A local stand-in for a push service (tests, development): http, loopback, a port.
LOOPBACK_ENDPOINT = re.compile(
    rf"http://(?P<host>127\.0\.0\.1|localhost|\[::1\]):(?P<port>[0-9]{{1,5}}){_REST}"
)


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Strict base64url (padding optional): raises ValueError on anything else."""
    if not isinstance(text, str) or not BASE64URL.fullmatch(text):
        raise ValueError("not base64url")
    text = text.rstrip("=")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except binascii.Error as exc:
        raise ValueError("not base64url") from exc


def parse_private_key(value: str) -> ec.EllipticCurvePrivateKey:
    value = value.strip()
    try:
        if value.startswith("-----BEGIN"):
            key = serialization.load_pem_private_key(value.encode(), password=None)
        else:
            raw = b64url_decode(value)
            if len(raw) != 32:
                raise ValueError("a raw key is 32 bytes")
            key = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(f"The VAPID private key can't be read: {exc}") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ImproperlyConfigured("The VAPID private key must be an EC P-256 key.")
    return key


def stored_private_key() -> ec.EllipticCurvePrivateKey:
    path = settings.DATA_DIR / KEY_FILE
    if not path.exists():
        pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        create_once(path, pem)  # processes starting at once all use the key linked first
    return parse_private_key(path.read_text())


@functools.cache
def vapid() -> Vapid:
    configured = os.environ.get("SPASMCARE_VAPID_PRIVATE_KEY", "")
    return Vapid(parse_private_key(configured) if configured.strip() else stored_private_key())


def vapid_public_key() -> str:
    """The applicationServerKey the browser subscribes with."""
    point = vapid().public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url_encode(point)


def contact() -> str:
    """Who the push service can write to about our traffic (the JWT's `sub`): the setting
    SPASMCARE_PUSH_CONTACT (an email address, mailto: or https: URL), else the address in
    DEFAULT_FROM_EMAIL."""
    configured = getattr(settings, "SPASMCARE_PUSH_CONTACT", "").strip()
    if configured:
        return configured if configured.startswith(("mailto:", "https:")) else f"mailto:{configured}"
    return "mailto:" + parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def contact_problem(value: str) -> str | None:
    """Why push services would refuse `value` as the VAPID contact, or None. Apple's service
    rejects a contact that can't be reached, such as mailto:hello@localhost."""
    if value.startswith("mailto:"):
        address = value.removeprefix("mailto:")
        local, _, domain = address.rpartition("@")
    elif value.startswith("https://"):
        local, domain = "x", (urlsplit(value).hostname or "")
    else:
        return f"{value!r} is neither a mailto: nor an https: address"
    domain = domain.lower().rstrip(".")
    if (
        not local
        or "." not in domain
        or domain == "localhost"
        or domain.endswith((".localhost", ".local", ".internal"))
    ):
        return f"{value!r} is not an address a push service can reach"
    if re.fullmatch(r"[0-9.]+|\[.*\]", domain):
        return f"{value!r} names an IP address, not a domain"
    return None


def endpoint_problem(endpoint) -> str | None:
    """Why the server must not send to `endpoint`, as a sentence for the person, or None.

    Accepted: https://<one of SPASMCARE_PUSH_HOSTS or a subdomain>/<path>, read the same way by
    the shape above and by urllib3 (what requests, and so pywebpush, connect with); and, with
    DEBUG or SPASMCARE_ALLOW_INSECURE_PUSH, http://<loopback>:<port>/<path> for a local
    stand-in."""
    if not isinstance(endpoint, str) or not endpoint:
        return _("The subscription has no endpoint address.")
    if len(endpoint) > PushSubscription._meta.get_field("endpoint").max_length:
        return _("The endpoint address is too long.")
    insecure_allowed = settings.DEBUG or getattr(settings, "SPASMCARE_ALLOW_INSECURE_PUSH", False)
    plain = PLAIN_ENDPOINT.fullmatch(endpoint)
    loopback = insecure_allowed and LOOPBACK_ENDPOINT.fullmatch(endpoint)
    if not plain and not loopback:
        if not endpoint.startswith(("https://", "http://")) or any(
            c.isspace() or c == "\x00" for c in endpoint
        ):
            return _("The endpoint isn't a valid web address.")
        if not endpoint.startswith("https://"):
            return _("The endpoint must be an https:// address.")
        return _("That isn't a push service this app knows.")
    host = (plain or loopback).group("host")
    try:  # the sending library must read the same host, and no port or user name
        parsed = urllib3.util.parse_url(requests.Request("POST", endpoint).prepare().url)
    except (ValueError, requests.RequestException, urllib3.exceptions.HTTPError):
        return _("The endpoint isn't a valid web address.")
    port = int(loopback.group("port")) if loopback else None
    if (parsed.host, parsed.port, parsed.auth) != (host, port, None):
        return _("That isn't a push service this app knows.")
    if loopback:
        return None
    if any(
        host == h.strip(".").lower() or host.endswith("." + h.strip(".").lower())
        for h in settings.SPASMCARE_PUSH_HOSTS
    ):
        return None
    return _("That isn't a push service this app knows.")


@dataclass(frozen=True)
class Answer:
    """What one attempt to hand a message to a push service came to."""

    status: int | None  # the push service's HTTP status; None when it gave none
    error: str = ""
    # The message went out but no answer came in time: it may have been delivered, so it is
    # never sent again (a duplicate reminder is worse than one that may be missing).
    unanswered: bool = False


def deliver(subscription: PushSubscription, payload: dict, ttl: int, timeout: float) -> Answer:
    """Encrypt, sign and POST one message, waiting at most `timeout` seconds to connect and as
    long for the answer. Touches no database, so it may run in a thread. Never raises: whatever
    goes wrong for one device is that device's failure alone."""
    problem = endpoint_problem(subscription.endpoint)
    if problem:  # a row stored before the current rules, or put in by hand
        return Answer(None, f"refused endpoint: {problem}")
    try:
        response = webpush(
            subscription.as_subscription_info(),
            data=json.dumps(payload),
            vapid_private_key=vapid(),
            vapid_claims={"sub": contact()},
            ttl=ttl,
            headers={"Urgency": "normal"},
            timeout=timeout,
        )
        return Answer(response.status_code)
    except WebPushException as exc:
        # pywebpush raises for any status above 202; a response means the service answered.
        return Answer(exc.status_code, str(exc.message)[:300])
    except requests.ReadTimeout:
        # Connected and sent; a connect timeout or refused connection (below) sent nothing.
        return Answer(None, f"(it may have been delivered; waited {timeout:g} s)", unanswered=True)
    except (requests.RequestException, ValueError, ECEException) as exc:
        # Unreachable service, or keys the browser sent that can't be used.
        return Answer(None, f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # e.g. the VAPID signer refusing an odd endpoint
        log.exception("Push to subscription %s could not be prepared", subscription.pk)
        return Answer(None, f"{type(exc).__name__}: {exc}")


def send_push(
    subscription: PushSubscription, payload: dict, ttl: int = 12 * 3600, timeout: float | None = None
) -> str:
    """Encrypt and send one message. Returns what record_outcome() says. Never raises."""
    answer = deliver(subscription, payload, ttl, TIMEOUT if timeout is None else timeout)
    return record_outcome(subscription, answer)


def record_outcome(subscription: PushSubscription, answer: Answer) -> str:
    """Save what deliver() found on the device's row. Returns "sent"; "gone" (the browser ended
    the subscription: the device is marked as stopped, shown on the reminders page, and not sent
    to again); "unanswered" (sent, but no answer came: counted as a failure on the device, and
    not sent again); or "failed" (nothing was delivered; logged, `failures` counted)."""
    status, error = answer.status, answer.error
    rows = PushSubscription.objects.filter(pk=subscription.pk)
    if status is not None and 200 <= status < 300:
        subscription.last_success = timezone.now()
        subscription.failures = 0
        rows.update(last_success=subscription.last_success, failures=0)
        return "sent"
    if status in (404, 410):
        subscription.stopped_at = timezone.now()
        rows.update(stopped_at=subscription.stopped_at)
        log.info("Push subscription %s has ended (%s); marked as stopped", subscription.pk, status)
        return "gone"
    subscription.failures += 1
    rows.update(failures=F("failures") + 1)
    log.warning(
        "Push to subscription %s at %s failed: %s %s",
        subscription.pk,
        urlsplit(subscription.endpoint).hostname,
        status if status is not None else "no answer",
        error,
    )
    return "unanswered" if answer.unanswered else "failed"
