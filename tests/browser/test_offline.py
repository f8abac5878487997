"""Real Chromium at phone size: routines keep working with no connection, a deploy's new
static files are used straight after a reload, and on a shared phone nothing of one person's
is served to or saved for the next."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect

from exercises.drawings import drawing_key
from spasmcare.history.models import CompletedSession

from ..conftest import PASSWORD, database_url_for_other_processes, phone_context
from .helpers import assert_no_axe_violations, make_short_routine, stop_the_clock

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def drawing_description(slug: str) -> str:
    """The shipped drawing's alt text, which the player gives its image."""
    return drawing_key(f"exercises/figures/{slug}.svg").description


INSTALL_MS = 30_000


def wait_for_worker(page):
    """Until the service worker controls the page and has finished precaching."""
    page.evaluate("navigator.serviceWorker.ready")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()
    # Functions, not bare expressions: Playwright polls an expression with eval(), which the
    # Content Security Policy refuses, so one that is false at first fails instead of waiting.
    page.wait_for_function("() => !!navigator.serviceWorker.controller")
    # An install fetches the relief path's pages from the test server, which the other tests keep
    # busy: on a loaded CI machine that has taken over 10 s (Playwright's default), so these two
    # waits, on the worker's own state, allow INSTALL_MS.
    page.wait_for_function(
        "caches.keys().then(keys => keys.some(k => k.startsWith('static-')) && keys.includes('pages'))",
        timeout=INSTALL_MS,
    )
    # The worker of this page's language, done taking over (a page in another language installs
    # its own): nothing of the install or the takeover is still fetching.
    page.wait_for_function(
        """() => {
          const worker = navigator.serviceWorker.controller;
          return !!worker && worker.state === "activated"
            && new URL(worker.scriptURL).searchParams.get("lang") === document.documentElement.lang;
        }""",
        timeout=INSTALL_MS,
    )


def test_a_routine_opened_once_plays_to_the_end_in_airplane_mode(pixel):
    hold, reps = (step["phases"]["more"] for step in make_short_routine().player_steps())
    page = pixel
    page.goto("/routines/quick-test/play/")
    wait_for_worker(page)
    page.reload()  # now fetched through the worker, which saves it
    page.wait_for_function(
        "caches.open('pages').then(c => c.match('/routines/quick-test/play/')).then(Boolean)"
    )

    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quick test routine")

    stop_the_clock(page)  # the routine's time moves when the test moves it
    page.get_by_role("button", name=re.compile("^Start")).click()
    drawing = page.get_by_role("img", name=drawing_description("knees-to-chest"))
    expect(drawing).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=drawing.element_handle())
    # Getting into position and the rest end as soon as the person is ready.
    page.get_by_role("button", name="I'm ready").click()
    expect(page.locator("#phase-label")).to_have_text("Hold")
    page.clock.run_for(hold["work"] * 1000 + 300)
    expect(page.locator("#phase-label")).to_have_text("Rest")
    page.get_by_role("button", name="I'm ready").click()
    expect(page.locator("#phase-label")).to_have_text("Get ready")
    page.get_by_role("button", name="I'm ready").click()
    page.clock.run_for((reps["work"] * 2 + reps["switch"]["seconds"]) * 1000 + 300)
    expect(page.get_by_role("heading", name="Well done")).to_be_visible()
    expect(page.locator("#finish-steps")).to_have_text("2 of 2")
    expect(page.locator("#save-status")).to_have_text("Kept on this phone, not in a history yet.")


def test_the_relief_routine_is_there_offline_without_ever_opening_it(pixel):
    page = pixel
    page.goto("/exercises/")
    wait_for_worker(page)
    page.context.set_offline(True)
    page.goto("/routines/spasm-relief/play/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Spasm relief, lying down")
    expect(page.locator(".player-step")).to_have_count(6)


def wait_for_relief_path(page):
    """Until the worker has saved the relief path's pages (installed from any first page)."""
    wait_for_worker(page)
    page.wait_for_function(
        """() => caches.open('pages').then(c => Promise.all(
            ['/offline/', '/relief/', '/routines/spasm-relief/play/', '/routines/rest-and-breathe/play/']
              .map(u => c.match(u)))).then(all => all.every(Boolean))"""
    )


def test_from_only_the_home_page_the_relief_path_works_offline(playwright, browser, live_server):
    """A first visit to the home page, then no network: the spasm button, the one-tap check
    (both answers, and a mis-tap undone), the relief routine at pain 9 with its drawings, "Rest
    and breathe", and the call buttons on the offline page. Never a link that needs the network."""
    context = phone_context(playwright, browser, live_server, "Pixel 7", safety_checked=False)
    page = context.new_page()
    page.goto("/")
    wait_for_relief_path(page)
    context.set_offline(True)

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You're offline")
    call = page.get_by_role("link", name=re.compile("Call 112"))
    expect(call).to_be_visible()
    assert call.get_attribute("href") == "tel:112"
    assert_no_axe_violations(page, "offline page")
    page.get_by_role("link", name=re.compile("Back spasm right now")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Back spasm right now?")

    page.get_by_role("button", name=re.compile("Yes, one or more")).click()
    help_now = page.locator("#get-help")
    expect(help_now).to_be_visible()
    expect(help_now).to_contain_text("Please get medical help now")
    expect(help_now.get_by_role("link", name=re.compile("Call 112"))).to_be_visible()
    help_now.get_by_role("link", name=re.compile("by mistake")).click()
    expect(help_now).to_be_hidden()

    page.get_by_role("button", name=re.compile("No, none of these")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spasm relief, lying down")
    expect(page.locator("#relief-gate")).to_be_hidden()
    page.locator("#pain-before-form").get_by_role("radio", name="9", exact=True).check()
    page.locator("#pain-check [data-question]:not([hidden])").get_by_role("button", name="No").click()
    page.get_by_role("button", name=re.compile("^Start")).click()
    expect(page.locator("#live")).to_be_visible()
    for step in range(6):
        if step:
            page.get_by_role("button", name="Skip").click()
        drawing = page.locator(".player-step:not([hidden]) .figure")
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=drawing.element_handle())

    page.goto("/routines/rest-and-breathe/play/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rest and breathe")
    page.get_by_role("button", name=re.compile("^Start")).click()
    expect(page.locator("#live")).to_be_visible()
    context.set_offline(False)
    context.close()


def test_the_relief_path_is_saved_without_anything_of_an_account(pixel, owner):
    page = pixel
    log_in_with_the_form(page, owner)
    page.goto("/")
    wait_for_relief_path(page)
    kept = page.evaluate(
        """async () => {
            const cache = await caches.open('pages');
            const pages = {};
            for (const request of await cache.keys()) {
              pages[new URL(request.url).pathname] = await (await cache.match(request)).text();
            }
            return pages;
        }"""
    )
    assert {"/offline/", "/relief/", "/routines/spasm-relief/play/"} <= set(kept)
    for path, html in kept.items():
        assert "data-signed-in" not in html and owner.email not in html, path


def test_an_easier_version_shows_its_drawing_offline(pixel):
    """The easier version's drawing is never shown until the swap; it is saved with the page."""
    make_short_routine()
    page = pixel
    page.goto("/routines/quick-test/play/")
    wait_for_worker(page)
    page.reload()
    page.wait_for_function(
        "caches.open('pages').then(c => c.match('/routines/quick-test/play/')).then(Boolean)"
    )
    page.context.set_offline(True)
    page.reload()
    page.get_by_role("button", name=re.compile("^Start")).click()
    page.get_by_role(
        "button", name="Skip"
    ).click()  # heel slides, whose easier version is in no relief routine
    page.get_by_role("button", name="This hurts").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("radio", name="5", exact=True).check()
    dialog.get_by_role("button", name="Tell me what to do").click()
    dialog.get_by_role("button", name="Switch to Deep tummy draw-in").click()
    drawing = page.get_by_role("img", name=drawing_description("tummy-draw-in"))
    expect(drawing).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=drawing.element_handle())
    page.context.set_offline(False)


def test_pages_not_saved_show_the_offline_page_with_saved_routines(pixel):
    page = pixel
    page.goto("/routines/desk-break/play/")
    wait_for_worker(page)
    page.reload()
    page.context.set_offline(True)
    page.goto("/learn/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You're offline")
    saved = page.locator("#saved-routines a")
    expect(saved.filter(has_text="Seated desk break")).to_have_count(1)
    expect(saved.filter(has_text="Spasm relief, lying down")).to_have_count(1)
    saved.filter(has_text="Seated desk break").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Seated desk break")


# ---- A shared phone ----


def log_in_with_the_form(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/history/$"))


def skip_to_the_finish(page):
    page.get_by_role("button", name=re.compile("^Start")).click()
    page.get_by_role("button", name="Skip").click()
    page.get_by_role("button", name="Skip").click()
    # Both steps skipped: the finish screen says so rather than "Well done".
    expect(page.get_by_role("heading", name="You did 0 of 2 steps")).to_be_visible()


def queued_sessions(page) -> list:
    return page.evaluate("JSON.parse(localStorage.getItem('spasmcare.pending-sessions') || '[]')")


def test_on_a_shared_phone_the_next_person_gets_nothing_of_the_last(pixel, owner, other_user):
    make_short_routine()
    for person in (owner, other_user):
        person.safety_outcome = "fine"
        person.save()
    page = pixel
    console = []
    page.on("console", lambda message: console.append(message.text))

    # A signs in and opens a routine, which the worker keeps for A to use offline.
    log_in_with_the_form(page, owner)
    page.goto("/routines/quick-test/play/")
    wait_for_worker(page)
    page.reload()
    page.wait_for_function(
        "caches.open('pages-private').then(c => c.match('/routines/quick-test/play/')).then(Boolean)"
    )
    assert page.evaluate("document.featurePolicy.allowsFeature('screen-wake-lock')")
    assert not page.evaluate("document.featurePolicy.allowsFeature('camera')")

    # A logs out: nothing signed-in is left on the phone, online or off.
    page.goto("/accounts/settings/")
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))  # the home page
    page.wait_for_load_state()
    wait_for_worker(page)
    assert "pages-private" not in page.evaluate("caches.keys()")
    assert queued_sessions(page) == []
    page.go_back()  # to A's settings page: not kept by the browser, so asked for again
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("body[data-account]")).to_have_count(0)
    page.context.set_offline(True)
    page.goto("/routines/quick-test/play/")
    expect(page.locator("body[data-account]")).to_have_count(0)
    expect(page.locator("body[data-signed-in]")).to_have_count(0)

    # Someone finishes the routine signed out, offline.
    page.context.set_offline(False)
    page.goto("/routines/quick-test/play/")
    page.context.set_offline(True)
    page.reload()
    skip_to_the_finish(page)
    expect(page.locator("#save-status")).to_have_text("Kept on this phone, not in a history yet.")
    assert [s["account"] for s in queued_sessions(page)] == [None]

    # B signs in: the session is offered, never added without asking.
    page.context.set_offline(False)
    log_in_with_the_form(page, other_user)
    offer = page.locator("#session-offer")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("Add the session you just finished?")
    expect(offer).to_contain_text("Quick test routine")
    assert_no_axe_violations(page, "history with the offer")
    expect(page.locator(".session")).to_have_count(0)
    page.reload()
    expect(page.locator(".session")).to_have_count(0)
    assert CompletedSession.objects.count() == 0

    offer.get_by_role("button", name="No thanks").click()
    expect(offer).to_contain_text("removed from this phone")
    page.reload()
    expect(page.locator("#session-offer")).to_be_hidden()
    assert queued_sessions(page) == []
    assert CompletedSession.objects.count() == 0
    assert not {m for m in console if "Permissions-Policy" in m or "Permissions Policy" in m}


def test_a_session_finished_signed_in_offline_is_only_ever_sent_for_that_person(pixel, owner, other_user):
    """A finishes offline; the phone is handed to B before it comes back online. A's session
    stays A's: logging out sends it for A first, and nothing is sent while B is signed in."""
    make_short_routine()
    for person in (owner, other_user):
        person.safety_outcome = "fine"
        person.save()
    page = pixel
    log_in_with_the_form(page, owner)
    page.goto("/routines/quick-test/play/")
    page.context.set_offline(True)
    skip_to_the_finish(page)
    expect(page.locator("#save-status")).to_contain_text("Not saved yet")
    [queued] = queued_sessions(page)
    assert queued["account"] == page.evaluate("document.body.dataset.account")

    # B is signed in on the same phone (A's session ended without logging out): the queued
    # session is not sent for B, and the server would refuse it anyway.
    page.context.clear_cookies()
    page.context.set_offline(False)
    log_in_with_the_form(page, other_user)
    page.goto("/history/")
    expect(page.locator(".session")).to_have_count(0)
    expect(page.locator("#session-offer")).to_be_hidden()
    status = page.evaluate(
        """session => fetch(document.body.dataset.saveUrl, {method: "POST", headers: {"Content-Type": "application/json",
           "X-CSRFToken": document.cookie.match(/csrftoken=([^;]+)/)[1]}, body: JSON.stringify(session)}).then(r => r.status)""",
        queued,
    )
    assert status == 409
    assert CompletedSession.objects.count() == 0
    assert [s["key"] for s in queued_sessions(page)] == [queued["key"]]

    # A signs in again: it is sent for A.
    page.goto("/accounts/settings/")
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))  # the home page
    # Logging out cleared the phone; a browser that ignores Clear-Site-Data would still hold it.
    page.evaluate(
        "list => localStorage.setItem('spasmcare.pending-sessions', JSON.stringify(list))", [queued]
    )
    log_in_with_the_form(page, owner)
    page.wait_for_function(
        "() => JSON.parse(localStorage.getItem('spasmcare.pending-sessions') || '[]').length === 0"
    )
    assert list(CompletedSession.objects.values_list("user__email", flat=True)) == [owner.email]


# ---- A deploy, for real: two releases served by gunicorn on the same address ----


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def collect(static_root: Path, sources: Path | None = None):
    overrides = {"STATIC_ROOT": str(static_root)}
    if sources:
        overrides["STATICFILES_DIRS"] = [str(sources)]
    with override_settings(**overrides):
        call_command("collectstatic", interactive=False, verbosity=0)


def serve(port: int, static_root: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_other_processes(),
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_DEBUG": "false",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "spasmcare.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "1",
            "--threads",
            "4",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(process.stderr.read().decode())


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=15)


def test_after_a_deploy_the_new_stylesheet_is_used_on_reload(playwright, browser, tmp_path):
    sources = tmp_path / "static-v2"
    shutil.copytree(Path(settings.BASE_DIR) / "static", sources)
    with open(sources / "css" / "app.css", "a") as css:
        css.write("\n:root { --release: 2; }\n")
    collect(tmp_path / "release-1")
    collect(tmp_path / "release-2", sources)

    port = free_port()

    class Address:
        url = f"http://127.0.0.1:{port}"

    context = phone_context(playwright, browser, Address, "Pixel 7")
    page = context.new_page()
    server = serve(port, tmp_path / "release-1")
    try:
        page.goto("/routines/spasm-relief/")
        wait_for_worker(page)
        old_css = page.locator("link[rel=stylesheet]").get_attribute("href")
        assert page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--release')") == ""
        old_caches = page.evaluate("caches.keys()")
    finally:
        stop(server)

    server = serve(port, tmp_path / "release-2")
    try:
        page.reload()
        new_css = page.locator("link[rel=stylesheet]").get_attribute("href")
        assert new_css != old_css and new_css.startswith("/static/css/app.")
        assert (
            page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--release')").strip()
            == "2"
        )
        # The new worker takes over and drops the previous release's cached files.
        old_static = next(k for k in old_caches if k.startswith("static-"))
        page.wait_for_function(
            "old => caches.keys().then(keys => !keys.includes(old) && keys.some(k => k.startsWith('static-')))",
            arg=old_static,
            timeout=15_000,
        )
        # And offline, the saved page now uses the new release's stylesheet too.
        page.context.set_offline(True)
        page.reload()
        assert page.locator("link[rel=stylesheet]").get_attribute("href") == new_css
        assert (
            page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--release')").strip()
            == "2"
        )
    finally:
        stop(server)
        context.close()
