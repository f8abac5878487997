"""Real Chromium on the everyday paths around the player: a first run to a reminder set, a pain
rating corrected in history, a shared routine played by someone signed out, the builder on a
320-px phone, the admin's routine steps on an 820-px tablet (axe clean), and the doctor's summary
printed. Screenshots of each screen go to test-artifacts/everyday/ for a person to look at."""

import io
import re
from datetime import timedelta
from pathlib import Path

import pypdf
import pytest
from django.core import mail
from playwright.sync_api import expect

from exercises import pacing
from exercises.models import Exercise, Routine, RoutineStep
from spasmcare.history.models import CompletedSession
from spasmcare.learn.models import Article
from spasmcare.reminders.models import Reminder

from ..conftest import log_in, pass_safety_check
from ..test_history import add_session
from .helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_overflow,
    assert_tap_targets_are_big_enough,
    cue_setting,
    set_default_font,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "everyday"
PHONE = {
    "viewport": {"width": 360, "height": 640},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
SMALL_PHONE = {**PHONE, "viewport": {"width": 320, "height": 568}}
TABLET = {"viewport": {"width": 820, "height": 1180}, "has_touch": True}


def shot(page, name, full_page=True):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=full_page)


def check_page(page, label):
    assert_no_horizontal_overflow(page, label)
    assert_no_axe_violations(page, label)


@pytest.fixture
def open_context(browser, live_server):
    contexts = []

    def open_page(device=PHONE, user=None, safety_checked=True, **extra):
        context = browser.new_context(base_url=live_server.url, **device, **extra)
        context.set_default_timeout(10_000)
        if safety_checked:
            pass_safety_check(context, live_server)
        if user:
            log_in(context, user, live_server)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def short_own_routine(owner, name="Two for the road") -> Routine:
    """An own routine of two quick steps, so a real run takes seconds."""
    routine = Routine.objects.create(owner=owner, slug=Routine.new_own_slug(), name=name)
    for order, slug in enumerate(["knees-to-chest", "pelvic-tilt"], start=1):
        RoutineStep.objects.create(
            routine=routine,
            exercise=Exercise.objects.get(slug=slug),
            order=order,
            hold_seconds=5 if slug == "knees-to-chest" else None,
            reps=1 if slug == "pelvic-tilt" else None,
            rest_seconds=0,
        )
    return routine


# ---- First run ----


def test_first_run_from_sign_up_to_a_reminder_set_in_two_taps(open_context, live_server):
    page = open_context(safety_checked=False)
    page.goto("/accounts/signup/")
    page.locator("input[name=email]").fill("first.run@example.com")
    page.get_by_role("button", name="Email me a link").click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/sent/"))
    link = re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.get_by_label("Choose a password").fill("a calm walk in the park 42")
    page.get_by_label("Password again").fill("a calm walk in the park 42")
    page.get_by_role("button", name="Create my account").click()

    expect(page.get_by_role("heading", name="Welcome to SpasmCare")).to_be_visible()
    expect(page.get_by_role("button", name="3 days")).to_have_attribute("aria-pressed", "true")
    check_page(page, "welcome")
    assert_tap_targets_are_big_enough(page, "welcome")
    shot(page, "welcome-360", full_page=False)

    page.get_by_role("button", name="5 days").click()  # 1
    expect(page.get_by_role("button", name="5 days")).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name=re.compile("^Evening")).click()  # 2
    expect(page.get_by_role("status").filter(has_text="Reminder on")).to_contain_text(
        "every day at 19:00, by email"
    )
    check_page(page, "welcome, reminder on")
    shot(page, "welcome-done-360")

    user = CompletedSession._meta.get_field("user").related_model.objects.get(email="first.run@example.com")
    reminder = Reminder.objects.get(user=user)
    assert (user.weekly_goal, reminder.enabled, reminder.email_enabled, str(reminder.time_of_day)) == (
        5,
        True,
        True,
        "19:00:00",
    )
    assert reminder.next_due is not None
    page.get_by_role("link", name="Done").click()
    expect(page).to_have_url(re.compile(r"/$"))


def test_welcome_can_be_skipped(open_context, owner):
    page = open_context(user=owner)
    page.goto("/welcome/?next=/routines/")
    page.get_by_role("link", name="Skip for now").click()
    expect(page).to_have_url(re.compile(r"/routines/$"))
    assert not Reminder.objects.filter(user=owner, enabled=True).exists()


# ---- History ----


def test_a_pain_rating_is_corrected_in_place_and_a_delete_asks_first(open_context, owner):
    today = owner.local_today()
    add_session(owner, today, hour=7, pain=(6, 5), routine="Morning mobility")
    add_session(owner, today, hour=19, pain=(5, 4), routine="Evening wind-down")
    page = open_context(user=owner)
    page.goto("/history/")
    cards = page.locator(".session")
    # Two sessions on one day, told apart by their time.
    expect(cards.nth(0)).to_contain_text(", 19:00")
    expect(cards.nth(1)).to_contain_text(", 07:00")

    cards.nth(1).get_by_role("link", name=re.compile("^Edit")).click()
    form = page.locator(".session.editing")
    expect(form.get_by_role("heading", name="Morning mobility")).to_be_focused()
    expect(form.get_by_role("radio", name="5")).to_have_count(2)
    assert form.locator('input[name="pain_after"][value="5"]').is_checked()
    check_page(page, "history, editing a session")
    assert_tap_targets_are_big_enough(page, "history, editing a session")
    form.scroll_into_view_if_needed()
    shot(page, "history-edit-360")
    form.get_by_role("group", name="Pain after").get_by_role("radio", name="2", exact=True).check()
    form.get_by_role("radio", name="About right").check()
    form.get_by_role("button", name="Save changes").click()

    card = page.locator(".session").nth(1)
    expect(card).to_contain_text("Pain 6 → 2 · Felt about right")
    expect(card).to_contain_text("Changes saved.")
    expect(card.get_by_role("link", name=re.compile("^Edit"))).to_be_focused()
    expect(page.locator("#history-status")).to_contain_text("Saved your changes to Morning mobility")
    assert CompletedSession.objects.get(routine_name="Morning mobility").pain_after == 2
    shot(page, "history-saved-360")

    page.locator(".session").nth(0).get_by_role("link", name=re.compile("^Delete")).click()
    question = page.locator(".session.confirm-delete")
    expect(question).to_contain_text("Delete Evening wind-down?")
    check_page(page, "history, delete question")
    shot(page, "history-delete-question-360")
    question.get_by_role("link", name="Keep it").click()
    expect(page.locator(".session").nth(0)).to_contain_text("Pain 5 → 4")
    assert CompletedSession.objects.count() == 2
    page.reload()
    expect(page.locator(".session").nth(1)).to_contain_text("Pain 6 → 2")


# ---- Sharing ----


def test_the_share_box_copies_and_hands_the_link_to_the_share_sheet(open_context, owner):
    routine = short_own_routine(owner)
    routine.share_token = "share-box-token-1"
    routine.save()
    page = open_context(user=owner, permissions=["clipboard-read", "clipboard-write"])
    # A phone's share sheet, recorded (headless Chromium has none).
    page.add_init_script(
        "navigator.share = async (data) => { window.shared = data; };navigator.canShare = () => true;"
    )
    page.goto(routine.get_absolute_url())
    link = page.get_by_label("Share link").input_value()
    assert link.endswith(routine.get_share_url())
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator("#share-status")).to_have_text("Link copied. Paste it into a message or an email.")
    assert page.evaluate("() => navigator.clipboard.readText()") == link
    page.get_by_role("button", name="Share…").click()
    page.wait_for_function("() => !!window.shared")
    assert page.evaluate("() => window.shared") == {
        "title": "Two for the road",
        "text": "A routine for your back from SpasmCare: Two for the road",
        "url": link,
    }
    check_page(page, "own routine, share box")
    page.locator("#share").scroll_into_view_if_needed()
    shot(page, "routine-share-360", full_page=False)


def test_a_shared_routine_plays_signed_out_under_the_same_safety_check(open_context, owner):
    routine = short_own_routine(owner)
    routine.share_token = "played-signed-out-1"
    routine.save()
    page = open_context(safety_checked=False)  # a stranger's phone: no account, no check yet
    page.goto(routine.get_share_url())
    expect(page.get_by_role("heading", name="Two for the road", level=1)).to_be_visible()
    check_page(page, "shared routine, signed out")
    assert_tap_targets_are_big_enough(page, "shared routine, signed out")
    shot(page, "shared-routine-signed-out-360")

    page.get_by_role("link", name=re.compile("^Start routine")).click()
    expect(page.get_by_role("heading", name="First, a quick safety check")).to_be_visible()
    page.get_by_role("link", name="Take the safety check").click()
    for question in page.locator("fieldset.question").all():
        question.get_by_role("radio", name="No").check()
    page.get_by_role("button", name="See what to do").click()
    page.clock.install()  # the player's timers run on the page's clock, driven below
    page.get_by_role("link", name="Carry on to your routine").click()
    expect(page).to_have_url(re.compile(re.escape(routine.get_shared_play_url())))
    assert page.locator("#leave-link").get_attribute("href") == routine.get_share_url()
    cue_setting(page, "Spoken cues").uncheck()
    page.get_by_role("button", name=re.compile("^Start")).click()
    expect(page.get_by_role("heading", name="Supported knees to chest")).to_be_visible()
    seconds = pacing.routine_seconds(Routine.objects.with_steps().get(pk=routine.pk).player_steps(), "more")
    page.clock.run_for((seconds + 5) * 1000)
    expect(page.get_by_role("heading", name="Well done")).to_be_visible()
    expect(page.locator("#finish-steps")).to_have_text("2 of 2")


# ---- The builder on a small phone ----


def content_wider_than_the_screen(page) -> list[str]:
    """What in the page's own content (not the site header, whose reflow at large text is another
    issue's) reaches past the right edge of the screen."""
    return page.evaluate(
        """() => [...document.querySelectorAll('main *')]
            .filter(el => !el.closest('details:not([open]) > :not(summary)'))
            .filter(el => el.getBoundingClientRect().right > window.visualViewport.width + 1)
            .map(el => `${el.tagName}.${el.className}`)"""
    )


def focusable_hidden_behind_the_save_bar(page) -> list[str]:
    """Each control of the builder, focused as Tab would (the page scrolls it into view): those
    whose middle is under something else, such as the sticky save bar."""
    return page.evaluate(
        """() => [...document.querySelectorAll('#builder input:not([type=hidden]), #builder select, #builder button, #builder a')].filter(el => el.offsetParent !== null).map(el => {
            el.focus();
            const box = el.getBoundingClientRect();
            const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
            return el.contains(top) ? null : `${el.tagName} ${el.name || el.textContent.trim()}`;
        }).filter(Boolean)"""
    )


@pytest.mark.parametrize("font_size", [16, 32], ids=["default-text", "200-percent-text"])
def test_the_builder_at_320_px_says_what_is_saved_and_hides_nothing(open_context, owner, font_size):
    routine = Routine.objects.create(owner=owner, slug=Routine.new_own_slug(), name="Long one")
    for order, slug in enumerate(["cat-cow", "pelvic-tilt", "knee-rolls", "bird-dog", "glute-bridge"], 1):
        RoutineStep.objects.create(routine=routine, exercise=Exercise.objects.get(slug=slug), order=order)
    page = open_context(device=SMALL_PHONE, user=owner)
    set_default_font(page, font_size)
    page.goto(routine.get_edit_url())
    assert focusable_hidden_behind_the_save_bar(page) == []
    assert content_wider_than_the_screen(page) == []
    assert_no_axe_violations(page, f"builder at 320 px, text {font_size}px")
    assert_tap_targets_are_big_enough(page, f"builder at 320 px, text {font_size}px")
    expect(page.get_by_label("Sides").first).to_have_value("false")  # cat-cow: both sides together
    assert "Exercise's setting" not in page.content()

    page.locator('input[name="steps-0-amount"]').fill("6")
    expect(page.locator("#save-state")).to_have_text("Changes not saved yet.")
    page.get_by_label("Exercise", exact=True).select_option(label="Dead bug")
    page.get_by_role("button", name="Add to the routine").click()
    expect(page.locator("#save-state")).to_have_text("Added Dead bug as step 6. Saved.")
    assert routine.steps.get(order=1).dose_label.startswith("6 ")  # what was typed before Add is kept
    expect(page.locator("#routine-total")).to_contain_text("6 steps")
    if font_size == 16:
        shot(page, "builder-320", full_page=False)
        page.set_viewport_size({"width": 360, "height": 640})
        page.locator("#step-" + str(routine.steps.get(order=2).pk)).scroll_into_view_if_needed()
        shot(page, "builder-360", full_page=False)
        page.set_viewport_size(SMALL_PHONE["viewport"])
    assert focusable_hidden_behind_the_save_bar(page) == []


def test_an_empty_routine_in_the_builder_says_no_exercises_yet(open_context, owner):
    routine = Routine.objects.create(owner=owner, slug=Routine.new_own_slug(), name="Empty")
    page = open_context(device=SMALL_PHONE, user=owner)
    page.goto(routine.get_edit_url())
    expect(page.locator("#routine-total")).to_have_text("No exercises yet")
    check_page(page, "empty builder")


# ---- The admin on a tablet ----


def test_the_routine_steps_fit_a_tablet_and_reorder_by_keyboard_with_live_numbers(open_context, editor):
    routine = Routine.objects.get(slug="morning-mobility")
    names = list(routine.steps.order_by("order").values_list("exercise__name", flat=True))
    page = open_context(device=TABLET, user=editor)
    page.goto(f"/admin/exercises/routine/{routine.pk}/change/")
    wrapper = page.locator(".steps-inline .wrapper")
    assert wrapper.evaluate("w => w.scrollWidth - w.clientWidth") <= 0, "the steps scroll sideways"
    assert_no_horizontal_overflow(page, "routine change form at 820 px")
    assert_no_axe_violations(page, "routine change form at 820 px")
    shot(page, "admin-routine-820")

    numbers = page.locator(".steps-inline tr.has_original .step-number")
    first_down = page.get_by_role("button", name=f"Down: move {names[0]} later")
    first_down.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#steps-announcer")).to_have_text(f"{names[0]} moved to step 2 of {len(names)}.")
    expect(first_down).to_be_focused()
    expect(numbers).to_have_text([str(n) for n in range(1, len(names) + 1)])
    rows = page.locator(".steps-inline tr.has_original")
    expect(rows.nth(0)).to_have_attribute("data-name", names[1])
    expect(rows.nth(1).locator("input._reorder_")).to_have_value("2")
    page.keyboard.press("Tab")  # on to the next control, as a keyboard would go
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert list(routine.steps.order_by("order").values_list("exercise__name", flat=True)) == [
        names[1],
        names[0],
        *names[2:],
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/exercises/exercise/",
        "/admin/exercises/routine/",
        "/admin/learn/article/",
        "/admin/exercises/exercise/{exercise}/change/",
        "/admin/learn/article/{article}/change/",
        "/admin/exercises/routine/add/",
    ],
)
def test_the_admin_forms_have_no_axe_violations_on_a_tablet(open_context, editor, url):
    page = open_context(device=TABLET, user=editor)
    page.goto(
        url.format(exercise=Exercise.objects.get(slug="cat-cow").pk, article=Article.objects.first().pk)
    )
    assert_no_axe_violations(page, url)
    assert_no_horizontal_overflow(page, url)
    results = page.locator(".results")
    if results.count():  # a change list shows every column at 820 px, its filters below it
        assert results.evaluate("r => r.scrollWidth - r.clientWidth") <= 0, f"{url} scrolls sideways"
    if url.endswith("/exercise/"):
        shot(page, "admin-exercises-820", full_page=False)


# ---- The printable summary ----


def test_the_summary_prints_in_print_colours_with_a_matching_legend(open_context, owner):
    today = owner.local_today()
    for days_ago in range(20):
        add_session(
            owner, today - timedelta(days=days_ago), pain=(6, 3), note="Walked" if days_ago % 5 else ""
        )
    page = open_context(user=owner, color_scheme="dark")
    page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    page.goto("/history/summary/")
    check_page(page, "summary on screen, dark")
    shot(page, "summary-360")
    page.get_by_role("button", name="Print or save as PDF").click()
    assert page.evaluate("() => window.printed") == 1

    def legend_against_lines():
        return page.evaluate(
            """() => ['before', 'after'].map(kind => {
                const style = el => { const s = getComputedStyle(el); return [s.stroke, s.strokeDasharray]; };
                return [style(document.querySelector(`.pain-chart > svg .line.${kind}`)),
                        style(document.querySelector(`.pain-chart figcaption .line.${kind}`))];
            })"""
        )

    for line, key in legend_against_lines():
        assert line == key
    page.emulate_media(media="print")
    (before, before_key), (after, after_key) = legend_against_lines()
    assert before == before_key and after == after_key
    assert before[0] == "rgb(85, 85, 85)" and before[1] != "none"  # grey, dashed
    assert after[0] == "rgb(0, 0, 0)" and after[1] == "none"  # black, solid
    colours = page.evaluate(
        """() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color,
                  getComputedStyle(document.querySelector('.pain-chart figcaption')).color,
                  getComputedStyle(document.querySelector('.pain-chart .axis')).fill]"""
    )
    assert colours == ["rgb(255, 255, 255)", "rgb(0, 0, 0)", "rgb(51, 51, 51)", "rgb(51, 51, 51)"]
    page.set_viewport_size({"width": 718, "height": 1000})
    shot(page, "summary-print-dark")


def test_no_printed_page_of_the_summary_begins_with_a_lone_line(open_context, owner):
    today = owner.local_today()
    for days_ago in range(50):
        add_session(
            owner,
            today - timedelta(days=days_ago),
            pain=(6, 3),
            note="Walked to the shop" if days_ago % 7 == 0 else "",
        )
    page = open_context(user=owner)
    # Sizes around the first and second page breaks (about 12 and 43 sessions on A4).
    for days in [*range(8, 19), *range(40, 48)]:
        page.goto(f"/history/summary/?start={today - timedelta(days=days - 1)}&end={today}")
        pages = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4"))).pages
        last = [line for line in pages[-1].extract_text().splitlines() if line.strip()]
        assert len(pages) == 1 or len(last) >= 3, f"{days} sessions: the last page holds only {last}"
