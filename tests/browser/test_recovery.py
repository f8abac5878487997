"""Real Chromium at 360×640: "is my back getting better?" as a person would use it. Three
activities rated, then re-rated a week later; a flare-up noted on the relief routine's finish
screen with no account and kept after signing up; a plan started, its reminders following it,
and stopped. Screenshots go to test-artifacts/recovery/."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from playwright.sync_api import expect

from spasmcare.recovery import plan
from spasmcare.recovery.models import Activity, ActivityRating, CheckIn, FlareUp, Plan
from spasmcare.reminders.models import Reminder
from spasmcare.reminders.sender import send_pass

from ..conftest import PASSWORD, log_in, pass_safety_check
from .helpers import (
    ARTIFACTS,
    assert_no_axe_violations,
    assert_no_horizontal_overflow,
    assert_tap_targets_are_big_enough,
    set_default_font,
)
from .test_offline import wait_for_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = ARTIFACTS / "recovery"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def phone(playwright, browser, live_server, width=360, height=640, font_px=None, dark=False):
    descriptor = dict(playwright.devices["Pixel 7"])
    descriptor.pop("default_browser_type", None)
    descriptor["viewport"] = {"width": width, "height": height}
    context = browser.new_context(
        **descriptor, base_url=live_server.url, color_scheme="dark" if dark else "light"
    )
    context.set_default_timeout(10_000)
    pass_safety_check(context, live_server)
    page = context.new_page()
    if font_px:
        set_default_font(page, font_px)
    return page


@pytest.fixture
def page360(playwright, browser, live_server):
    page = phone(playwright, browser, live_server)
    yield page
    page.context.close()


def check_looks_right(page, label):
    assert_no_horizontal_overflow(page, label)
    assert_no_axe_violations(page, label)
    assert_tap_targets_are_big_enough(page, label)


def rate(scope, value):
    scope.get_by_role("radio", name=str(value), exact=True).check()


def test_three_activities_rerated_a_week_later_show_lines_and_better_only_past_the_threshold(
    page360, owner, live_server
):
    page = page360
    log_in(page.context, owner, live_server)
    with time_machine.travel(datetime(2026, 11, 18, 9, tzinfo=UTC), tick=True):
        page.goto("/history/")
        page.get_by_role("link", name="Choose my activities").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("What does your back make hard?")
        check_looks_right(page, "activities")
        slots = page.locator("fieldset.activity-slot")
        for n, (name, score) in enumerate(
            [("Putting on socks", 2), ("Lifting my son", 3), ("Sitting through a film", 4)]
        ):
            slots.nth(n).get_by_label("What is it?").fill(name)
            rate(slots.nth(n), score)
        rate(page.locator("#id_pain"), 6)
        shot(page, "activities-360")
        page.get_by_role("button", name="Save and start").click()
        expect(page).to_have_url(re.compile(r"/history/#recovery$"))
        recovery = page.locator("#recovery")
        expect(recovery).to_contain_text(
            "2 out of 10 on 18 November. Your line starts with the next check-in."
        )
        expect(recovery.locator(".verdict")).to_have_count(0)
        expect(page.locator("#check-in-due")).to_have_count(0)

    with time_machine.travel(datetime(2026, 11, 25, 9, tzinfo=UTC), tick=True):
        page.goto("/history/")
        expect(page.locator("#check-in-due")).to_contain_text("Time for this week's check-in")
        page.get_by_role("link", name="Check in", exact=True).click()
        check_looks_right(page, "check-in")
        for name, score in [("Putting on socks", 6), ("Lifting my son", 5), ("Sitting through a film", 5)]:
            rate(page.get_by_role("group", name=name), score)
        rate(page.locator("#id_pain"), 4)
        shot(page, "check-in-360")
        page.get_by_role("button", name="Save my check-in").click()
        expect(page.get_by_text("Check-in saved.")).to_be_visible()

        cards = page.locator(".activity-line")
        expect(cards).to_have_count(3)
        expect(cards.nth(0).locator(".verdict")).to_have_text("Better")  # 2 → 6: past 3 points
        expect(cards.nth(1).locator(".verdict")).to_have_text("About the same")  # 3 → 5
        expect(cards.nth(2).locator(".verdict")).to_have_text("About the same")  # 4 → 5
        for card in cards.all():
            expect(card.locator("polyline")).to_have_attribute(
                "points", re.compile(r"^\S+ \S+$")
            )  # a line of two
        recovery = page.locator("#recovery")
        expect(recovery).to_contain_text("Your activities on average: 3 → 5.3 out of 10.")
        expect(recovery).to_contain_text("6 → 4 out of 10 since 18 November")  # weekly pain: 2 points
        expect(recovery).to_contain_text("Stratford et al., Physiotherapy Canada 1995")
        expect(recovery).to_contain_text("Ostelo et al., Spine 2008; Farrar et al., Pain 2001")
        expect(page.locator("#check-in-due")).to_have_count(0)
        recovery.scroll_into_view_if_needed()
        check_looks_right(page, "history with recovery")
        shot(page, "history-360")

        page.goto("/history/summary/")
        summary = page.locator(".recovery-summary")
        expect(summary.get_by_role("row", name=re.compile("Putting on socks"))).to_contain_text("Better")
        expect(summary.get_by_role("row", name=re.compile("Average pain over 7 days"))).to_contain_text(
            "Better"
        )
        check_looks_right(page, "summary")
        shot(page, "summary-360")
        page.emulate_media(media="print")
        shot(page, "summary-print-360")


def finish_the_relief_routine(page):
    page.goto("/relief/")
    page.get_by_role("button", name=re.compile("No, none of these")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spasm relief, lying down")
    page.get_by_role("button", name=re.compile("^Start")).click()
    while not page.locator("#finish").is_visible():
        page.get_by_role("button", name="Skip").click()
    expect(page.locator("#flare-up-offer")).to_be_visible()


def test_flare_up_noted_with_no_account_is_offered_after_sign_up_and_kept(page360):
    page = page360
    finish_the_relief_routine(page)
    check_looks_right(page, "relief finish screen with the flare-up offer")
    page.locator("#flare-up-offer").get_by_role("link", name="Note this flare-up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a flare-up")
    offer = page.locator("form[data-flare-up-form]")
    expect(offer.get_by_role("checkbox", name="The relief routine")).to_be_checked()
    today = page.evaluate("() => new Date().toLocaleDateString('en-CA')")  # the phone's own day
    expect(offer.get_by_label("When did it start?")).to_have_value(today)
    offer.get_by_role("checkbox", name="Lifting", exact=True).check()
    offer.get_by_role("checkbox", name="Heat").check()
    offer.get_by_label("Anything else (optional)").fill("Picked up the shopping")
    check_looks_right(page, "flare-up form, signed out")
    shot(page, "flare-up-360")
    offer.get_by_role("button", name="Save this flare-up").click()
    expect(offer.locator("[data-flare-up-status]")).to_have_text("Kept on this phone.")
    assert not FlareUp.objects.exists()

    offer.get_by_role("link", name="Create a free account").click()
    page.get_by_label("Email").fill("new.person@example.com")
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    link = re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()

    # A new account starts on the welcome page; what waits on the phone is offered on any page.
    expect(page.get_by_role("heading", name="Welcome to SpasmCare")).to_be_visible()
    question = page.locator("#session-offer")
    expect(question).to_contain_text("Add what you kept on this phone?")
    expect(question).to_contain_text("A flare-up from")
    assert not FlareUp.objects.exists()  # offered, not added
    question.get_by_role("button", name="Add", exact=True).click()
    expect(question).to_contain_text("Added to your history.")
    page.goto("/history/")
    item = page.locator(".flare-up").first
    expect(item).to_contain_text("Set off by: Lifting")
    expect(item).to_contain_text("Helped: Heat, The relief routine")
    flare_up = FlareUp.objects.get(user__email="new.person@example.com")
    assert flare_up.note == "Picked up the shopping" and flare_up.settled_on is None

    # Editable later: it settled.
    page.reload()
    expect(page.locator("#session-offer")).to_be_hidden()
    page.get_by_role("button", name="It has settled").click()
    expect(page.get_by_text("Glad it has settled.")).to_be_visible()
    expect(page.get_by_role("link", name="See the plan")).to_be_visible()
    flare_up.refresh_from_db()
    assert flare_up.settled_on is not None
    assert FlareUp.objects.count() == 1


def test_plan_started_drives_the_reminders_follows_the_weeks_and_stops_in_one_tap(
    page360, owner, live_server
):
    page = page360
    Reminder.objects.create(user=owner, enabled=False, weekdays="024", email_enabled=True)
    FlareUp.objects.create(
        user=owner, started_on=date(2026, 10, 26), settled_on=date(2026, 10, 30), triggers=["lifting"]
    )
    log_in(page.context, owner, live_server)
    monday = datetime(2026, 11, 2, 8, tzinfo=UTC)  # 08:00 in London
    with time_machine.travel(monday, tick=True):
        page.goto("/history/")
        expect(page.locator("#recovery")).to_contain_text("Your last flare-up has settled.")
        page.get_by_role("link", name="See the plan").click()
        expect(page.get_by_label("Remind me every day, with the plan's routine")).to_be_checked()
        check_looks_right(page, "plan, before it starts")
        shot(page, "plan-before-360")
        page.get_by_role("button", name="Start my plan").click()
        expect(page.get_by_text("Your plan has started.")).to_be_visible()
        expect(page.locator(".step-count")).to_contain_text("Step 1 of 4")
        expect(page.locator("#plan-reminders")).to_contain_text(
            "Your reminders follow the plan: every day at 18:00"
        )
        expect(page.get_by_role("link", name="Start Spasm relief, lying down")).to_be_visible()
        check_looks_right(page, "plan, step 1")
        shot(page, "plan-360")

        reminder = Reminder.objects.get(user=owner)
        assert (reminder.enabled, reminder.weekdays) == (True, "0123456")
        page.goto("/reminders/")
        expect(page.locator("input[name=days]:checked")).to_have_count(7)  # every day, Monday to Sunday

    with time_machine.travel(datetime(2026, 11, 2, 18, 0, 30, tzinfo=UTC)):
        send_pass()
    assert mail.outbox[-1].subject == "Today: Spasm relief, lying down"
    assert "Step 1 of your plan" in mail.outbox[-1].body

    wednesday = datetime(2026, 11, 18, 8, tzinfo=UTC)  # week 3: strengthening on Wednesdays
    with time_machine.travel(wednesday, tick=True):
        page.goto("/recovery/plan/")
        expect(page.locator(".step-count")).to_contain_text("Step 3 of 4")
        expect(page.get_by_role("heading", name="Adding strength", level=2)).to_be_visible()
        expect(
            page.get_by_role("link", name=re.compile("^Start (Gentle core strength|Hips and glutes)$"))
        ).to_be_visible()
        shot(page, "plan-step-3-360")
    # The sender was down since the 3rd: the first pass moves past the missed days, the next
    # sends today's, with the plan's routine for a Wednesday in week 3.
    with time_machine.travel(datetime(2026, 11, 18, 18, 0, 30, tzinfo=UTC)):
        send_pass()
        send_pass()
    assert re.fullmatch(r"Today: (Gentle core strength|Hips and glutes)", mail.outbox[-1].subject)
    assert "Step 3 of your plan, adding strength" in mail.outbox[-1].body

    with time_machine.travel(wednesday, tick=True):
        page.get_by_role("button", name="Stop the plan").click()
        expect(
            page.get_by_text("Your plan has stopped. Your reminders are back to how you had them.")
        ).to_be_visible()
        expect(page.get_by_role("button", name="Start my plan")).to_be_visible()
    reminder.refresh_from_db()
    assert (reminder.enabled, reminder.weekdays) == (False, "024")
    assert Plan.objects.get(user=owner).stopped_at is not None


# Each page with the part of it this feature owns (the site header and the history page's other
# sections are measured by their own tests).
RECOVERY_PAGES = [
    ("/history/", "#recovery"),
    ("/history/summary/", ".recovery-summary"),
    ("/recovery/plan/", "main"),
    ("/recovery/check-in/", "main"),
    ("/recovery/activities/", "main"),
    ("/recovery/flare-ups/new/", "main"),
]


def sticks_out(page, selector) -> list[str]:
    """What inside `selector` reaches past the right edge of the viewport."""
    return page.evaluate(
        """(selector) => {
            const edge = document.documentElement.clientWidth;
            const part = document.querySelector(selector);
            return [part, ...part.querySelectorAll('*')]
                .filter((e) => e.getBoundingClientRect().right > edge + 0.5)
                .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`);
        }""",
        selector,
    )


@pytest.mark.parametrize(
    ("width", "height", "font_px", "dark"), [(320, 568, 32, False), (360, 640, 20, True)]
)
def test_recovery_pages_reflow_at_large_text_and_in_dark_mode(
    playwright, browser, live_server, owner, width, height, font_px, dark
):

    today = owner.local_today()
    activity = Activity.objects.create(user=owner, name="Sitting through a whole film without getting up")
    for weeks, score in ((2, 3), (1, 5), (0, 7)):
        check_in = CheckIn.objects.create(
            user=owner, local_date=today - timedelta(weeks=weeks), pain=7 - score // 2
        )
        ActivityRating.objects.create(check_in=check_in, activity=activity, score=score)
    FlareUp.objects.create(
        user=owner, started_on=today - timedelta(days=3), triggers=["sitting", "stress"], helped=["walking"]
    )
    plan.start(owner, remind=False)
    page = phone(playwright, browser, live_server, width, height, font_px, dark)
    log_in(page.context, owner, live_server)
    try:
        for url, part in RECOVERY_PAGES:
            page.goto(url)
            label = f"{url} at {width}px, {font_px}px text{' dark' if dark else ''}"
            out = sticks_out(page, part)
            assert out == [], f"{label}: {out}"
            assert_no_axe_violations(page, label)
        name = f"{width}-{font_px}px{'-dark' if dark else ''}"
        page.goto("/recovery/plan/")
        shot(page, f"plan-{name}")
        page.goto("/history/")
        # What a person sees scrolling through the section, a screen at a time.
        page.locator("#recovery-heading").scroll_into_view_if_needed()
        top = page.evaluate("() => document.querySelector('#recovery').getBoundingClientRect().top + scrollY")
        for n in range(3):
            page.evaluate("(y) => window.scrollTo(0, y)", top + n * (height - 40))
            page.screenshot(path=str(SHOTS / f"history-recovery-{name}-{n + 1}.png"))
    finally:
        page.context.close()


def test_flare_up_noted_offline_after_the_relief_routine_is_saved_once_back_online(
    page360, owner, live_server
):

    owner.safety_outcome = "fine"
    owner.save()
    page = page360
    log_in(page.context, owner, live_server)
    page.goto("/exercises/")
    wait_for_worker(page)
    page.context.set_offline(True)
    page.goto("/routines/spasm-relief/play/")  # saved by the worker, never opened
    # The saved page holds nothing of the account, so it asks the one-tap check itself.
    page.locator("#relief-gate").get_by_role("button", name=re.compile("No, none of these")).click()
    page.get_by_role("button", name=re.compile("^Start")).click()
    while not page.locator("#finish").is_visible():
        page.get_by_role("button", name="Skip").click()
    page.locator("#flare-up-offer").get_by_role("link", name="Note this flare-up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a flare-up")  # saved too
    form = page.locator("form[data-flare-up-form]")
    # Its styles came from the worker's cache too (recovery.css: choices as wide as their words).
    columns = page.evaluate(
        "() => getComputedStyle(document.querySelector('.scale.chips')).gridTemplateColumns"
    )
    assert "auto-fill" in columns or len(columns.split()) < 6, columns
    form.get_by_role("checkbox", name="Sitting for a long time").check()
    form.get_by_role("checkbox", name="The relief routine").check()
    form.get_by_role("button", name="Save this flare-up").click()
    status = form.locator("[data-flare-up-status]")
    # The saved page holds nothing of the account (the worker keeps only public pages), so the
    # record is kept unclaimed and offered once the person is back, as a finished session is.
    expect(status).to_contain_text("Kept on this phone")
    form.get_by_role("button", name="Save this flare-up").click()  # a second tap: the same record
    # What the server would refuse is said on the phone, not dropped from the queue.
    form.get_by_role("checkbox", name="Nothing clear").check()
    form.get_by_role("button", name="Save this flare-up").click()
    expect(status).to_contain_text("Choose “Nothing clear” on its own")
    form.get_by_role("checkbox", name="Nothing clear").uncheck()
    assert not FlareUp.objects.exists()

    page.context.set_offline(False)
    page.goto("/history/")
    question = page.locator("#session-offer")
    expect(question).to_contain_text("A flare-up from")
    question.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator(".flare-up").first).to_contain_text("Set off by: Sitting for a long time")
    flare_up = FlareUp.objects.get(user=owner)
    assert flare_up.triggers == ["sitting"] and flare_up.helped == ["relief_routine"]
