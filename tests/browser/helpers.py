from datetime import UTC, datetime, timedelta
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

from exercises.models import Exercise, Routine, RoutineStep

AXE = Axe()


# Screenshots the tests take for a person to look at (not compared): test-artifacts/<topic>/.
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def assert_no_axe_violations(page, label=""):
    results = AXE.run(page)
    assert results.violations_count == 0, f"{label or page.url}:\n{results.generate_report()}"


def assert_no_horizontal_overflow(page, label=""):
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{label or page.url} scrolls sideways by {overflow}px"


def assert_tap_targets_are_big_enough(page, label=""):
    """Every visible link and button a thumb would use is at least 44 px tall and wide,
    except links inside running text (WCAG 2.5.8 exempts inline links)."""
    small = page.evaluate(
        """() => Array.from(document.querySelectorAll('a, button, input, select, summary'))
            .filter(el => el.offsetParent !== null || getComputedStyle(el).position === 'fixed')
            .filter(el => getComputedStyle(el).display !== 'inline')
            .filter(el => !['checkbox', 'radio', 'hidden'].includes(el.type))
            .map(el => [el, el.getBoundingClientRect()])
            .filter(([el, r]) => r.width > 0 && (r.height < 43.5 || r.width < 43.5))
            .map(([el, r]) => `${el.tagName} "${(el.textContent || el.name || '').trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`)"""
    )
    assert not small, f"{label or page.url}: small tap targets {small}"


def cue_setting(page, label: str):
    """A switch in the player's cue settings, which fold away under "Sound, voice and vibration"
    (opened first, as a person would)."""
    settings = page.locator("#cue-settings")
    if settings.get_attribute("open") is None:
        settings.locator("summary").click()
    return page.get_by_label(label, exact=label != "More guidance")


def make_short_routine() -> Routine:
    """Two quick steps (a hold, then repetitions on each side) so a real run takes seconds."""
    hold = Exercise.objects.get(slug="knees-to-chest")
    reps = Exercise.objects.get(slug="heel-slides")
    Exercise.objects.filter(pk=reps.pk).update(rep_seconds=1)
    routine = Routine.objects.create(
        slug="quick-test", name="Quick test routine", purpose="Two short steps.", is_published=True
    )
    RoutineStep.objects.create(routine=routine, exercise=hold, order=1, hold_seconds=4, rest_seconds=2)
    RoutineStep.objects.create(routine=routine, exercise=reps, order=2, reps=2, per_side=True, rest_seconds=0)
    return routine


def set_default_font(page, px: int):
    """The browser's default text size for this page, as a phone's text-size setting sets it
    (CDP Page.setFontSizes; 16 px is 100 %, 20 px 125 %, 32 px 200 %). Monospace keeps the
    browser's own 13:16 proportion."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.enable")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": px, "fixed": px * 13 // 16}})


def stop_the_clock(page):
    """From now on the page's clock (Date and its timers, the player's among them) moves only when
    the test moves it with page.clock.run_for, however busy the machine: a routine's phases are
    then exactly as long as Python made them. Call it before the player starts; it holds on this
    page and the next ones it loads. Playwright's own waits still run on real time."""
    now = datetime.now(UTC)
    page.clock.install(time=now)
    page.clock.pause_at(now + timedelta(seconds=5))
