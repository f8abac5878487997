"""The service worker and the endpoints static/js/push.js talks to."""

from concurrent.futures import ThreadPoolExecutor

from cryptography.hazmat.primitives.asymmetric import ec
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from spasmcare.core.http import json_object

from . import push
from .models import MAX_DEVICES, PushSubscription

TEST_TTL = 10 * 60  # a test that arrives hours later would only confuse
# "Send me a test now" runs while the person waits: every device at once, each given this long
# (seconds) to connect and this long to answer, so slow push services can't hold a web worker.
TEST_TIMEOUT = 3


def wants_json(request: HttpRequest) -> bool:
    return request.content_type == "application/json" or "application/json" in request.headers.get(
        "Accept", ""
    )


def bad_request(message: str) -> JsonResponse:
    return JsonResponse({"message": message}, status=400)


def key_problem(keys) -> str | None:
    if not isinstance(keys, dict):
        return _("The subscription has no keys.")
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
    data = json_object(request)
    if data is None:
        return bad_request(_("The subscription wasn't valid JSON: send it as one JSON object."))
    endpoint = data.get("endpoint")
    keys = data.get("keys")
    label = data.get("label", "")
    problem = push.endpoint_problem(endpoint) or key_problem(keys)
    if problem:
        return bad_request(problem)
    if not isinstance(label, str) or "\x00" in label:
        return bad_request(_("The label must be text."))
    others = request.user.push_subscriptions.exclude(endpoint=endpoint)
    excess = others.count() - MAX_DEVICES + 1
    if excess > 0:
        # Room is made only from devices whose push service has ended them.
        ended = others.filter(stopped_at__isnull=False).order_by("stopped_at").values_list("pk", flat=True)
        PushSubscription.objects.filter(pk__in=list(ended[:excess])).delete()
        if others.count() >= MAX_DEVICES:
            return bad_request(
                _(
                    "%(n)d devices already get your reminders. Remove one on the reminders page, then try again."
                )
                % {"n": MAX_DEVICES}
            )
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
            "stopped_at": None,
        },
    )
    # push.js reloads the reminders page next, which shows this and the updated device list.
    messages.success(request, _("This device will get your reminders."))
    return JsonResponse({"id": subscription.pk}, status=201 if created else 200)


def signed_in_with_csrf(request: HttpRequest) -> bool:
    """A request from one of our own signed-in pages (its CSRF token in the X-CSRFToken header)."""
    if not request.user.is_authenticated:
        return False
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is None


@csrf_exempt  # the service worker has no CSRF token: see the proof below
@require_POST
def push_renew(request: HttpRequest):
    """The browser replaced a subscription (the service worker's pushsubscriptionchange, or
    push.js finding a new one on page load): move the device's row to the new endpoint and keys,
    and count it as working again.

    Knowing a push address proves nothing (the push service and anyone on its path see it), so
    the caller must be the device's owner, signed in (push.js, with the CSRF header), or show the
    old subscription's auth secret (`oldAuth`: its keys.auth), which only this browser and this
    server know (the service worker). A device never moves to another account this way. 404
    when neither is shown, or the address is unknown (e.g. the person removed the device)."""
    data = json_object(request)
    if data is None:
        return bad_request(_("Send the subscriptions as a JSON object."))
    old, new, old_auth = data.get("oldEndpoint"), data.get("subscription"), data.get("oldAuth")
    if not isinstance(old, str) or not isinstance(new, dict) or "\x00" in old:
        return bad_request(_("Send oldEndpoint and subscription."))
    problem = push.endpoint_problem(new.get("endpoint")) or key_problem(new.get("keys"))
    if problem:
        return bad_request(problem)
    subscription = PushSubscription.objects.filter(endpoint=old).first()
    if signed_in_with_csrf(request):
        allowed = subscription is not None and subscription.user_id == request.user.pk
    else:
        allowed = (
            subscription is not None
            and isinstance(old_auth, str)
            and constant_time_compare(old_auth.rstrip("="), subscription.auth)
        )
    if not allowed:
        return JsonResponse({"message": _("No such subscription.")}, status=404)
    if new["endpoint"] != old:
        taken = PushSubscription.objects.filter(endpoint=new["endpoint"]).exclude(pk=subscription.pk)
        if taken.exclude(user_id=subscription.user_id).exists():
            return bad_request(_("That subscription belongs to another account."))
        taken.delete()
    subscription.endpoint = new["endpoint"]
    subscription.p256dh = new["keys"]["p256dh"].rstrip("=")
    subscription.auth = new["keys"]["auth"].rstrip("=")
    subscription.failures = 0
    subscription.stopped_at = None
    subscription.save(update_fields=["endpoint", "p256dh", "auth", "failures", "stopped_at"])
    return JsonResponse({"id": subscription.pk})


@require_POST
@login_required
def push_unsubscribe(request: HttpRequest, pk: int):
    subscription = get_object_or_404(PushSubscription, pk=pk, user=request.user)
    subscription.delete()
    if wants_json(request):
        return JsonResponse({"deleted": pk})
    if subscription.label:
        gone = _("%(device)s will no longer get reminders.") % {"device": subscription.label}
    else:
        gone = _("That device will no longer get reminders.")
    messages.success(request, gone)
    return redirect("reminders")


@require_POST
@login_required
def push_test(request: HttpRequest):
    payload = {
        "title": _("SpasmCare test"),
        "body": _("This is how your reminders will look. Nothing to do now; enjoy your day."),
        "url": reverse("reminders"),
        "tag": "spasmcare-test",
    }
    devices = list(request.user.push_subscriptions.active().order_by("-created")[:MAX_DEVICES])
    outcomes = []
    if devices:
        with ThreadPoolExecutor(max_workers=len(devices)) as pool:
            answers = list(pool.map(lambda s: push.deliver(s, payload, TEST_TTL, TEST_TIMEOUT), devices))
        # Saved here, not in the threads: each thread would need its own database connection.
        outcomes = [push.record_outcome(s, answer) for s, answer in zip(devices, answers, strict=False)]
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
        return _("No devices are set up for push reminders yet.")
    if sent == devices:
        if devices == 1:
            return _("Sent a test notification to your device.")
        return _("Sent a test notification to all %(n)d of your devices.") % {"n": devices}
    if devices > 1:
        parts = [_("Reached %(sent)d of your %(n)d devices.") % {"sent": sent, "n": devices}]
    else:
        parts = [_("Couldn't reach your device.")]
    if gone:
        parts.append(
            ngettext(
                "One device no longer accepts notifications: see the list below.",
                "%(n)d devices no longer accept notifications: see the list below.",
                gone,
            )
            % {"n": gone}
        )
    if devices - sent - gone:
        parts.append(_("The push service didn't take the message; please try again in a few minutes."))
    return " ".join(parts)
