"""Real Chromium: the spoken coach loads as a native module and speaks through the browser's
own speech API, and the "more guidance / just the counts" choice in Settings."""

import pytest
from django.templatetags.static import static
from playwright.sync_api import expect

from ..conftest import log_in, phone_context
from .helpers import assert_no_axe_violations, assert_tap_targets_are_big_enough

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coach_module_runs_in_chromium_on_the_players_own_data(pixel):
    page = pixel
    page.goto("/routines/spasm-relief/play/")
    # What the browser's speech API is asked to say, recorded on the way through.
    result = page.evaluate(
        """async ([coachUrl, speakerUrl]) => {
            const coach = await import(coachUrl);
            const { Speaker } = await import(speakerUrl);
            const steps = JSON.parse(document.getElementById("player-steps-data").textContent);
            const pace = JSON.parse(document.getElementById("player-speech").textContent);
            const asked = [];
            const speak = speechSynthesis.speak.bind(speechSynthesis);
            speechSynthesis.speak = (u) => { asked.push({ text: u.text, lang: u.lang, rate: u.rate }); speak(u); };
            const voice = new Speaker({ pace });
            const lines = coach.transcript(steps, "more", pace);
            voice.say(lines[0].text, "phase");
            voice.say("Three.", "count");
            voice.cancel();
            return { first: lines[0].text, count: lines.length, asked };
        }""",
        [static("js/player/coach.js"), static("js/player/speaker.js")],
    )
    assert result["first"].startswith("Lower legs on a chair, 60 seconds. Lie on your back")
    assert result["count"] > 40
    assert [a["text"] for a in result["asked"]] == [result["first"], "Three."]
    assert all(a["lang"] == "en" and abs(a["rate"] - 0.9) < 0.01 for a in result["asked"])


def test_choosing_just_the_counts_in_settings(playwright, browser, live_server, owner):
    context = phone_context(playwright, browser, live_server, "iPhone 13")
    log_in(context, owner, live_server)
    page = context.new_page()
    page.goto("/accounts/settings/")
    assert_no_axe_violations(page, "settings")
    assert_tap_targets_are_big_enough(page, "settings")
    expect(page.get_by_label("More guidance", exact=False)).to_be_checked()

    page.get_by_label("Just the counts").check()
    page.get_by_role("button", name="Save settings").click()

    expect(page.get_by_text("Settings saved.")).to_be_visible()
    expect(page.get_by_label("Just the counts")).to_be_checked()
    owner.refresh_from_db()
    assert owner.cue_guidance == "counts"
    context.close()
