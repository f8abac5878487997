"""The service worker in real Chromium: a push arrives, a notification shows, a tap opens the routine.

Chromium can't subscribe to a real push service offline, but DevTools can hand the worker a push
message directly (ServiceWorker.deliverPushMessage), which runs the real push handler.
"""

import json

import pytest
from playwright.sync_api import expect

from spasmcare.reminders.models import PushSubscription

from ..conftest import log_in, phone_context
from ..test_push import Device

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROUTINE = "/routines/spasm-relief/play/"


@pytest.fixture
def notifying_phone(playwright, browser, live_server):
    context = phone_context(playwright, browser, live_server, "Pixel 7", permissions=["notifications"])
    page = context.new_page()
    yield page
    context.close()


def install_worker(page, live_server):
    """Register /sw.js?lang=… as the page does; return a function that delivers a push to it."""
    page.goto("/")
    page.evaluate(
        """async () => {
            // The script address the page itself registers (js/sw-register.js), so the two agree.
            await navigator.serviceWorker.register(`/sw.js?lang=${document.documentElement.lang}`, {scope: "/"});
            await navigator.serviceWorker.ready;
        }"""
    )
    registrations = {}
    cdp = page.context.new_cdp_session(page)
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.update(
            {r["scopeURL"]: r for r in event["registrations"] if not r["isDeleted"]}
        ),
    )
    cdp.send("ServiceWorker.enable")
    scope = f"{live_server.url}/"
    for _ in range(50):
        if scope in registrations:
            break
        page.wait_for_timeout(100)
    registration_id = registrations[scope]["registrationId"]

    def deliver(message: dict):
        """Push `message` to the worker. On a busy machine a delivery through DevTools was lost
        (no notification in 15 s, fresh-clone CI of 2026-12-06; alone the test shows it in under
        2 s), so a push that shows nothing within 10 s is delivered once more. A worker that never
        shows one still fails the test; a second copy replaces the first (same tag)."""
        for _ in range(2):
            cdp.send(
                "ServiceWorker.deliverPushMessage",
                {"origin": live_server.url, "registrationId": registration_id, "data": json.dumps(message)},
            )
            if page.evaluate(SHOWN_WITHIN_10_S):
                return

    return deliver


SHOWN_WITHIN_10_S = """async () => {
    const registration = await navigator.serviceWorker.ready;
    for (let i = 0; i < 100; i++) {
        if ((await registration.getNotifications()).length) return true;
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
}"""


def shown_notifications(page) -> list[dict]:
    """The notifications the worker shows, waiting up to 15 s for the first: a worker the browser
    has stopped starts again to take the push, which took over 5 s on a busy CI machine."""
    return page.evaluate(
        """async () => {
            const registration = await navigator.serviceWorker.ready;
            for (let i = 0; i < 150; i++) {
                const shown = await registration.getNotifications();
                if (shown.length) {
                    return shown.map((n) => ({title: n.title, body: n.body, tag: n.tag, icon: n.icon, data: n.data}));
                }
                await new Promise((resolve) => setTimeout(resolve, 100));
            }
            return [];
        }"""
    )


# Chromium lets a worker open or focus a window only while it handles a real tap on a
# notification, and nothing outside the browser can make one. So the test calls the worker's own
# notificationclick handler with the real notification, and records the window calls it makes.
TAP_NOTIFICATION = """async () => {
    const calls = [];
    self.clients.openWindow = async (url) => { calls.push(["open", url]); return null; };
    WindowClient.prototype.focus = async function () { calls.push(["focus", this.url]); return this; };
    const [notification] = await self.registration.getNotifications();
    const pending = [];
    self.onnotificationclick({notification, waitUntil: (promise) => pending.push(promise)});
    await Promise.all(pending);
    return {calls, left: (await self.registration.getNotifications()).length};
}"""


NO_WINDOW_OPEN = """async () => {
    for (let i = 0; i < 100; i++) {
        if (!(await self.clients.matchAll({type: "window", includeUncontrolled: true})).length) return true;
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
}"""


def test_a_pushed_reminder_shows_a_notification_that_opens_the_routine(notifying_phone, live_server):
    page = notifying_phone
    deliver = install_worker(page, live_server)

    deliver(
        {"title": "Today: Spasm relief", "body": "About 6 minutes.", "url": ROUTINE, "tag": "daily-reminder"}
    )

    [notification] = shown_notifications(page)
    assert notification["title"] == "Today: Spasm relief"
    assert notification["body"] == "About 6 minutes."
    assert notification["tag"] == "daily-reminder"
    assert notification["data"] == {"url": f"{live_server.url}{ROUTINE}"}
    assert page.request.get(notification["icon"]).ok

    # The app is open (on its home page): that window comes forward and goes to the routine; no
    # second window is opened.
    [worker] = page.context.service_workers
    tapped = worker.evaluate(TAP_NOTIFICATION)
    assert tapped == {"calls": [["focus", f"{live_server.url}/"]], "left": 0}
    expect(page).to_have_url(f"{live_server.url}{ROUTINE}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Spasm relief")


def test_with_the_app_closed_a_tap_opens_the_routine(notifying_phone, live_server):
    page = notifying_phone
    deliver = install_worker(page, live_server)
    deliver({"title": "Today: Spasm relief", "body": "About 6 minutes.", "url": ROUTINE})
    assert shown_notifications(page)
    [worker] = page.context.service_workers
    page.goto("about:blank")  # no window of the app is open
    # The worker hears of the window leaving a moment after the page has: until then a tap would
    # (rightly) bring that window forward.
    assert worker.evaluate(NO_WINDOW_OPEN), "the worker still lists the app's window"
    assert worker.evaluate(TAP_NOTIFICATION)["calls"] == [["open", f"{live_server.url}{ROUTINE}"]]


def test_a_tap_never_takes_a_window_away_from_a_routine_under_way(notifying_phone, live_server):
    page = notifying_phone
    deliver = install_worker(page, live_server)
    page.goto("/routines/rest-and-breathe/play/")
    deliver({"title": "Today: Spasm relief", "body": "About 6 minutes.", "url": ROUTINE})
    assert shown_notifications(page)
    [worker] = page.context.service_workers
    assert worker.evaluate(TAP_NOTIFICATION)["calls"] == [
        ["focus", f"{live_server.url}/routines/rest-and-breathe/play/"]
    ]
    expect(page).to_have_url(f"{live_server.url}/routines/rest-and-breathe/play/")


def test_tapping_a_reminder_while_the_routine_is_open_brings_that_window_forward(
    notifying_phone, live_server
):
    page = notifying_phone
    deliver = install_worker(page, live_server)
    routine_page = page.context.new_page()
    routine_page.goto(ROUTINE)

    deliver(
        {"title": "Today: Spasm relief", "body": "About 6 minutes.", "url": ROUTINE, "tag": "daily-reminder"}
    )
    assert shown_notifications(page)

    [worker] = page.context.service_workers
    assert worker.evaluate(TAP_NOTIFICATION)["calls"] == [["focus", f"{live_server.url}{ROUTINE}"]]


def test_a_push_only_ever_points_at_this_site(notifying_phone, live_server):
    page = notifying_phone
    deliver = install_worker(page, live_server)

    deliver({"title": "Odd", "body": "A message pointing elsewhere.", "url": "https://example.com/phish"})

    [notification] = shown_notifications(page)
    assert notification["data"] == {"url": f"{live_server.url}/"}
    assert notification["tag"] == "spasmcare"


def test_reminders_page_offers_push_and_explains_when_it_cannot_subscribe(
    notifying_phone, live_server, owner
):
    page = notifying_phone
    log_in(page.context, owner, live_server)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto("/reminders/")

    button = page.locator("#push-enable")
    expect(button).to_be_visible()
    button.click()

    # Offline, Chromium can't reach its push service; the person is told plainly.
    expect(page.locator("#push-status")).to_contain_text("couldn't set up notifications", timeout=30_000)
    assert errors == []


def test_a_subscription_the_browser_replaces_keeps_getting_reminders(notifying_phone, live_server, owner):
    """Browsers replace push subscriptions (they expire, or the push service rotates them) and
    tell the worker with pushsubscriptionchange; the device's row moves to the new address."""

    old_device = Device()
    old = old_device.subscribe(
        owner, "https://fcm.googleapis.com/fcm/send/old-one", label="Chrome on Android", failures=3
    )
    new_keys = Device().keys
    page = notifying_phone
    install_worker(page, live_server)
    [worker] = page.context.service_workers

    worker.evaluate(
        """async ({oldEndpoint, oldKeys, keys}) => {
            const newEndpoint = "https://fcm.googleapis.com/fcm/send/new-one";
            const pending = [];
            self.onpushsubscriptionchange({
                // As a browser hands it over: with its keys, whose auth secret proves the browser.
                oldSubscription: {endpoint: oldEndpoint, toJSON: () => ({endpoint: oldEndpoint, keys: oldKeys})},
                newSubscription: {endpoint: newEndpoint, toJSON: () => ({endpoint: newEndpoint, keys})},
                waitUntil: (promise) => pending.push(promise),
            });
            await Promise.all(pending);
        }""",
        {"oldEndpoint": old.endpoint, "oldKeys": old_device.keys, "keys": new_keys},
    )

    [moved] = PushSubscription.objects.all()
    assert (moved.pk, moved.user_id, moved.label) == (old.pk, owner.pk, "Chrome on Android")
    assert moved.endpoint == "https://fcm.googleapis.com/fcm/send/new-one"
    assert moved.as_subscription_info()["keys"] == new_keys and moved.failures == 0


def test_the_reminders_page_moves_a_device_whose_subscription_changed_while_away(
    notifying_phone, live_server, owner
):
    """push.js on page load: the browser's subscription is not the one it last gave the server
    (it expired while no worker ran), so the device's row moves to the new one. Chromium can't
    reach a real push service here, so the browser's PushManager answers with a stand-in."""

    old = Device().subscribe(owner, "https://fcm.googleapis.com/fcm/send/before", label="Chrome on Android")
    keys = Device().keys
    page = notifying_phone
    log_in(page.context, owner, live_server)
    page.goto("/")
    page.evaluate("(endpoint) => localStorage.setItem('spasmcare-push-endpoint', endpoint)", old.endpoint)
    page.add_init_script(
        script=f"""
        (() => {{
            const endpoint = "https://fcm.googleapis.com/fcm/send/after";
            const keys = {json.dumps(keys)};
            const current = {{ endpoint, toJSON: () => ({{ endpoint, keys }}) }};
            navigator.serviceWorker.getRegistration = async () => ({{
                pushManager: {{ getSubscription: async () => current }},
            }});
        }})();
        """
    )

    page.goto("/reminders/")

    page.wait_for_function("() => localStorage.getItem('spasmcare-push-endpoint').endsWith('/after')")
    [moved] = PushSubscription.objects.all()
    assert (moved.pk, moved.label, moved.endpoint) == (
        old.pk,
        "Chrome on Android",
        "https://fcm.googleapis.com/fcm/send/after",
    )
