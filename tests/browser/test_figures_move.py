"""Real Chromium: the exercise drawings move, and stand still for people who turn motion off."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from exercises.drawings import drawing_key

from ..conftest import chromium_path, pass_safety_check, phone_context
from .helpers import assert_no_axe_violations, assert_no_horizontal_overflow, cue_setting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

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


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_at_phone_size_the_exercise_page_explains_its_drawing_and_the_player_shows_it(
    playwright, browser, live_server, scheme
):
    """At 360x640, light and dark: the drawing loads, says what it shows, its key opens and
    names this drawing's view, nothing scrolls sideways, and axe finds nothing; the screenshots
    (test-artifacts/) are the ones the drawings' review looks at."""
    context = browser.new_context(
        viewport={"width": 360, "height": 640},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        color_scheme=scheme,
        base_url=live_server.url,
    )
    context.set_default_timeout(10_000)
    pass_safety_check(context, live_server)
    page = context.new_page()
    page.goto("/exercises/clamshell/")
    drawing = page.locator("img.figure").first
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=drawing.element_handle())
    assert drawing.get_attribute("alt").startswith("Seen from in front and a little above: lying on one side")
    page.get_by_text("How to read the drawing").click()
    expect(page.get_by_text("This drawing is seen from in front and a little above.")).to_be_visible()
    expect(page.get_by_text("Blue arrows show which way to move.")).to_be_visible()
    assert_no_horizontal_overflow(page, f"exercise page, {scheme}")
    assert_no_axe_violations(page, f"exercise page, {scheme}")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"exercise-drawing-360-{scheme}.png", full_page=True)

    # Tense and let go: its key says what the arrowheads pointing in and out mean.
    page.goto("/exercises/body-scan-relax/")
    page.get_by_text("How to read the drawing").click()
    expect(page.get_by_text("tighten it gently; pointing out: let it go.")).to_be_visible()
    assert_no_horizontal_overflow(page, f"tense and let go, {scheme}")
    page.screenshot(path=ARTIFACTS / f"exercise-drawing-body-scan-360-{scheme}.png", full_page=True)

    page.goto("/routines/spasm-relief/play/")
    cue_setting(page, "Spoken cues").uncheck()
    page.get_by_role("button", name=re.compile("^Start")).click()
    page.get_by_role("button", name="I'm ready").click()
    expect(page.locator("#phase-label")).to_have_text(re.compile("Hold|Go"), timeout=6000)
    page.get_by_role("button", name="Pause").click()
    shown = page.locator(".player-step img.figure").first
    expect(shown).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", shown.element_handle()) > 0
    # The player describes its drawing in words too, not "Line drawing: NAME".
    assert shown.get_attribute("alt") == drawing_key("exercises/figures/constructive-rest.svg").description
    assert_no_horizontal_overflow(page, f"player, {scheme}")
    page.screenshot(path=ARTIFACTS / f"player-drawing-360-{scheme}.png")
    context.close()


@pytest.mark.skipif(not chromium_path(), reason="Chromium not found")
def test_a_side_by_side_pack_shows_old_and_new_apart_with_the_key_kept_away(tmp_path):
    """The review of one change (tests/figures/reviews/, side-by-side 25 onwards): each redrawn
    drawing's old and new version as A and B, the app's steps only in INSTRUCTIONS.md, and which
    side is new only in the key. Run as a person runs it, in its own process."""
    old = tmp_path / "old"
    old.mkdir()
    shipped = Path(__file__).resolve().parents[2] / "static" / "exercises" / "figures"
    (old / "cat-cow.svg").write_text((shipped / "glute-bridge.svg").read_text())  # any other drawing
    pack, key = tmp_path / "pack", tmp_path / "key"
    subprocess.run(
        [sys.executable, "-m", "tests.figures.review", str(pack), "--against", str(old), "--only", "cat-cow"]
        + ["--key", str(key)],
        check=True,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
    )
    assert sorted(p.name for p in pack.iterdir()) == ["01-A.png", "01-B.png", "INSTRUCTIONS.md", "README.md"]
    [row] = (key / "key" / "key.tsv").read_text().splitlines()
    number, slug, new_side = row.split("\t")
    assert (number, slug) == ("01", "cat-cow") and new_side in ("A=new", "B=new")
    readme, instructions = (pack / "README.md").read_text(), (pack / "INSTRUCTIONS.md").read_text()
    step = "Start on your hands and knees, with your hands under your shoulders"
    assert "Cat–cow" in readme and step not in readme and "=new" not in readme
    assert step in instructions
    assert "Blue arrows show which way to move." in readme
    # The two sides are the two drawings, not one drawing twice.
    assert (pack / "01-A.png").read_bytes() != (pack / "01-B.png").read_bytes()


@pytest.mark.skipif(not chromium_path(), reason="Chromium not found")
def test_a_first_look_pack_shows_a_few_drawings_unnamed_with_the_key_kept_away(tmp_path):
    """A first-look check (tests/figures/reviews/first-look-*): the drawings named by --only,
    numbered and shuffled with no name on them, the page's key beside each, the names for the
    second step only, and which number is which only in the key. Run as a person runs it."""
    pack, key = tmp_path / "pack", tmp_path / "key"
    slugs = ["seated-piriformis-stretch", "seated-twist"]
    subprocess.run(
        [sys.executable, "-m", "tests.figures.review", str(pack), "--only", *slugs, "--blind"]
        + ["--key", str(key)],
        check=True,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
    )
    files = sorted(p.name for p in pack.iterdir())
    assert files == ["01.png", "02.png", "REVIEWER.md", "keys.md", "names.txt"]
    rows = [row.split("\t") for row in (key / "key" / "key.tsv").read_text().splitlines()]
    assert sorted(slug for _, slug, _ in rows) == slugs
    assert (pack / "names.txt").read_text().splitlines() == ["Seated piriformis stretch", "Seated twist"]
    words = (pack / "REVIEWER.md").read_text() + (pack / "keys.md").read_text()
    assert "piriformis" not in words.lower() and "twist" not in words.lower()
    assert "A circle shows a close-up from another side" in (pack / "keys.md").read_text()
