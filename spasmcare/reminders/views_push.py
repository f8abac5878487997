"""The service worker and the endpoints static/js/push.js talks to."""

import json
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.http import HttpRequest, JsonResponse, RawPostDataException
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import push
from .models import PushSubscription

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
TEST_TTL = 10 * 60  # a test that arrives hours later would only confuse




def wants_json(request: HttpRequest) -> bool:
    return request.content_type == "application/json" or "application/json" in request.headers.get("Accept", "")


def bad_request(message: str) -> JsonResponse:
    return JsonResponse({"message": message}, status=400)


def endpoint_problem(endpoint) -> str | None:
    if not isinstance(endpoint, str) or not endpoint:
        return "The subscription has no endpoint address."
    if "\x00" in endpoint:  # URLValidator lets it through; PostgreSQL can't store it
        return "The endpoint isn't a valid web address."
    if len(endpoint) > PushSubscription._meta.get_field("endpoint").max_length:
        return "The endpoint address is too long."
    try:
        URLValidator(schemes=["https", "http"])(endpoint)
        parts = urlsplit(endpoint)
    except (ValidationError, ValueError):
        return "The endpoint isn't a valid web address."
    if parts.scheme == "https":
        # The server POSTs to this address, so only the browsers' real push services are
        # accepted: never an address inside our own network.
        host = (parts.hostname or "").lower()
        if any(host == h.lstrip(".") or host.endswith("." + h.lstrip(".")) for h in settings.SPASMCARE_PUSH_HOSTS):
            return None
        return "That isn't a push service this app knows."
    # Only a test stand-in for the push service may be plain http, and only on this machine.
    insecure_allowed = settings.DEBUG or getattr(settings, "SPASMCARE_ALLOW_INSECURE_PUSH", False)
    if insecure_allowed and parts.hostname in LOOPBACK_HOSTS:
        return None
    return "The endpoint must be an https:// address."


def key_problem(keys) -> str | None:
    if not isinstance(keys, dict):
        return "The subscription has no keys."
    try:
        p256dh = push.b64url_decode(keys.get("p256dh"))
        if len(p256dh) != 65:
            raise ValueError
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), p256dh)  # on the curve?
    except ValueError:
        return "keys.p256dh must be an uncompressed P-256 public key (65 bytes, base64url)."
    try:
        if len(push.b64url_decode(keys.get("auth"))) != 16:
            raise ValueError
    except ValueError:
        return "keys.auth must be a 16-byte secret in base64url."
    return None


@require_POST
@login_required
def push_subscribe(request: HttpRequest):
    """Store the browser's PushSubscription (its toJSON(), plus an optional label). Idempotent on
    the endpoint: a device subscribing again, or under another account, keeps one row."""
    try:
        data = json.loads(request.body)
    # RecursionError: JSON nested thousands deep. RawPostDataException: a multipart body, which
    # the CSRF check has already read, so there is no JSON left to read.
    except (ValueError, UnicodeDecodeError, RecursionError, RawPostDataException):
        return bad_request("The subscription wasn't valid JSON.")
    if not isinstance(data, dict):
        return bad_request("Send the subscription as a JSON object.")
    endpoint = data.get("endpoint")
    keys = data.get("keys")
    label = data.get("label", "")
    problem = endpoint_problem(endpoint) or key_problem(keys)
    if problem:
        return bad_request(problem)
    if not isinstance(label, str) or "\x00" in label:
        return bad_request("The label must be text.")
    label_length = PushSubscription._meta.get_field("label").max_length
    subscription, created = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={
            "user": request.user,
            # Stored without padding, as browsers send them.
            "p256dh": keys["p256dh"].rstrip("="),
            "auth": keys["auth"].rstrip("="),
            "label": label.strip()[:label_length],
            "failures": 0,
        },
    )
    # push.js reloads the reminders page next, which shows this and the updated device list.
    messages.success(request, "This device will get your reminders.")
    return JsonResponse({"id": subscription.pk}, status=201 if created else 200)


@require_POST
@login_required
def push_unsubscribe(request: HttpRequest, pk: int):
    subscription = get_object_or_404(PushSubscription, pk=pk, user=request.user)
    subscription.delete()
    if wants_json(request):
        return JsonResponse({"deleted": pk})
    messages.success(request, f"{subscription.label or 'That device'} will no longer get reminders.")
    return redirect("reminders")


@require_POST
@login_required
def push_test(request: HttpRequest):
    payload = {
        "title": "SpasmCare test",
        "body": "This is how your reminders will look. Nothing to do now; enjoy your day.",
        "url": reverse("reminders"),
        "tag": "spasmcare-test",
    }
    outcomes = [push.send_push(s, payload, ttl=TEST_TTL) for s in request.user.push_subscriptions.all()]
    sent, gone = outcomes.count("sent"), outcomes.count("gone")
    message = test_summary(len(outcomes), sent, gone)
    if wants_json(request):
        return JsonResponse({"devices": len(outcomes), "sent": sent, "gone": gone, "message": message})
    if sent:
        messages.success(request, message)
    else:
        messages.warning(request, message)
    return redirect("reminders")


def test_summary(devices: int, sent: int, gone: int) -> str:
    if not devices:
        return "No devices are set up for push reminders yet."
    if sent == devices:
        if devices == 1:
            return "Sent a test notification to your device."
        return f"Sent a test notification to all {devices} of your devices."
    summary = f"Reached {sent} of your {devices} devices." if devices > 1 else "Couldn't reach your device."
    if gone == 1:
        summary += " One device no longer accepts notifications and was removed from the list."
    elif gone:
        summary += f" {gone} devices no longer accept notifications and were removed from the list."
    if devices - sent - gone:
        summary += " The push service didn't take the message; please try again in a few minutes."
    return summary
