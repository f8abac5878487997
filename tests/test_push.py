"""Web Push, end to end over real HTTP: a local server stands in for the browser vendor's push
service, and decrypts and checks what we send as a browser would."""

import base64
import json
import os
import socket
import stat
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.contrib.messages import get_messages
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils.crypto import get_random_string

from spasmcare.reminders import push
from spasmcare.reminders.models import PushSubscription

pytestmark = pytest.mark.django_db

PAYLOAD = {
    "title": "Today: Spasm relief",
    "body": "About 6 minutes, whenever suits you.",
    "url": "/routines/spasm-relief/play/",
    "tag": "daily-reminder",
}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


ENDPOINT = "https://fcm.googleapis.com/fcm/send/abc"
NOT_ON_THE_CURVE = b64url(b"\x04" + b"\x01" * 64)  # 65 bytes, but not a P-256 point


@pytest.fixture(autouse=True)
def vapid_key_in_a_fresh_data_folder(settings, tmp_path, monkeypatch):
    """Each test gets its own generated VAPID key, never the developer's data/ one."""
    monkeypatch.delenv("SPASMCARE_VAPID_PRIVATE_KEY", raising=False)
    settings.DATA_DIR = tmp_path
    # The stand-in push service below is plain http on this machine.
    settings.SPASMCARE_ALLOW_INSECURE_PUSH = True
    push.vapid.cache_clear()
    yield
    push.vapid.cache_clear()


class PushService(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), PushServiceHandler)
        self.requests = []
        self.status = 201
        self.statuses = {}  # per path, for several devices at once
        self.delay = 0.0

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class PushServiceHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        headers = {name.lower(): value for name, value in self.headers.items()}
        self.server.requests.append({"path": self.path, "headers": headers, "body": body})
        time.sleep(self.server.delay)
        self.send_response(self.server.statuses.get(self.path, self.server.status))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def push_service():
    server = PushService()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


class Device:
    """What a browser keeps when it subscribes: a P-256 key pair and a 16-byte auth secret."""

    def __init__(self):
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        self.keys = {"p256dh": b64url(point), "auth": b64url(self.auth)}

    def subscribe(self, user, endpoint: str, **fields) -> PushSubscription:
        return PushSubscription.objects.create(user=user, endpoint=endpoint, **self.keys, **fields)

    def decrypt(self, body: bytes) -> dict:
        plain = http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth, version="aes128gcm"
        )
        return json.loads(plain)


def verified_vapid_claims(authorization: str) -> tuple[dict, str]:
    """Check the RFC 8292 header as a push service does; return the JWT claims and the key."""
    scheme, _, params = authorization.partition(" ")
    assert scheme == "vapid"
    fields = dict(part.strip().split("=", 1) for part in params.split(","))
    token, key = fields["t"], fields["k"]
    header_b64, claims_b64, signature_b64 = token.split(".")
    assert json.loads(unb64url(header_b64)) == {"typ": "JWT", "alg": "ES256"}
    signature = unb64url(signature_b64)
    assert len(signature) == 64
    public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(key))
    public_key.verify(  # raises InvalidSignature if it doesn't match
        encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")),
        f"{header_b64}.{claims_b64}".encode(),
        ec.ECDSA(hashes.SHA256()),
    )
    return json.loads(unb64url(claims_b64)), key


# ---- Sending ----


def test_reminder_reaches_the_push_service_encrypted_for_the_device_and_signed(owner, push_service):
    device = Device()
    subscription = device.subscribe(owner, f"{push_service.origin}/push/abc")

    assert push.send_push(subscription, PAYLOAD) == "sent"

    [request] = push_service.requests
    assert request["path"] == "/push/abc"
    headers = request["headers"]
    assert headers["content-encoding"] == "aes128gcm"
    assert headers["ttl"] == str(12 * 3600)
    assert headers["urgency"] == "normal"
    assert PAYLOAD["body"].encode() not in request["body"]
    message = device.decrypt(request["body"])
    assert (message["title"], message["body"], message["url"]) == (
        PAYLOAD["title"],
        PAYLOAD["body"],
        PAYLOAD["url"],
    )

    claims, key = verified_vapid_claims(headers["authorization"])
    assert key == push.vapid_public_key()
    assert claims["aud"] == push_service.origin
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600
    assert claims["sub"] == "mailto:hello@localhost"


def test_a_delivered_push_is_recorded_on_the_device(owner, push_service):
    subscription = Device().subscribe(owner, f"{push_service.origin}/push/abc", failures=3)
    push_service.status = 200

    assert push.send_push(subscription, PAYLOAD) == "sent"

    subscription.refresh_from_db()
    assert subscription.failures == 0
    assert subscription.last_success is not None


@pytest.mark.parametrize("status", [404, 410])
def test_a_device_that_unsubscribed_is_marked_stopped_and_not_sent_to_again(owner, push_service, status):
    subscription = Device().subscribe(owner, f"{push_service.origin}/push/abc")
    push_service.status = status

    assert push.send_push(subscription, PAYLOAD) == "gone"

    subscription.refresh_from_db()
    assert subscription.stopped_at is not None and subscription.stopped_working
    assert list(PushSubscription.objects.active()) == []


def test_a_push_service_error_keeps_the_device_and_counts_a_failure(owner, push_service, caplog):
    subscription = Device().subscribe(owner, f"{push_service.origin}/push/abc", failures=1)
    push_service.status = 500

    assert push.send_push(subscription, PAYLOAD) == "failed"

    subscription.refresh_from_db()
    assert subscription.failures == 2
    assert subscription.last_success is None
    assert "500" in caplog.text
    assert "/push/abc" not in caplog.text  # the endpoint is a secret address: only its host is logged


def test_an_unreachable_push_service_is_a_failure_not_a_crash(owner):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    subscription = Device().subscribe(owner, f"http://127.0.0.1:{closed_port}/push/abc")

    assert push.send_push(subscription, PAYLOAD) == "failed"

    subscription.refresh_from_db()
    assert subscription.failures == 1


def test_a_push_service_that_hangs_is_given_up_on_in_time_and_counted_as_a_failure(
    owner, push_service, monkeypatch
):
    monkeypatch.setattr(push, "TIMEOUT", 0.2)
    push_service.delay = 1.0
    subscription = Device().subscribe(owner, f"{push_service.origin}/push/abc")

    started = time.monotonic()
    # The message went out and may yet arrive: never sent again (see sender.record).
    assert push.send_push(subscription, PAYLOAD) == "unanswered"
    assert time.monotonic() - started < 1.0
    subscription.refresh_from_db()
    assert subscription.failures == 1


def test_unusable_device_keys_fail_quietly(owner, push_service):
    subscription = PushSubscription.objects.create(
        user=owner,
        endpoint=f"{push_service.origin}/push/abc",
        p256dh=NOT_ON_THE_CURVE,
        auth=b64url(b"a" * 16),
    )

    assert push.send_push(subscription, PAYLOAD) == "failed"
    assert push_service.requests == []


# ---- The server's VAPID key ----


def test_vapid_key_is_made_once_and_kept_private(settings):
    public_key = push.vapid_public_key()
    key_file = settings.DATA_DIR / "vapid_private.pem"

    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "=" not in public_key
    point = unb64url(public_key)
    assert len(point) == 65 and point[0] == 4
    push.vapid.cache_clear()
    assert push.vapid_public_key() == public_key  # read back, not made again
    assert [p.name for p in settings.DATA_DIR.iterdir()] == ["vapid_private.pem"]


def test_vapid_key_can_come_from_the_environment_as_pem_or_raw(settings, monkeypatch):
    key = ec.generate_private_key(ec.SECP256R1())
    point = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    raw = b64url(key.private_numbers().private_value.to_bytes(32, "big"))

    for configured in (pem.decode(), raw):
        monkeypatch.setenv("SPASMCARE_VAPID_PRIVATE_KEY", configured)
        push.vapid.cache_clear()
        assert push.vapid_public_key() == b64url(point)
    assert not (settings.DATA_DIR / "vapid_private.pem").exists()


def test_an_unreadable_vapid_key_stops_with_a_clear_error(monkeypatch):
    monkeypatch.setenv("SPASMCARE_VAPID_PRIVATE_KEY", "not a key")
    with pytest.raises(ImproperlyConfigured, match="VAPID"):
        push.vapid_public_key()


def test_push_contact_can_be_set(settings):
    settings.SPASMCARE_PUSH_CONTACT = "care-team@spasmcare.example"
    assert push.contact() == "mailto:care-team@spasmcare.example"
    settings.SPASMCARE_PUSH_CONTACT = "https://spasmcare.example/contact/"
    assert push.contact() == "https://spasmcare.example/contact/"


# ---- The endpoints push.js talks to ----


def subscribe(client, body, **extra):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post("/reminders/push/subscribe/", data, content_type="application/json", **extra)


def browser_subscription(endpoint=ENDPOINT, label="Chrome on Android") -> dict:
    return {"endpoint": endpoint, "expirationTime": None, "keys": Device().keys, "label": label}


def test_subscribing_a_device_stores_it_once(client, owner):
    client.force_login(owner)
    body = browser_subscription()

    first = subscribe(client, body)
    again = subscribe(client, body)

    assert first.status_code == 201
    assert again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    subscription = PushSubscription.objects.get()
    assert (subscription.user, subscription.label) == (owner, "Chrome on Android")
    assert subscription.as_subscription_info() == {"endpoint": body["endpoint"], "keys": body["keys"]}


def test_a_device_subscribed_under_another_account_moves_to_the_current_one(client, owner, other_user):
    device = Device()
    device.subscribe(other_user, "https://fcm.googleapis.com/fcm/send/shared-phone")
    client.force_login(owner)

    response = subscribe(
        client, {"endpoint": "https://fcm.googleapis.com/fcm/send/shared-phone", "keys": device.keys}
    )

    assert response.status_code == 200
    assert PushSubscription.objects.get().user == owner


def with_keys(**keys) -> dict:
    return {"endpoint": ENDPOINT, "keys": {**Device().keys, **keys}}


@pytest.mark.parametrize(
    "body, message",
    [
        ("{not json", "valid JSON"),
        ("[1, 2]", "JSON object"),
        ({"keys": Device().keys}, "no endpoint"),
        ({"endpoint": ENDPOINT}, "no keys"),
        (with_keys(auth=None), "keys.auth"),
        (with_keys(auth=b64url(b"short")), "keys.auth"),
        (with_keys(p256dh="not base64!"), "keys.p256dh"),
        (with_keys(p256dh=NOT_ON_THE_CURVE), "keys.p256dh"),
        ({**with_keys(), "endpoint": "http://fcm.googleapis.com/fcm/send/abc"}, "https://"),
        ({**with_keys(), "endpoint": "javascript:alert(1)"}, "valid web address"),
        ({**with_keys(), "endpoint": ENDPOINT + "a" * 1000}, "too long"),
        ({**with_keys(), "label": ["Chrome"]}, "label"),
    ],
)
def test_a_malformed_subscription_is_refused_with_a_reason(client, owner, settings, body, message):
    settings.SPASMCARE_ALLOW_INSECURE_PUSH = True  # only loopback addresses may be http even so
    client.force_login(owner)

    response = subscribe(client, body)

    assert response.status_code == 400
    assert message in response.json()["message"]
    assert not PushSubscription.objects.exists()


def test_a_plain_http_push_service_is_allowed_only_on_this_machine_and_only_when_asked(
    client, owner, settings
):
    client.force_login(owner)
    body = browser_subscription(endpoint="http://127.0.0.1:9/push/abc")

    settings.SPASMCARE_ALLOW_INSECURE_PUSH = False
    assert subscribe(client, body).status_code == 400
    settings.SPASMCARE_ALLOW_INSECURE_PUSH = True
    assert subscribe(client, body).status_code == 201


def test_push_endpoints_need_an_account(client, owner):
    subscription = Device().subscribe(owner, ENDPOINT)

    responses = [
        subscribe(client, browser_subscription(endpoint="https://fcm.googleapis.com/fcm/send/new")),
        client.post(f"/reminders/push/{subscription.pk}/delete/"),
        client.post("/reminders/push/test/"),
    ]

    assert all(r.status_code == 302 and r["Location"].startswith("/accounts/login/") for r in responses)
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [ENDPOINT]


def test_subscribing_needs_the_csrf_token_in_the_header(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    token = get_random_string(32)
    client.cookies["csrftoken"] = token

    assert subscribe(client, browser_subscription()).status_code == 403
    assert subscribe(client, browser_subscription(), headers={"X-CSRFToken": token}).status_code == 201


def test_subscribing_is_post_only(client, owner):
    client.force_login(owner)
    assert client.get("/reminders/push/subscribe/").status_code == 405


def test_another_persons_device_cannot_be_removed(client, owner, other_user):
    theirs = Device().subscribe(other_user, "https://fcm.googleapis.com/fcm/send/theirs")
    client.force_login(owner)

    assert client.post(f"/reminders/push/{theirs.pk}/delete/").status_code == 404
    assert PushSubscription.objects.filter(pk=theirs.pk).exists()


def test_removing_a_device_from_the_reminders_page(client, owner):
    mine = Device().subscribe(owner, "https://fcm.googleapis.com/fcm/send/mine", label="Firefox on Android")
    client.force_login(owner)

    response = client.post(f"/reminders/push/{mine.pk}/delete/")

    assert response.status_code == 302 and response["Location"] == "/reminders/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Firefox on Android will no longer get reminders."
    ]
    assert not PushSubscription.objects.exists()


def test_removing_a_device_from_a_script(client, owner):
    mine = Device().subscribe(owner, "https://fcm.googleapis.com/fcm/send/mine")
    client.force_login(owner)

    response = client.post(f"/reminders/push/{mine.pk}/delete/", "{}", content_type="application/json")

    assert response.status_code == 200
    assert response.json() == {"deleted": mine.pk}
    assert not PushSubscription.objects.exists()


def test_a_test_notification_goes_to_every_device_and_says_how_many_reached(
    client, owner, other_user, push_service
):
    phone, laptop = Device(), Device()
    phone.subscribe(owner, f"{push_service.origin}/push/phone")
    laptop.subscribe(owner, f"{push_service.origin}/push/laptop")
    Device().subscribe(other_user, f"{push_service.origin}/push/someone-else")
    client.force_login(owner)

    response = client.post("/reminders/push/test/")

    assert response.status_code == 302 and response["Location"] == "/reminders/"
    [message] = get_messages(response.wsgi_request)
    assert str(message) == "Sent a test notification to all 2 of your devices."
    assert sorted(r["path"] for r in push_service.requests) == ["/push/laptop", "/push/phone"]
    sent = {r["path"]: r for r in push_service.requests}
    assert phone.decrypt(sent["/push/phone"]["body"])["url"] == "/reminders/"
    assert sent["/push/phone"]["headers"]["ttl"] == "600"


def test_a_test_notification_reports_devices_that_are_gone(client, owner, push_service):
    Device().subscribe(owner, f"{push_service.origin}/push/phone")
    Device().subscribe(owner, f"{push_service.origin}/push/old-laptop")
    push_service.statuses["/push/old-laptop"] = 410
    client.force_login(owner)

    response = client.post("/reminders/push/test/", headers={"Accept": "application/json"})

    assert response.json() == {
        "devices": 2,
        "sent": 1,
        "gone": 1,
        "message": "Reached 1 of your 2 devices. One device no longer accepts notifications: see the list below.",
    }
    [active] = PushSubscription.objects.active()
    assert active.endpoint.endswith("/push/phone")


def test_a_test_notification_without_devices_says_so(client, owner):
    client.force_login(owner)
    response = client.post("/reminders/push/test/")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "No devices are set up for push reminders yet."
    ]


def test_service_worker_is_served_from_the_site_root(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert "showNotification" in body and "openWindow" in body
    assert "{%" not in body


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://10.0.0.5/push",
        "https://metadata.internal/latest",
        "https://fcm.googleapis.com.evil.example/x",
    ],
)
def test_an_endpoint_outside_the_browsers_push_services_is_refused(client, owner, endpoint):
    client.force_login(owner)
    response = subscribe(client, browser_subscription(endpoint=endpoint))
    assert response.status_code == 400
    assert "push service" in response.json()["message"]
    assert not PushSubscription.objects.exists()


# ---- Endpoints read the way the sending library reads them ----


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://127.0.0.1\\@fcm.googleapis.com/fcm/send/abc",  # requests connects to 127.0.0.1
        "https://fcm.googleapis.com\\@127.0.0.1/fcm/send/abc",
        "https://169.254.169.254\\@updates.push.services.mozilla.com/wpush/v2/abc",
        "https://user@fcm.googleapis.com/fcm/send/abc",
        "https://user:secret@fcm.googleapis.com/fcm/send/abc",
        "https://127.0.0.1@fcm.googleapis.com/fcm/send/abc",
        "https://fcm.googleapis.com@127.0.0.1/fcm/send/abc",
        "https://fcm.googleapis.com:443/fcm/send/abc",
        "https://fcm.googleapis.com:8080/fcm/send/abc",
        "https://fcm.googleapis.com%2F@127.0.0.1/fcm/send/abc",
        "https://127.0.0.1%23.fcm.googleapis.com/fcm/send/abc",
        "https://142.250.180.10/fcm/send/abc",
        "https://[::1]/fcm/send/abc",
        "https://[::ffff:127.0.0.1]/fcm/send/abc",
        "https://2130706433/fcm/send/abc",
        "https://fcm.googleapis.co\u1d0d/fcm/send/abc",  # an IDN look-alike of .com
        "https://fcm.googleapis.com./fcm/send/abc",
        "https://FCM.googleapis.com/fcm/send/abc",
        "https://fcm.googleapis.com\\fcm/send/abc",
        "https://fcm.googleapis.com/fcm\\..\\send/abc",
        "https://fcm.googleapis.com\t/fcm/send/abc",
        "https://fcm.googleapis.com/fcm/send/abc#fragment",
        "https://fcm.googleapis.com",
        "https:fcm.googleapis.com/fcm/send/abc",
        "https:///fcm.googleapis.com/fcm/send/abc",
        " https://fcm.googleapis.com/fcm/send/abc",
    ],
)
def test_an_endpoint_that_is_not_plainly_a_push_service_address_is_refused(client, owner, endpoint):
    client.force_login(owner)

    response = subscribe(client, browser_subscription(endpoint=endpoint))

    assert response.status_code == 400, endpoint
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://fcm.googleapis.com/fcm/send/dXbLAzUH3Rw:APA91bG-8r_Xk2Zq",
        "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABnW3-Qx_yz",
        "https://web.push.apple.com/QGuQyavXutnMH-SfiEd8XpyZx8dZ",
        "https://wns2-par02p.notify.windows.com/w/?token=BQYAAADx%2bd%2fPz",
    ],
)
def test_the_browsers_real_push_endpoints_are_accepted(client, owner, endpoint):
    client.force_login(owner)

    assert subscribe(client, browser_subscription(endpoint=endpoint)).status_code == 201
    assert PushSubscription.objects.get().endpoint == endpoint


def test_a_stored_endpoint_the_library_would_send_elsewhere_is_never_contacted(owner, push_service):
    """A row from before these rules (or put in by hand) whose address Python reads as the
    push service but requests reads as this machine: nothing is sent."""
    port = push_service.server_address[1]
    subscription = Device().subscribe(owner, f"http://127.0.0.1:{port}\\@fcm.googleapis.com/push/abc")

    assert push.send_push(subscription, PAYLOAD) == "failed"

    assert push_service.requests == []
    subscription.refresh_from_db()
    assert subscription.failures == 1


# ---- Bounded work for "Send me a test now" ----


def test_a_test_notification_to_slow_push_services_is_bounded(client, owner, push_service, monkeypatch):
    from spasmcare.reminders import views_push

    monkeypatch.setattr(views_push, "TEST_TIMEOUT", 0.5)
    push_service.delay = 3.0
    for i in range(4):
        Device().subscribe(owner, f"{push_service.origin}/push/slow-{i}")
    client.force_login(owner)

    started = time.monotonic()
    response = client.post("/reminders/push/test/", headers={"Accept": "application/json"})
    elapsed = time.monotonic() - started

    assert elapsed < 2.5  # four slow devices at once, not one after another (4 x 3 s)
    assert response.json()["devices"] == 4 and response.json()["sent"] == 0
    assert "try again in a few minutes" in response.json()["message"]


def test_a_test_notification_reaches_at_most_the_device_limit(client, owner, push_service):
    from spasmcare.reminders.models import MAX_DEVICES

    for i in range(MAX_DEVICES + 3):  # saved before there was a limit: all are kept
        Device().subscribe(owner, f"{push_service.origin}/push/device-{i}")
    client.force_login(owner)

    response = client.post("/reminders/push/test/", headers={"Accept": "application/json"})

    assert response.json()["devices"] == MAX_DEVICES
    assert len(push_service.requests) == MAX_DEVICES
    assert PushSubscription.objects.filter(user=owner).count() == MAX_DEVICES + 3


def test_subscribing_more_devices_than_the_limit_is_refused_with_a_reason(client, owner):
    from spasmcare.reminders.models import MAX_DEVICES

    for i in range(MAX_DEVICES):
        Device().subscribe(owner, f"https://fcm.googleapis.com/fcm/send/device-{i}")
    client.force_login(owner)

    response = subscribe(
        client, browser_subscription(endpoint="https://fcm.googleapis.com/fcm/send/one-more")
    )

    assert response.status_code == 400
    assert "Remove one on the reminders page" in response.json()["message"]
    assert PushSubscription.objects.count() == MAX_DEVICES
    assert (
        subscribe(
            client, browser_subscription(endpoint="https://fcm.googleapis.com/fcm/send/device-0")
        ).status_code
        == 200
    )


def test_a_device_that_stopped_makes_room_for_a_new_one(client, owner):
    from django.utils import timezone

    from spasmcare.reminders.models import MAX_DEVICES

    for i in range(MAX_DEVICES):
        Device().subscribe(owner, f"https://fcm.googleapis.com/fcm/send/device-{i}")
    PushSubscription.objects.filter(endpoint__endswith="device-2").update(stopped_at=timezone.now())
    client.force_login(owner)

    assert (
        subscribe(
            client, browser_subscription(endpoint="https://fcm.googleapis.com/fcm/send/new")
        ).status_code
        == 201
    )

    assert PushSubscription.objects.count() == MAX_DEVICES
    assert not PushSubscription.objects.filter(endpoint__endswith="device-2").exists()


# ---- Subscriptions that change or stop ----


def test_the_service_worker_can_move_a_replaced_subscription_to_its_new_address(owner):
    old = Device().subscribe(
        owner, "https://fcm.googleapis.com/fcm/send/old", label="Chrome on Android", failures=4
    )
    new = browser_subscription(endpoint="https://fcm.googleapis.com/fcm/send/new")
    anonymous = Client(enforce_csrf_checks=True)  # the worker has neither session nor CSRF token

    response = anonymous.post(
        "/reminders/push/renew/",
        json.dumps({"oldEndpoint": old.endpoint, "oldAuth": old.auth, "subscription": new}),
        content_type="application/json",
    )

    assert response.status_code == 200
    [moved] = PushSubscription.objects.all()
    assert (moved.pk, moved.user, moved.label) == (old.pk, owner, "Chrome on Android")
    assert moved.endpoint.endswith("/new") and moved.failures == 0
    assert moved.as_subscription_info()["keys"] == new["keys"]


@pytest.mark.parametrize(
    "body",
    [
        {"oldEndpoint": "https://fcm.googleapis.com/fcm/send/guess", "subscription": browser_subscription()},
        {
            "oldEndpoint": "https://fcm.googleapis.com/fcm/send/old",
            "subscription": browser_subscription(endpoint="https://127.0.0.1\\@fcm.googleapis.com/x"),
        },
        {"oldEndpoint": "https://fcm.googleapis.com/fcm/send/old"},
        [1, 2],
    ],
)
def test_renewing_needs_the_old_address_and_a_good_new_one(owner, body):
    Device().subscribe(owner, "https://fcm.googleapis.com/fcm/send/old")

    response = Client().post("/reminders/push/renew/", json.dumps(body), content_type="application/json")

    assert response.status_code in (400, 404)
    assert PushSubscription.objects.get().endpoint == "https://fcm.googleapis.com/fcm/send/old"


def test_knowing_a_devices_push_address_is_not_enough_to_renew_it(owner, other_user):
    """The push service and anyone on its path see the address: with no session and no proof
    from the old subscription they can't replace its keys, revive it or move it to an account."""
    old = Device().subscribe(owner, "https://fcm.googleapis.com/fcm/send/old")
    old.stopped_at = old.created
    old.save()
    attacker_keys = browser_subscription(endpoint="https://fcm.googleapis.com/fcm/send/attacker")
    stranger = Client()
    body = {"oldEndpoint": old.endpoint, "subscription": attacker_keys}

    no_proof = stranger.post("/reminders/push/renew/", json.dumps(body), content_type="application/json")
    wrong_proof = stranger.post(
        "/reminders/push/renew/",
        json.dumps({**body, "oldAuth": b64url(os.urandom(16))}),
        content_type="application/json",
    )
    stranger.force_login(other_user)
    other_account = stranger.post(
        "/reminders/push/renew/",
        json.dumps(body),
        content_type="application/json",
        headers={"X-CSRFToken": "x" * 32},
    )

    assert no_proof.status_code == wrong_proof.status_code == other_account.status_code == 404
    [kept] = PushSubscription.objects.all()
    assert (kept.endpoint, kept.user, kept.auth) == (old.endpoint, owner, old.auth)
    assert kept.stopped_at is not None


def test_the_owners_reminders_page_can_renew_a_device(owner):
    old = Device().subscribe(owner, "https://fcm.googleapis.com/fcm/send/old")
    page = Client(enforce_csrf_checks=True)
    page.force_login(owner)
    page.get("/reminders/")
    new = browser_subscription(endpoint="https://fcm.googleapis.com/fcm/send/new")

    response = page.post(
        "/reminders/push/renew/",
        json.dumps({"oldEndpoint": old.endpoint, "subscription": new}),
        content_type="application/json",
        headers={"X-CSRFToken": page.cookies["csrftoken"].value},
    )

    assert response.status_code == 200
    assert PushSubscription.objects.get().endpoint.endswith("/new")


def test_the_reminders_page_says_which_device_stopped_working(client, owner):
    from django.utils import timezone

    Device().subscribe(
        owner, "https://fcm.googleapis.com/fcm/send/a", label="Chrome on Android", stopped_at=timezone.now()
    )
    Device().subscribe(owner, "https://fcm.googleapis.com/fcm/send/b", label="Firefox on Windows", failures=6)
    Device().subscribe(owner, "https://fcm.googleapis.com/fcm/send/c", label="Safari on iPhone")
    client.force_login(owner)

    page = client.get("/reminders/").content.decode()

    assert page.count("stopped getting reminders") == 2
    assert "Chrome on Android stopped getting reminders" in page
    assert "Firefox on Windows stopped getting reminders" in page
    assert "Safari on iPhone stopped" not in page


def test_a_device_that_subscribes_again_works_again(client, owner):
    from django.utils import timezone

    device = Device()
    device.subscribe(owner, ENDPOINT, stopped_at=timezone.now(), failures=7)
    client.force_login(owner)

    subscribe(client, {"endpoint": ENDPOINT, "keys": device.keys})

    subscription = PushSubscription.objects.get()
    assert subscription.stopped_at is None and subscription.failures == 0
    assert not subscription.stopped_working


# ---- The VAPID contact ----


@pytest.mark.parametrize(
    "contact, usable",
    [
        ("", False),  # falls back to DEFAULT_FROM_EMAIL, hello@localhost here
        ("mailto:hello@localhost", False),
        ("care@spasmcare.local", False),
        ("mailto:root@127.0.0.1", False),
        ("https://localhost/contact/", False),
        ("care-team@spasmcare.example", True),
        ("https://spasmcare.example/contact/", True),
    ],
)
def test_an_unusable_push_contact_is_a_system_check_warning(settings, contact, usable):
    from django.core.checks import run_checks

    settings.SPASMCARE_PUSH_CONTACT = contact
    settings.DEFAULT_FROM_EMAIL = "SpasmCare <hello@localhost>"

    warnings = [w for w in run_checks(include_deployment_checks=True) if w.id == "reminders.W001"]

    assert (warnings == []) == usable
    if warnings:
        assert "SPASMCARE_PUSH_CONTACT" in warnings[0].hint


# ---- Exactly once, with a push service that hangs ----

# A reminder worker as `manage.py send_reminders` runs it, with a claim (LEASE) shorter than the
# time the hanging push service below takes to get through everyone one after another.
SHORT_LEASE_WORKER = """
import sys
from datetime import timedelta
import django
django.setup()
from django.core.management import call_command
from spasmcare.reminders import sender
sender.LEASE = timedelta(seconds=2)
call_command("send_reminders")
"""


@pytest.mark.django_db(transaction=True)
def test_two_workers_against_a_push_service_that_hangs_deliver_once_per_person(
    django_user_model, push_service, tmp_path
):
    from datetime import UTC, datetime, timedelta
    from datetime import time as clock
    from zoneinfo import ZoneInfo

    from django.conf import settings

    from spasmcare.reminders.models import Reminder

    from .conftest import database_url_for_other_processes

    push_service.delay = 1.0  # every message is accepted, a second late
    now = datetime.now(UTC).replace(microsecond=0)
    people = django_user_model.objects.bulk_create(
        django_user_model(email=f"person{i}@example.com", timezone="Europe/London") for i in range(12)
    )
    for person in people:
        Device().subscribe(person, f"{push_service.origin}/push/{person.pk}")
    Reminder.objects.bulk_create(
        Reminder(
            user=person,
            enabled=True,
            next_due=now - timedelta(minutes=1),
            due_date=now.astimezone(ZoneInfo("Europe/London")).date(),
            time_of_day=clock(7, 30),
        )
        for person in people
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_other_processes(),
        "DJANGO_SETTINGS_MODULE": "spasmcare.settings",
        "SPASMCARE_DATA_DIR": str(tmp_path),
        "SPASMCARE_ALLOW_INSECURE_PUSH": "true",
    }
    first = subprocess.Popen([sys.executable, "-c", SHORT_LEASE_WORKER], cwd=settings.BASE_DIR, env=env)
    time.sleep(3)  # the first worker's claim has run out while it is still sending
    second = subprocess.Popen([sys.executable, "-c", SHORT_LEASE_WORKER], cwd=settings.BASE_DIR, env=env)
    assert first.wait(timeout=120) == 0 and second.wait(timeout=120) == 0

    received = sorted(request["path"] for request in push_service.requests)
    assert received == sorted(f"/push/{person.pk}" for person in people)
    from spasmcare.reminders.models import Delivery

    assert Delivery.objects.filter(sent_at__isnull=False).count() == len(people)
