"""Real Chromium: the exercise drawings move, and stand still for people who turn motion off."""

import pytest

from ..conftest import chromium_path, phone_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Repetition drawings: their loops never rest for as long as a second, so any two moments a
# second apart show different poses.
MOVING = ["cat-cow", "glute-bridge", "belly-breathing"]


def two_looks_a_second_apart(page, slug):
    page.goto(f"/exercises/{slug}/")
    drawing = page.locator("img.figure").first
    drawing.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=drawing.element_handle())
    first = drawing.screenshot()
    page.wait_for_timeout(1000)
    return first, drawing.screenshot()


@pytest.mark.parametrize("slug", MOVING)
def test_an_exercise_drawing_moves(playwright, browser, live_server, slug):
    context = phone_context(playwright, browser, live_server, "Pixel 7")
    first, second = two_looks_a_second_apart(context.new_page(), slug)
    context.close()
    assert first != second, f"{slug} did not move"


@pytest.fixture(scope="module")
def browser_with_motion_reduced(playwright):
    """Chromium as on a phone whose owner turned motion off: Playwright's reduced_motion
    emulation reaches the page but not the documents of SVG images, so the browser gets the
    preference from its command line, as it would from the system."""
    browser = playwright.chromium.launch(
        executable_path=chromium_path(), args=["--no-sandbox", "--force-prefers-reduced-motion"]
    )
    yield browser
    browser.close()


@pytest.mark.parametrize("slug", MOVING + ["knees-to-chest"])
def test_with_reduced_motion_the_drawing_stands_still(
    playwright, browser_with_motion_reduced, live_server, slug
):
    context = phone_context(
        playwright, browser_with_motion_reduced, live_server, "Pixel 7", reduced_motion="reduce"
    )
    first, second = two_looks_a_second_apart(context.new_page(), slug)
    context.close()
    assert first == second, f"{slug} moved although motion is reduced"
