"""Real Chromium, eyes closed: everything the player's voice says through whole routines,
recorded where it reaches the browser's speech API, with the clock driven by Playwright."""

import re

import pytest
from playwright.sync_api import expect

from exercises import pacing
from exercises.models import Routine

from .helpers import assert_no_axe_violations, assert_tap_targets_are_big_enough, cue_setting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The browser's speech API, replaced by a recorder that "speaks" for as long as a voice would
# (on the page's own clock), so what is said doesn't depend on the voices a machine has. Each
# line is kept with the step on screen and the phase under way when it was said.
RECORD_SPEECH = """
window.__spoken = [];
const synth = window.speechSynthesis;
synth.speak = (u) => {
  const live = document.getElementById("live");
  const shown = document.querySelector(".player-step:not([hidden])");
  window.__spoken.push({ text: u.text, step: shown ? shown.id : "", phase: live ? live.dataset.phase || "" : "" });
  const ms = (u.text.split(/\\s+/).length / 2.2 / 0.9) * 1000 + 300;
  setTimeout(() => u.onend && u.onend(), ms);
};
synth.cancel = () => {};
"""

# A wake lock that the browser grants half a second after it is asked for.
SLOW_WAKE_LOCK = """
window.__locks = [];
Object.defineProperty(navigator, "wakeLock", { configurable: true, value: {
  request() {
    return new Promise((resolve) => setTimeout(() => {
      const lock = { released: false, release() { this.released = true; return Promise.resolve(); }, addEventListener() {} };
      window.__locks.push(lock);
      resolve(lock);
    }, 500));
  },
} });
"""

NO_WAKE_LOCK = """Object.defineProperty(navigator, "wakeLock", { configurable: true, value: undefined });"""


def start_recording(page, slug, guidance=None):
    page.add_init_script(RECORD_SPEECH)
    page.clock.install()
    page.goto(f"/routines/{slug}/play/")
    if guidance:
        cue_setting(page, guidance).check()
    page.get_by_role("button", name=re.compile("^Start")).click()


def play_to_the_end(page, slug, level="more"):
    seconds = pacing.routine_seconds(Routine.objects.with_steps().get(slug=slug).player_steps(), level)
    page.clock.run_for((seconds + 5) * 1000)
    expect(page.locator("#finish-heading")).to_be_visible()
    return page.evaluate("window.__spoken")


def assert_each_step_is_explained(slug, spoken):
    steps = Routine.objects.with_steps().get(slug=slug).player_steps()
    texts = [line["text"] for line in spoken]
    for text in texts:
        assert not re.search(r"[()\[\]{}/]", text), f"read aloud with a bracket or slash: {text!r}"
    for number, step in enumerate(steps, start=1):
        said = " ".join(line["text"] for line in spoken if line["step"] == f"step-{number}")
        what = step["spoken"]
        assert what["name"] in said, f"step {number} {step['slug']}: never named"
        assert what["setup"] and what["setup"] in said, (
            f"step {number} {step['slug']}: how to get into position never said"
        )
        assert any(cue in said for cue in what["cues"]), (
            f"step {number} {step['slug']}: no cue said during it"
        )
    assert texts[-1].startswith("That's the end of the routine. Well done.")


@pytest.mark.parametrize("slug", ["spasm-relief", "morning-mobility"])
def test_a_whole_routine_can_be_followed_with_eyes_closed(pixel, slug):
    """The relief routine, and one with both sides, repetitions and changes of position."""
    page = pixel
    start_recording(page, slug)
    spoken = play_to_the_end(page, slug)
    assert_each_step_is_explained(slug, spoken)
    texts = [line["text"] for line in spoken]
    assert any(t.startswith("First side.") for t in texts)
    assert any(t.startswith("Switch sides.") for t in texts)
    assert any(t.startswith("Other side.") for t in texts)
    assert any(t.startswith("Two.") for t in texts)  # repetitions are counted


def test_just_the_counts_says_names_counts_and_sides_only(pixel):
    page = pixel
    slug = "morning-mobility"
    start_recording(page, slug, guidance="Just the counts")
    spoken = play_to_the_end(page, slug, level="counts")
    steps = Routine.objects.with_steps().get(slug=slug).player_steps()
    coaching = {s["spoken"]["setup"] for s in steps} | {c for s in steps for c in s["spoken"]["cues"]}
    coaching |= {s["spoken"]["breathing"] for s in steps if s["spoken"]["breathing"]}
    for line in spoken:
        assert not any(text in line["text"] for text in coaching), line
    allowed = re.compile(
        r"^(First side\. |Other side\. )?(One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve)\.$"
        r"|^(First side\. |Other side\. )?(Hold here|Begin|Stay here, and rest)\.$"
        r"|^[\w’' -]+, (\d+ seconds|\d+ minutes|one minute|\d+ times)( on each side)?\.$"
        r"|^Rest\.( Next, [\w’' -]+\.)?$|^Switch sides\.$|^(Halfway\. )?\d+ seconds to go\.$|^(One minute|\d minutes) to go\.$"
        r"|^That's the end of the routine\. Well done\.$"
    )
    for line in spoken:
        assert allowed.match(line["text"]), line["text"]


def test_carrying_on_after_a_reload(pixel):
    page = pixel
    slug = "spasm-relief"
    start_recording(page, slug)
    # Into step 3 (pelvic tilt): skip twice, as someone who did the first two earlier would.
    page.get_by_role("button", name="Skip").click()
    page.get_by_role("button", name="Skip").click()
    expect(page.locator("#step-3")).to_be_visible()
    page.clock.run_for(3000)
    page.reload()
    expect(page.get_by_text("Carry on from step 3?")).to_be_visible()
    page.evaluate("window.__spoken = []")
    page.get_by_role("button", name="Carry on").click()
    expect(page.locator("#step-3")).to_be_visible()
    expect(page.locator("#live")).to_be_visible()
    page.clock.run_for(1000)
    steps = Routine.objects.with_steps().get(slug=slug).player_steps()
    first = page.evaluate("window.__spoken")[0]["text"]
    # Said in full: the person may have moved since.
    assert first.startswith("Pelvic tilt") and steps[2]["spoken"]["setup"] in first

    # Once finished, nothing is offered any more.
    page.get_by_role("button", name="Skip").click()
    page.get_by_role("button", name="Skip").click()
    page.get_by_role("button", name="Skip").click()
    page.get_by_role("button", name="Skip").click()
    expect(page.locator("#finish-heading")).to_be_visible()
    expect(page.locator("#finish-steps")).to_have_text("0 of 6")
    page.reload()
    expect(page.get_by_role("button", name=re.compile("^Start"))).to_be_visible()
    expect(page.get_by_text("Carry on from step")).to_be_hidden()


def test_start_again_instead_of_carrying_on(pixel):
    page = pixel
    start_recording(page, "spasm-relief")
    page.get_by_role("button", name="Skip").click()
    page.reload()
    page.get_by_role("button", name="Start again").click()
    expect(page.locator("#step-1")).to_be_visible()
    expect(page.locator("#phase-label")).to_have_text("Get into position")


def test_a_wake_lock_granted_after_pause_is_let_go(pixel):
    page = pixel
    page.add_init_script(SLOW_WAKE_LOCK)
    page.clock.install()
    page.goto("/routines/spasm-relief/play/")
    page.get_by_role("button", name=re.compile("^Start")).click()
    page.get_by_role("button", name="Pause").click()  # before the browser granted the lock
    page.clock.run_for(1000)
    assert page.evaluate("window.__locks.map((l) => l.released)") == [True]
    page.get_by_role("button", name="Resume").click()
    page.clock.run_for(1000)
    assert page.evaluate("window.__locks.map((l) => l.released)") == [True, False]
    expect(page.locator("#screen-note")).to_be_hidden()


def test_without_a_wake_lock_the_person_is_told_the_screen_may_turn_off(pixel):
    page = pixel
    page.add_init_script(NO_WAKE_LOCK)
    page.goto("/routines/spasm-relief/play/")
    expect(page.get_by_role("button", name=re.compile("^Start"))).to_contain_text("Your screen may turn off")
    page.get_by_role("button", name=re.compile("^Start")).click()
    expect(page.locator("#screen-note")).to_be_visible()
    expect(page.locator("#screen-note")).to_have_text("Your screen may turn off: tap it now and then.")


def test_new_controls_are_accessible(pixel):
    page = pixel
    start_recording(page, "spasm-relief")
    expect(page.get_by_role("button", name="I'm ready")).to_be_visible()
    assert_no_axe_violations(page, "player, getting into position")
    assert_tap_targets_are_big_enough(page, "player, getting into position")
    page.get_by_role("button", name="Skip").click()
    page.reload()
    expect(page.get_by_text("Carry on from step 2?")).to_be_visible()
    expect(page.get_by_label("More guidance", exact=False)).to_be_checked()
    assert_no_axe_violations(page, "player, carry on")
    assert_tap_targets_are_big_enough(page, "player, carry on")


# What a screen reader hears: every change to a live region, as it happens.
RECORD_LIVE_REGIONS = """
window.__announced = [];
new MutationObserver((changes) => {
  for (const change of changes) {
    const region = change.target.nodeType === 1 ? change.target : change.target.parentElement;
    const live = region && region.closest("[aria-live]");
    if (live && live.id === "announcer" && live.textContent.trim()) window.__announced.push(live.textContent.trim());
  }
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


@pytest.mark.parametrize("voice", [True, False])
def test_one_voice_at_a_time_the_players_or_the_screen_readers(pixel, voice):
    """With spoken cues on (the default) the voice says each line and the live region stays
    quiet; a screen-reader user who turns spoken cues off hears every line from the live region."""
    page = pixel
    page.add_init_script(RECORD_LIVE_REGIONS)
    page.add_init_script(RECORD_SPEECH)
    page.clock.install()
    page.goto("/routines/spasm-relief/play/")
    if not voice:
        cue_setting(page, "Spoken cues").uncheck()
    page.get_by_role("button", name=re.compile("^Start")).click()
    page.clock.run_for(90_000)
    spoken = [line["text"] for line in page.evaluate("window.__spoken")]
    announced = page.evaluate("window.__announced")
    if voice:
        assert len(spoken) >= 5, spoken
        assert not set(spoken) & set(announced), "a line went to the voice and the screen reader at once"
    else:
        assert spoken == []
        assert len(announced) >= 5, announced
