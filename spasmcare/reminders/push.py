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
import secrets
from email.utils import parseaddr
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F
from django.utils import timezone
from http_ece import ECEException
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from .models import PushSubscription

log = logging.getLogger("spasmcare.reminders")

KEY_FILE = "vapid_private.pem"
TIMEOUT = 10
BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")


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
        # Written in full under a temporary name, then linked into place: two processes
        # starting at once both end up with whichever key was linked first.
        temporary = path.with_name(f".{KEY_FILE}.{secrets.token_hex(6)}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(pem)
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
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
    """Who the push service can write to about our traffic (the JWT's `sub`)."""
    configured = getattr(settings, "SPASMCARE_PUSH_CONTACT", "")
    if configured:
        return configured if configured.startswith(("mailto:", "https:")) else f"mailto:{configured}"
    return "mailto:" + parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def send_push(subscription: PushSubscription, payload: dict, ttl: int = 12 * 3600) -> str:
    """Encrypt and send one message. Returns "sent", "gone" (the browser unsubscribed: the row is
    deleted) or "failed" (logged, `failures` counted). Never raises for the push service's sake."""
    status = None
    error = ""
    try:
        response = webpush(
            subscription.as_subscription_info(),
            data=json.dumps(payload),
            vapid_private_key=vapid(),
            vapid_claims={"sub": contact()},
            ttl=ttl,
            headers={"Urgency": "normal"},
            timeout=TIMEOUT,
        )
        status = response.status_code
    except WebPushException as exc:
        # pywebpush raises for any status above 202; a response means the service answered.
        status = exc.status_code
        error = str(exc.message)[:300]
    except (requests.RequestException, ValueError, ECEException) as exc:
        # Unreachable service, timeout, or keys the browser sent that can't be used.
        error = f"{type(exc).__name__}: {exc}"

    rows = PushSubscription.objects.filter(pk=subscription.pk)
    if status is not None and 200 <= status < 300:
        subscription.last_success = timezone.now()
        subscription.failures = 0
        rows.update(last_success=subscription.last_success, failures=0)
        return "sent"
    if status in (404, 410):
        rows.delete()
        log.info("Push subscription %s is gone (%s); removed it", subscription.pk, status)
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
    return "failed"
