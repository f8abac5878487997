"""Real Chromium at 375×667: a person makes their own routine, reorders it by keyboard, plays it
to the end and finds it in history; it stays private; its share link gives a copy. Also the
library's height on a phone, and screenshots of the library, routines and builder."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from exercises import pacing
from exercises.models import Exercise, Routine, RoutineStep

from ..conftest import log_in, pass_safety_check
from .helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_overflow,
    assert_tap_targets_are_big_enough,
    cue_setting,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {
    "viewport": {"width": 375, "height": 667},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


@pytest.fixture
def phone_375(browser, live_server):
    def open_page(user=None):
        context = browser.new_context(base_url=live_server.url, **PHONE)
        context.set_default_timeout(10_000)
        pass_safety_check(context, live_server)
        if user:
            log_in(context, user, live_server)
        contexts.append(context)
        page = context.new_page()
        # The service worker's first install fetches pages that set the CSRF cookie; a form
        # opened while that runs can be given a token for a cookie then replaced. Let it finish.
        page.goto("/")
        page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
        return page

    contexts = []
    yield open_page
    for context in contexts:
        context.close()


def step_names(page) -> list[str]:
    return [re.sub(r"^\d+\.\s*", "", t) for t in page.locator(".builder-step h3").all_inner_texts()]


def test_make_reorder_by_keyboard_play_and_find_in_history(phone_375, owner):
    owner.safety_outcome = "fine"
    owner.save()
    page = phone_375(owner)
    page.goto("/routines/")
    page.get_by_role("link", name="Make your own").click()
    page.get_by_label("Name of your routine").fill("Three before bed")
    page.get_by_role("button", name="Next: add exercises").click()
    expect(page.get_by_role("heading", name="Edit your routine")).to_be_visible()

    for name in ["Supported knees to chest", "Pelvic tilt", "Belly breathing (diaphragmatic breathing)"]:
        page.get_by_label("Exercise", exact=True).select_option(label=name)
        page.get_by_role("button", name="Add to the routine").click()
        expect(page.locator(".builder-step")).to_have_count(len(step_names(page)))
    assert step_names(page) == [
        "Supported knees to chest",
        "Pelvic tilt",
        "Belly breathing (diaphragmatic breathing)",
    ]

    # Short doses so the real run takes seconds.
    for i, step in enumerate(page.locator(".builder-step").all()):
        step.locator('input[name$="-amount"]').fill("5" if i != 1 else "1")
        step.locator('input[name$="-rest_seconds"]').fill("0")
    page.get_by_role("button", name="Save", exact=True).click()
    # The time shown includes the spoken guidance and getting into each new position.
    expect(page.locator("#routine-total")).to_contain_text("About 2 minutes")

    # Reorder by keyboard: Tab to the first step's "Down" button and press Enter.
    page.locator(".builder-step").first.get_by_role("button", name=re.compile("^Up")).focus()
    page.keyboard.press("Tab")
    expect(
        page.locator(".builder-step").first.get_by_role("button", name=re.compile("^Down"))
    ).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#builder-announcer")).to_have_text(
        "Supported knees to chest moved to position 2 of 3."
    )
    assert step_names(page) == [
        "Pelvic tilt",
        "Supported knees to chest",
        "Belly breathing (diaphragmatic breathing)",
    ]
    expect(page.get_by_role("button", name="Down: move Supported knees to chest later")).to_be_focused()
    page.keyboard.press("Enter")  # and once more, to the end
    expect(page.locator("#builder-announcer")).to_have_text(
        "Supported knees to chest moved to position 3 of 3."
    )

    # Saved in the background, and the save bar says so once it is: a reload shows the new order.
    expect(page.locator("#save-state")).to_have_text("Saved.")
    routine = Routine.objects.get(owner=owner)
    page.reload()
    assert step_names(page) == [
        "Pelvic tilt",
        "Belly breathing (diaphragmatic breathing)",
        "Supported knees to chest",
    ]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "builder-375.png", full_page=True)
    assert_no_horizontal_overflow(page, "builder")
    assert_tap_targets_are_big_enough(page, "builder")
    assert_no_axe_violations(page, "builder")

    page.clock.install()  # the player's timers run on the page's clock, driven below
    page.get_by_role("button", name="Play", exact=True).click()
    cue_setting(page, "Spoken cues").uncheck()
    page.get_by_role("button", name=re.compile("^Start")).click()
    expect(page.get_by_role("heading", name="Pelvic tilt")).to_be_visible()
    seconds = pacing.routine_seconds(Routine.objects.with_steps().get(pk=routine.pk).player_steps(), "more")
    page.clock.run_for((seconds + 5) * 1000)
    expect(page.get_by_role("heading", name="Well done")).to_be_visible()
    expect(page.locator("#finish-steps")).to_have_text("3 of 3")
    expect(page.locator("#save-status")).to_have_text("Saved to your history.", timeout=10_000)

    page.goto("/history/")
    expect(page.locator(".session").first).to_contain_text("Three before bed")


def test_own_routine_is_private_and_its_share_link_adds_a_copy(phone_375, owner, other_user):
    routine = Routine.objects.create(owner=owner, slug=Routine.new_own_slug(), name="Desk reset")
    for order, slug in enumerate(["shoulder-rolls", "seated-twist", "seated-cat-cow"], start=1):
        RoutineStep.objects.create(routine=routine, exercise=Exercise.objects.get(slug=slug), order=order)

    mine = phone_375(owner)
    mine.goto(routine.get_absolute_url())
    mine.get_by_role("button", name="Make a share link").click()
    link = mine.get_by_label("Share link").input_value()
    assert "/routines/shared/" in link

    theirs = phone_375(other_user)
    for url in [routine.get_absolute_url(), routine.get_play_url(), routine.get_edit_url()]:
        assert theirs.goto(url).status == 404, url
    theirs.goto(link)
    expect(theirs.get_by_role("heading", name="Desk reset")).to_be_visible()
    assert_no_axe_violations(theirs, "shared preview")
    theirs.get_by_role("button", name="Add a copy to my routines").click()
    expect(theirs.get_by_role("heading", name="Desk reset", level=1)).to_be_visible()
    copy = Routine.objects.get(owner=other_user)
    assert copy.pk != routine.pk
    assert list(copy.steps.values_list("exercise__slug", flat=True)) == [
        "shoulder-rolls",
        "seated-twist",
        "seated-cat-cow",
    ]

    mine.get_by_role("button", name="Turn the link off").click()
    assert theirs.goto(link).status == 404


def test_library_is_compact_on_a_phone_and_screenshots(phone_375, owner):
    assert Exercise.objects.published().count() == 40
    page = phone_375()
    page.goto("/exercises/")
    expect(page.locator(".exercise-row")).to_have_count(40)
    height = page.evaluate("() => document.documentElement.scrollHeight")
    screens = height / 667
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "library-height.txt").write_text(
        f"Library at 375x667 with 40 exercises: {height}px tall = {screens:.2f} screens\n"
    )
    assert screens <= 8, f"{height}px is {screens:.1f} screens"
    page.screenshot(path=ARTIFACTS / "library-375.png")
    page.screenshot(path=ARTIFACTS / "library-375-full.png", full_page=True)

    # The chips stay in reach after scrolling down the list.
    page.evaluate("() => window.scrollTo(0, 2000)")
    page.wait_for_timeout(300)
    box = page.locator(".filter-bar").bounding_box()
    info = page.evaluate(
        "() => [window.scrollY, getComputedStyle(document.querySelector('.filter-bar')).position]"
    )
    assert box and 0 <= box["y"] < 10, (box, info)
    page.screenshot(path=ARTIFACTS / "library-375-scrolled.png")
    assert_no_axe_violations(page, "library")
    assert_tap_targets_are_big_enough(page, "library")

    own = Routine.objects.create(owner=owner, slug=Routine.new_own_slug(), name="My mornings")
    for order, slug in enumerate(["cat-cow", "pelvic-tilt", "knee-rolls"], start=1):
        RoutineStep.objects.create(routine=own, exercise=Exercise.objects.get(slug=slug), order=order)
    page = phone_375(owner)
    page.goto("/routines/")
    headings = page.locator("main h2").all_inner_texts()
    assert headings[:2] == ["Your routines", "For a spasm or a sore day"]
    page.screenshot(path=ARTIFACTS / "routines-375.png")
    page.screenshot(path=ARTIFACTS / "routines-375-full.png", full_page=True)
    assert_no_horizontal_overflow(page, "routines")
    assert_no_axe_violations(page, "routines")
    assert_tap_targets_are_big_enough(page, "routines")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_own_routine_pages_fit_the_phone_and_pass_axe(phone_375, owner, scheme):
    routine = Routine.objects.create(
        owner=owner, slug=Routine.new_own_slug(), name="Desk reset", share_token="t0ken"
    )
    for order, slug in enumerate(["shoulder-rolls", "seated-twist"], start=1):
        RoutineStep.objects.create(routine=routine, exercise=Exercise.objects.get(slug=slug), order=order)
    page = phone_375(owner)
    page.emulate_media(color_scheme=scheme, reduced_motion="reduce")
    for url in [
        "/",
        "/routines/new/",
        "/exercises/cat-cow/add/",
        routine.get_absolute_url(),
        routine.get_edit_url(),
        f"/routines/{routine.slug}/delete/",
        "/routines/shared/t0ken/",
        "/exercises/?q=stiff+neck&kind=stretch&area=neck-shoulders",
    ]:
        page.goto(url)
        label = f"{url} ({scheme})"
        assert_no_horizontal_overflow(page, label)
        assert_no_axe_violations(page, label)
        assert_tap_targets_are_big_enough(page, label)


def test_editor_drags_a_routine_step_into_place(browser, live_server, editor):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 2400})
    log_in(context, editor, live_server)
    page = context.new_page()
    routine = Routine.objects.get(slug="spasm-relief")
    page.goto(f"/admin/exercises/routine/{routine.pk}/change/")
    rows = page.locator("#steps-group tbody tr.has_original")
    first = rows.nth(0).locator("td.original p").inner_text()
    handle = rows.nth(0).locator("td.original p").bounding_box()
    target = rows.nth(2).bounding_box()
    page.mouse.move(handle["x"] + 5, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    for step in range(1, 11):  # in small moves, as a hand would
        page.mouse.move(
            handle["x"] + 5, handle["y"] + (target["y"] + target["height"] * 0.8 - handle["y"]) * step / 10
        )
        page.wait_for_timeout(30)
    page.mouse.up()
    page.locator("input[name=_continue]").click()
    routine.refresh_from_db()
    slugs = list(routine.steps.order_by("order").values_list("exercise__name", flat=True))
    assert slugs[0] != "Lower legs on a chair (rest position)", (first, slugs)
    assert "Lower legs on a chair (rest position)" in slugs[1:3]
    context.close()
