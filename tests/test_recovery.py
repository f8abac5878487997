"""Is my back getting better? Function goals (PSFS), the weekly check-in, flare-ups, patterns,
the plan and its reminders, and what "too hard" and "too easy" change."""

import csv
import io
import json
import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from spasmcare.history.models import CompletedSession, owner_tag
from spasmcare.history.suggestions import todays_suggestion
from spasmcare.recovery import plan, rules
from spasmcare.recovery.flareups import patterns
from spasmcare.recovery.models import Activity, ActivityRating, CheckIn, FlareUp, Plan
from spasmcare.reminders.models import Reminder
from spasmcare.reminders.sender import reminder_message

from .conftest import pass_safety_check
from .factories import clear_caches

pytestmark = pytest.mark.django_db

# A Wednesday, noon in London.
NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
TODAY = date(2026, 11, 25)


def text(response) -> str:
    return response.content.decode()


def set_activities(client, pain="6", **scores):
    """Name activities with first ratings: set_activities(client, socks=2, child=3)."""
    data = {"pain": pain}
    for n, (name, score) in enumerate(scores.items(), start=1):
        data[f"name_{n}"] = name
        data[f"score_{n}"] = str(score)
    return client.post("/recovery/activities/", data)


def check_in(client, user, pain=None, **scores):
    followed = {a.name: a.pk for a in Activity.objects.for_user(user).followed()}
    data = {f"activity_{followed[name]}": str(score) for name, score in scores.items()}
    if pain is not None:
        data["pain"] = str(pain)
    return client.post("/recovery/check-in/", data)


def add_check_in(user, day, pain=None, **scores):
    row = CheckIn.objects.create(user=user, local_date=day, pain=pain)
    for name, score in scores.items():
        activity, _ = Activity.objects.get_or_create(user=user, name=name)
        ActivityRating.objects.create(check_in=row, activity=activity, score=score)
    return row


def add_flare_up(user, started_on, settled_on=None, triggers=(), helped=()):
    return FlareUp.objects.create(
        user=user, started_on=started_on, settled_on=settled_on, triggers=list(triggers), helped=list(helped)
    )


def add_session(user, day, feeling="", pain=(None, None), routine=None, hour=9):
    from exercises.models import Routine

    started = datetime.combine(day, time(hour), tzinfo=user.tz)
    r = Routine.objects.get(slug=routine) if routine else None
    return CompletedSession.objects.create(
        user=user,
        routine=r,
        routine_name=r.name if r else "A routine",
        started_at=started,
        ended_at=started + timedelta(minutes=8),
        local_date=day,
        active_seconds=480,
        steps_done=5,
        steps_total=5,
        pain_before=pain[0],
        pain_after=pain[1],
        feeling=feeling,
    )


# ---- What counts as a real change (rules.py, from outcomes.md) ----


@pytest.mark.parametrize(
    ("first", "latest", "kind"),
    [
        (6, 4, rules.BETTER),  # 2 points
        (6, 5, rules.SAME),  # 1 point, 17 %
        (3, 2, rules.BETTER),  # 1 point but 33 % of where it started
        (8, 7, rules.SAME),  # 12 %
        (4, 6, rules.WORSE),
        (0, 1, rules.SAME),  # from no pain, only points count
        (5, 5, rules.SAME),
    ],
)
def test_pain_change_needs_two_points_or_thirty_percent(first, latest, kind):
    assert rules.pain_change(first, latest).kind == kind


def test_function_change_needs_three_points_for_one_activity_and_two_for_the_average():
    assert rules.function_change(2, 4, single=True).kind == rules.SAME
    assert rules.function_change(2, 5, single=True).kind == rules.BETTER
    assert rules.function_change(6, 3, single=True).kind == rules.WORSE
    assert rules.function_change(3, 5, single=False).kind == rules.BETTER
    assert rules.function_change(3, 4.5, single=False).kind == rules.SAME
    assert rules.function_change(11 / 3, 17 / 3, single=False).kind == rules.BETTER  # thirds add up to 2


# ---- Function goals and the weekly check-in ----


def test_activities_are_named_rated_and_shown_with_better_only_past_the_threshold(client, owner):
    client.force_login(owner)
    with time_machine.travel(NOW - timedelta(days=7), tick=False):
        response = set_activities(
            client, pain="6", **{"Putting on socks": 2, "Lifting my son": 3, "Sitting through a film": 4}
        )
        assert response.status_code == 302 and response.url == "/history/#recovery"
    with time_machine.travel(NOW, tick=False):
        html = text(client.get("/history/"))
        assert "Time for this week's check-in" in html
        assert (
            check_in(
                client,
                owner,
                pain=4,
                **{"Putting on socks": 6, "Lifting my son": 5, "Sitting through a film": 5},
            ).status_code
            == 302
        )
        html = text(client.get("/history/"))
    section = html[html.index('id="recovery"') : html.index('id="flare-ups-heading"')]
    socks = section[section.index("Putting on socks") :]
    assert "Better</span> 2 → 6 out of 10" in socks  # 4 points: past the 3 for one activity
    son = section[section.index("Lifting my son") :]
    assert "About the same</span> 3 → 5" in son  # 2 points: not past 3
    film = section[section.index("Sitting through a film") :]
    assert "About the same</span> 4 → 5" in film
    assert "Better</span> Your activities on average: 3 → 5.3" in section  # 2.3 points: past 2
    assert "Better</span> 6 → 4 out of 10" in section  # weekly pain, 2 points
    assert section.count("<polyline") == 4  # three activities and the pain line
    assert "Stratford" in section and "Ostelo" in section and "Farrar" in section
    assert "Time for this week's check-in" not in section


def test_check_in_is_asked_weekly_and_not_this_week_waits_a_week(client, owner):
    client.force_login(owner)
    with time_machine.travel(NOW - timedelta(days=8), tick=False):
        set_activities(client, **{"Putting on socks": 3})
    with time_machine.travel(NOW, tick=False):
        assert "Time for this week's check-in" in text(client.get("/history/"))
        assert client.post("/recovery/check-in/skip/").status_code == 302
        html = text(client.get("/history/"))
        assert "Time for this week's check-in" not in html
        assert "We'll ask again from Wednesday 2 December" in html
    with time_machine.travel(NOW + timedelta(days=7), tick=False):
        assert "Time for this week's check-in" in text(client.get("/history/"))
    assert CheckIn.objects.filter(user=owner, skipped=True).count() == 1


def test_answering_again_the_same_day_changes_that_days_check_in(client, owner):
    client.force_login(owner)
    set_activities(client, **{"Putting on socks": 3})
    check_in(client, owner, pain=5, **{"Putting on socks": 4})
    check_in(client, owner, **{"Putting on socks": 5})
    row = CheckIn.objects.get(user=owner)
    assert row.pain == 5 and list(row.ratings.values_list("score", flat=True)) == [5]


def test_activity_and_check_in_input_is_limited_with_clear_messages(client, owner):
    client.force_login(owner)
    response = client.post("/recovery/activities/", {"name_1": "x" * 81, "score_1": "3"})
    assert response.status_code == 400 and "at most 80 characters" in text(response)
    response = client.post("/recovery/activities/", {"name_1": "Socks", "score_1": "11"})
    assert response.status_code == 400 and "Choose a number from 0 to 10." in text(response)
    response = client.post("/recovery/activities/", {"name_1": "Socks"})
    assert response.status_code == 400 and "Rate how well you can do it today" in text(response)
    assert 'value="Socks"' in text(response)  # what was typed stays
    response = client.post(
        "/recovery/activities/", {"name_1": "Socks", "score_1": "2", "name_2": "socks", "score_2": "2"}
    )
    assert response.status_code == 400 and "named this activity already" in text(response)
    assert not Activity.objects.exists()

    set_activities(client, **{f"Activity {n}": n for n in range(5)})
    response = client.post("/recovery/activities/", {"name": "One more", "score": "3"})
    assert response.status_code == 400 and "the most the scale uses" in text(response)
    assert Activity.objects.filter(user=owner).count() == rules.MAX_ACTIVITIES
    response = client.post("/recovery/check-in/", {})
    assert response.status_code == 400 and "Answer at least one question" in text(response)
    response = client.post("/recovery/check-in/", {"pain": "-1"})
    assert response.status_code == 400


def test_stopping_an_activity_takes_its_line_off_history_but_keeps_its_ratings(client, owner, other_user):
    client.force_login(owner)
    set_activities(client, **{"Putting on socks": 3, "Gardening": 2})
    socks = Activity.objects.get(name="Putting on socks")
    other = Client()
    other.force_login(other_user)
    assert other.post(f"/recovery/activities/{socks.pk}/stop/").status_code == 404
    assert client.post(f"/recovery/activities/{socks.pk}/stop/").status_code == 302
    section = text(client.get("/history/")).split('id="recovery"')[1].split("flare-ups-heading")[0]
    assert "Gardening" in section and "Putting on socks" not in section
    assert ActivityRating.objects.filter(activity=socks).count() == 1


# ---- Flare-ups ----


def sync(client, **overrides):
    payload = {
        "key": str(uuid.uuid4()),
        "started_on": "2026-11-24",
        "triggers": ["lifting"],
        "helped": ["heat"],
    }
    payload.update(overrides)
    return client.post(
        "/recovery/flare-ups/sync/", json.dumps(payload), content_type="application/json"
    ), payload


@time_machine.travel(NOW, tick=False)
def test_flare_up_kept_on_the_phone_is_saved_once_when_its_account_signs_in(client, owner):
    response, payload = sync(client)
    assert response.status_code == 401 and not FlareUp.objects.exists()
    client.force_login(owner)
    payload["account"] = owner_tag(owner)
    first = client.post("/recovery/flare-ups/sync/", json.dumps(payload), content_type="application/json")
    payload["settled_on"] = "2026-11-25"
    again = client.post("/recovery/flare-ups/sync/", json.dumps(payload), content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    flare_up = FlareUp.objects.get(user=owner)
    assert flare_up.settled_on == date(2026, 11, 25) and flare_up.triggers == ["lifting"]


@time_machine.travel(NOW, tick=False)
def test_flare_up_from_the_phone_is_refused_clearly_when_it_is_not_valid(client, owner, other_user):
    client.force_login(owner)
    cases = [
        ({"account": owner_tag(other_user)}, 409, "another account"),
        ({"key": "not-a-key"}, 400, "key is not valid"),
        ({"started_on": "2026-11-28"}, 400, "hasn't come yet"),
        ({"started_on": "2019-01-01"}, 400, "more than five years"),
        ({"started_on": 20261124}, 400, "Enter a date"),
        ({"settled_on": "2026-11-20"}, 400, "can't settle before it started"),
        ({"triggers": ["lifting", "nothing_clear"]}, 400, "on its own"),
        ({"triggers": ["juggling"]}, 400, "Select a valid choice"),
        ({"helped": ["heat"] * 21}, 400, "Too many choices"),
        ({"note": "x" * 501}, 400, "at most 500"),
        ({"note": ["a list"]}, 400, "must be text"),
    ]
    for overrides, status, message in cases:
        response, _ = sync(client, **overrides)
        assert response.status_code == status, overrides
        assert message in response.json()["message"], (overrides, response.json())
    bad = client.post("/recovery/flare-ups/sync/", "[[[", content_type="application/json")
    assert bad.status_code == 400
    assert not FlareUp.objects.exists()


def test_flare_up_form_saves_edits_settles_in_one_tap_and_deletes(client, owner):
    client.force_login(owner)
    today = owner.local_today()
    response = client.post(
        "/recovery/flare-ups/new/",
        {
            "started_on": (today - timedelta(days=2)).isoformat(),
            "triggers": ["lifting", "twisting"],
            "helped": ["heat"],
        },
    )
    flare_up = FlareUp.objects.get(user=owner)
    assert response.status_code == 302 and response.url == f"/recovery/flare-ups/{flare_up.pk}/"
    assert "A flare-up since" in text(client.get("/history/"))
    response = client.post(
        f"/recovery/flare-ups/{flare_up.pk}/", {"started_on": "", "note": "Moved the sofa"}
    )
    assert response.status_code == 400 and "Moved the sofa" in text(response)
    assert client.post(f"/recovery/flare-ups/{flare_up.pk}/settled/").status_code == 302
    flare_up.refresh_from_db()
    assert flare_up.settled_on == today and flare_up.days == 3
    html = text(client.get("/history/"))
    assert "Your last flare-up has settled" in html and "A flare-up since" not in html
    assert client.post(f"/recovery/flare-ups/{flare_up.pk}/delete/").status_code == 302
    assert not FlareUp.objects.exists()


def test_signed_out_form_post_without_the_script_asks_for_an_account_and_keeps_the_answers(client):
    response = client.post(
        "/recovery/flare-ups/new/", {"started_on": "2026-11-24", "note": "Bent to pick up a box"}
    )
    assert response.status_code == 401
    assert "Log in or create a free account" in text(response) and "Bent to pick up a box" in text(response)
    assert not FlareUp.objects.exists()


def test_another_persons_flare_up_plan_and_activities_are_out_of_reach(client, owner, other_user):
    flare_up = add_flare_up(other_user, TODAY)
    activity = Activity.objects.create(user=other_user, name="Socks")
    plan.start(other_user, remind=False)
    client.force_login(owner)
    for url in [f"/recovery/flare-ups/{flare_up.pk}/"]:
        assert client.get(url).status_code == 404
    for url in [
        f"/recovery/flare-ups/{flare_up.pk}/",
        f"/recovery/flare-ups/{flare_up.pk}/settled/",
        f"/recovery/flare-ups/{flare_up.pk}/delete/",
        f"/recovery/activities/{activity.pk}/stop/",
    ]:
        assert client.post(url, {"started_on": "2026-11-20"}).status_code == 404, url
    client.post("/recovery/plan/stop/")
    assert Plan.objects.get(user=other_user).stopped_at is None
    html = (
        text(client.get("/history/"))
        + text(client.get("/recovery/flare-ups/"))
        + text(client.get("/history/summary/"))
    )
    assert "Socks" not in html and f"flare-ups/{flare_up.pk}/" not in html
    assert FlareUp.objects.filter(pk=flare_up.pk, settled_on=None).exists()


def test_every_change_is_a_post_with_csrf(owner):
    flare_up = add_flare_up(owner, TODAY)
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    posts = [
        "/recovery/activities/",
        "/recovery/check-in/",
        "/recovery/check-in/skip/",
        "/recovery/flare-ups/new/",
        "/recovery/flare-ups/sync/",
        f"/recovery/flare-ups/{flare_up.pk}/",
        f"/recovery/flare-ups/{flare_up.pk}/settled/",
        f"/recovery/flare-ups/{flare_up.pk}/delete/",
        "/recovery/plan/start/",
        "/recovery/plan/stop/",
    ]
    for url in posts:
        assert client.post(url).status_code == 403, url
    for url in [
        "/recovery/check-in/skip/",
        f"/recovery/flare-ups/{flare_up.pk}/settled/",
        "/recovery/plan/start/",
    ]:
        assert client.get(url).status_code == 405, url
    assert FlareUp.objects.filter(pk=flare_up.pk, settled_on=None).exists() and not Plan.objects.exists()


# ---- Patterns ----


def test_patterns_name_the_repeated_trigger_link_the_article_and_what_helped(client, owner):
    for days_ago in (90, 60, 30):
        add_flare_up(
            owner,
            TODAY - timedelta(days=days_ago),
            TODAY - timedelta(days=days_ago - 4),
            ["lifting"],
            ["heat", "walking"],
        )
    client.force_login(owner)
    html = text(client.get("/history/"))
    assert "Your last three flare-ups all began after lifting." in html
    assert 'href="/learn/lifting-and-posture/"' in html
    assert "What helped most often: heat and walking (3 of 3)." in html
    assert "not a diagnosis" in html and 'href="/safety-check/"' in html


def test_one_flare_up_or_nothing_clear_is_never_a_pattern():
    one = [FlareUp(started_on=TODAY, triggers=["lifting"], helped=["heat"])]
    assert patterns(one) == []
    unclear = [FlareUp(started_on=TODAY, triggers=["nothing_clear"]) for _ in range(3)]
    assert patterns(unclear) == []
    mixed = [
        FlareUp(started_on=TODAY, triggers=["sitting"]),
        FlareUp(started_on=TODAY, triggers=["lifting"]),
        FlareUp(started_on=TODAY, triggers=["sitting", "stress"]),
    ]
    assert [p.text for p in patterns(mixed)] == [
        "Two of your last three flare-ups began after sitting for a long time."
    ]


# ---- The plan ----


def ev(day, kind):
    return plan.Event(day, kind)


START = date(2026, 11, 2)  # a Monday


@pytest.mark.parametrize(
    ("events", "today", "step", "since"),
    [
        ([], START, 0, START),
        ([], START + timedelta(days=6), 0, START),
        ([], START + timedelta(days=7), 1, START + timedelta(days=7)),
        ([], START + timedelta(days=14), 2, START + timedelta(days=14)),
        ([], START + timedelta(days=28), 3, START + timedelta(days=28)),
        ([], START + timedelta(days=400), 3, START + timedelta(days=28)),
        # Too hard on day 10 (step 2): back to step 1 for a full week from that day.
        ([(10, plan.TOO_HARD)], START + timedelta(days=12), 0, START + timedelta(days=10)),
        ([(10, plan.TOO_HARD)], START + timedelta(days=17), 1, START + timedelta(days=17)),
        # Too easy on day 3: on to step 2 straight away.
        ([(3, plan.TOO_EASY)], START + timedelta(days=3), 1, START + timedelta(days=3)),
        # Two too-hard sessions on one day move it one step; a too-easy one cancels one.
        (
            [(20, plan.TOO_HARD), (20, plan.TOO_HARD)],
            START + timedelta(days=20),
            1,
            START + timedelta(days=20),
        ),
        (
            [(20, plan.TOO_HARD), (20, plan.TOO_EASY)],
            START + timedelta(days=20),
            2,
            START + timedelta(days=14),
        ),
        # Worse pain at a check-in steps back; a new flare-up starts again.
        ([(30, plan.WORSE_PAIN)], START + timedelta(days=30), 2, START + timedelta(days=30)),
        ([(40, plan.NEW_FLARE_UP)], START + timedelta(days=41), 0, START + timedelta(days=40)),
        # Too hard at the first step, too easy at the last: nowhere to go.
        ([(1, plan.TOO_HARD)], START + timedelta(days=1), 0, START),
        ([(50, plan.TOO_EASY)], START + timedelta(days=50), 3, START + timedelta(days=28)),
        # Events after today, or before the plan, are not counted.
        ([(-3, plan.TOO_HARD), (9, plan.TOO_HARD)], START + timedelta(days=8), 1, START + timedelta(days=7)),
    ],
)
def test_plan_steps_by_time_back_after_too_hard_or_worse_pain_and_on_after_too_easy(
    events, today, step, since
):
    index, began, _ = plan.replay(START, [ev(START + timedelta(days=d), k) for d, k in events], today)
    assert (index, began) == (step, since)


def test_plan_start_drives_the_reminder_and_stop_gives_its_days_back(client, owner):
    Reminder.objects.create(user=owner, enabled=False, weekdays="024")
    client.force_login(owner)
    with time_machine.travel(NOW, tick=False):
        assert client.post("/recovery/plan/start/", {"remind": "on"}).status_code == 302
        reminder = Reminder.objects.get(user=owner)
        assert reminder.enabled and reminder.weekdays == "0123456" and reminder.next_due is not None
        html = text(client.get("/recovery/plan/"))
        assert "Your reminders follow the plan: every day at 18:00" in html
        assert client.post("/recovery/plan/start/", {"remind": "on"}).status_code == 302  # no second plan
        assert Plan.objects.filter(user=owner).count() == 1
        response = client.post("/recovery/plan/stop/", follow=True)
        assert "Your reminders are back to how you had them." in text(response)
    reminder.refresh_from_db()
    assert (reminder.enabled, reminder.weekdays, reminder.next_due) == (False, "024", None)
    assert Plan.objects.get(user=owner).stopped_at is not None


def test_stopping_the_plan_leaves_reminders_the_person_changed_themselves(owner):
    started = plan.start(owner, remind=True)
    Reminder.objects.filter(user=owner).update(weekdays="135")
    assert plan.stop(started) is False
    assert Reminder.objects.get(user=owner).weekdays == "135"


def test_the_reminder_and_todays_suggestion_follow_the_plans_step_and_day(owner):
    with time_machine.travel(datetime(2026, 11, 2, 8, tzinfo=UTC), tick=False):  # a Monday
        plan.start(owner, remind=True)
        assert reminder_message(owner)["routine"] == "Spasm relief, lying down"
        assert "Step 1 of your plan" in reminder_message(owner)["body"]
    with time_machine.travel(datetime(2026, 11, 10, 8, tzinfo=UTC), tick=False):  # Tuesday, week 2
        assert todays_suggestion(owner).routine.slug == "morning-mobility"
    with time_machine.travel(datetime(2026, 11, 18, 8, tzinfo=UTC), tick=False):  # Wednesday, week 3
        message = reminder_message(owner)
        assert message["routine"] in ("Gentle core strength", "Hips and glutes")
        assert "Step 3 of your plan, adding strength: today is a strengthening day." in message["body"]
    with time_machine.travel(datetime(2026, 11, 19, 8, tzinfo=UTC), tick=False):  # Thursday, week 3
        assert todays_suggestion(owner).routine.slug == "morning-mobility"
    with time_machine.travel(datetime(2026, 12, 3, 8, tzinfo=UTC), tick=False):  # Thursday, week 5
        assert todays_suggestion(owner).routine.slug == "light-walk"
        # Strengthening felt too hard: the plan steps back, and the next strengthening day
        # (Friday) is a mobility one.
        add_session(owner, date(2026, 12, 3), feeling="too_hard", pain=(3, 2), routine="gentle-core")
    with time_machine.travel(datetime(2026, 12, 4, 8, tzinfo=UTC), tick=False):  # Friday
        state = plan.current_state(owner)
        assert (state.number, state.kind_today) == (3, plan.STRENGTH)
        suggestion = todays_suggestion(owner)
        assert suggestion.routine.slug == "morning-mobility"
        assert "today is gentle mobility, a step gentler than planned" in suggestion.reason
        assert "felt too hard, so the plan stepped back" in suggestion.reason
        # High pain comes before the plan.
        add_session(owner, date(2026, 12, 4), pain=(8, 8))
        assert todays_suggestion(owner).routine.slug == "spasm-relief"


def test_worse_weekly_pain_and_a_new_flare_up_move_the_plan_back(owner):
    with time_machine.travel(datetime(2026, 11, 2, 8, tzinfo=UTC), tick=False):
        add_check_in(owner, date(2026, 11, 1), pain=3)
        plan.start(owner, remind=False)
    add_check_in(owner, date(2026, 11, 23), pain=6)  # worse by 3, in week 4 (step 3)
    with time_machine.travel(datetime(2026, 11, 24, 8, tzinfo=UTC), tick=False):
        state = plan.current_state(owner)
        assert state.number == 2 and "found your pain worse" in state.reason
        add_flare_up(owner, date(2026, 11, 24), triggers=["lifting"])
        assert plan.current_state(owner).number == 1


# ---- "Too hard" and "Too easy" without a plan ----


def test_too_hard_steps_todays_suggestion_down_even_when_pain_is_low(owner):
    # The demo account's case: low pain, but the last two sessions felt too hard.
    for n in range(3):
        add_session(owner, TODAY - timedelta(days=5 - n), pain=(2, 1), routine="gentle-core")
    add_session(owner, TODAY - timedelta(days=2), feeling="too_hard", pain=(2, 2), routine="gentle-core")
    add_session(owner, TODAY - timedelta(days=1), feeling="too_hard", pain=(2, 2), routine="gentle-core")
    suggestion = todays_suggestion(owner)
    assert suggestion.routine.slug in ("morning-mobility", "evening-wind-down")
    assert "felt too hard, so today's is a step gentler" in suggestion.reason
    add_session(owner, TODAY, feeling="too_hard", pain=(2, 2), routine="spasm-relief", hour=10)
    assert todays_suggestion(owner).routine.slug == "spasm-relief"


def test_too_easy_steps_todays_suggestion_up_and_says_why(owner):
    add_session(owner, TODAY - timedelta(days=1), feeling="too_easy", pain=(2, 1), routine="spasm-relief")
    suggestion = todays_suggestion(owner)
    assert suggestion.routine.slug in ("morning-mobility", "evening-wind-down")
    assert "felt too easy, so today's asks a little more" in suggestion.reason
    add_session(owner, TODAY, feeling="too_easy", pain=(2, 1), routine="morning-mobility", hour=10)
    assert todays_suggestion(owner).routine.slug in ("gentle-core", "hips-and-glutes")


# ---- History stays quick as the weeks add up ----


def year_of_data(user, weeks=52, until=TODAY):
    """A check-in a week (pain and five activities) up to a week before `until`, a flare-up
    every fourth week and a session a week that felt too hard or too easy."""
    activities = [Activity.objects.create(user=user, name=f"Activity {n}") for n in range(5)]
    for w in range(weeks):
        row = CheckIn.objects.create(user=user, local_date=until - timedelta(weeks=weeks - w), pain=6 - w % 4)
        ActivityRating.objects.bulk_create(
            ActivityRating(check_in=row, activity=a, score=min(10, 2 + w // 8)) for a in activities
        )
        if w % 4 == 0:
            add_flare_up(user, row.local_date, row.local_date + timedelta(days=3), ["lifting"], ["heat"])
        add_session(user, row.local_date, feeling="too_hard" if w % 5 == 0 else "too_easy", pain=(3, 2))


@time_machine.travel(NOW, tick=False)
def test_history_query_count_stays_constant_with_a_year_of_weekly_check_ins_and_flare_ups(client, owner):
    client.force_login(owner)
    with time_machine.travel(NOW - timedelta(weeks=60), tick=False):
        plan.start(owner, remind=True)
    year_of_data(owner, weeks=2)

    def queries(url):
        clear_caches()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), text(response)

    (few, _), (few_summary, _) = queries("/history/"), queries("/history/summary/")
    for model in (CheckIn, FlareUp, Activity, CompletedSession):
        model.objects.all().delete()
    year_of_data(owner, weeks=52)
    assert CheckIn.objects.count() == 52 and FlareUp.objects.count() == 13
    many, html = queries("/history/")
    many_summary, summary = queries("/history/summary/")
    assert (many, many_summary) == (few, few_summary)
    # The recovery part reads activities, ratings, check-ins, flare-ups and the plan with what
    # moved it: seven queries on top of what history read before.
    assert many <= 12
    assert html.count('class="card activity-line"') == 5 and html.count('class="card flare-up"') == 5
    assert "Activity 0" in summary


# ---- Portable and private ----


@time_machine.travel(NOW, tick=False)
def test_downloads_take_the_same_few_queries_with_a_year_of_check_ins_and_flare_ups(client, owner):
    client.force_login(owner)
    urls = ["/accounts/export.json", "/recovery/export/check-ins.csv", "/recovery/export/flare-ups.csv"]

    def queries():
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            counts.append(len(ctx.captured_queries))
        return counts

    year_of_data(owner, weeks=2)
    few = queries()
    year_of_data(owner, weeks=52, until=TODAY - timedelta(weeks=2))
    assert queries() == few
    rows = list(csv.reader(io.StringIO(text(client.get("/recovery/export/check-ins.csv")))))
    assert len(rows) == 1 + 54 * 6  # a header, then the pain and five activities for each check-in


def test_summary_export_and_deletion_carry_the_recovery_records(client, owner):
    client.force_login(owner)
    add_check_in(owner, TODAY - timedelta(days=14), pain=7, Socks=2)
    add_check_in(owner, TODAY - timedelta(days=7), pain=4, Socks=6)
    add_flare_up(
        owner, TODAY - timedelta(days=20), TODAY - timedelta(days=16), ["lifting"], ["heat"]
    ).note = "="
    FlareUp.objects.update(note="=HYPERLINK(1)")
    plan.start(owner, remind=False)

    summary = text(client.get("/history/summary/"))
    assert "Function and weekly pain" in summary and "Socks" in summary
    assert "Lifting" in summary and "Heat" in summary and "(5 d)" in summary
    assert "step 1 of 4" in summary and "Stratford" in summary

    data = json.loads(client.get("/accounts/export.json").content)["recovery"]
    assert [c["activities"] for c in data["check_ins"]] == [{"Socks": 2}, {"Socks": 6}]
    assert data["check_ins"][0]["average_pain_last_7_days"] == 7
    assert data["flare_ups"][0]["triggers"] == ["lifting"] and len(data["plans"]) == 1

    rows = list(csv.reader(io.StringIO(text(client.get("/recovery/export/check-ins.csv")))))
    assert rows[0] == ["date", "measure", "score", "scale"]
    assert rows[1][1:3] == ["Average pain over the last 7 days", "7"] and rows[2][1:3] == ["Socks", "2"]
    rows = list(csv.reader(io.StringIO(text(client.get("/recovery/export/flare-ups.csv")))))
    assert rows[1][2:6] == ["5", "Lifting", "Heat", "'=HYPERLINK(1)"]  # never a formula

    owner.delete()
    assert not (
        Activity.objects.exists()
        or CheckIn.objects.exists()
        or FlareUp.objects.exists()
        or Plan.objects.exists()
    )


def test_downloads_and_pages_need_an_account(client):
    for url in [
        "/recovery/activities/",
        "/recovery/check-in/",
        "/recovery/plan/",
        "/recovery/flare-ups/",
        "/recovery/export/check-ins.csv",
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
    assert client.get("/recovery/flare-ups/new/").status_code == 200  # usable with no account


def test_relief_finish_screen_offers_to_note_a_flare_up(client):
    pass_safety_check(client)
    html = text(client.get("/routines/spasm-relief/play/?from=relief"))
    offer = html[html.index('id="flare-up-offer"') :]
    assert "Is this a flare-up?" in offer and 'href="/recovery/flare-ups/new/?after=relief"' in offer
    assert 'id="flare-up-offer"' not in text(client.get("/routines/gentle-core/play/"))
    form = text(client.get("/recovery/flare-ups/new/?after=relief"))
    assert 'value="relief_routine" checked' in form and "data-flare-up-form" in form
    assert 'value="relief_routine" checked' not in text(client.get("/recovery/flare-ups/new/"))
    # Saved for offline use with the relief routine, styles and script too.
    worker = text(client.get("/sw.js"))
    assert '"/recovery/flare-ups/new/"' in worker and "recovery/item." in worker and "css/recovery." in worker


# ---- Valid HTML in every state a person can reach ----


def test_every_recovery_page_passes_the_nu_html_checker(client, owner, tmp_path):
    import shutil

    from .test_clients import VNU_JAR, nu_errors

    if not (shutil.which("java") and VNU_JAR.exists()):
        pytest.skip("the Nu checker needs java and node_modules/vnu-jar (make test installs both)")
    documents = {}

    def keep(label, response, status=200):
        assert response.status_code == status, (label, response.status_code)
        documents[label] = response.content

    anonymous = Client()
    pass_safety_check(anonymous)
    keep("flare-up, signed out", anonymous.get("/recovery/flare-ups/new/"))
    keep("flare-up, signed out, no script", anonymous.post("/recovery/flare-ups/new/", {"note": "x"}), 401)
    keep("relief finish screen", anonymous.get("/routines/spasm-relief/play/?from=relief"))
    keep("flare-up, after relief", anonymous.get("/recovery/flare-ups/new/?after=relief"))

    client.force_login(owner)
    pass_safety_check(client)
    keep("history, nothing yet", client.get("/history/"))
    keep("activities, first time", client.get("/recovery/activities/"))
    keep("activities, errors", client.post("/recovery/activities/", {"name_1": "", "score_2": "4"}), 400)
    set_activities(client, **{"Putting on socks": 2, "Lifting my son": 3})
    keep("activities, followed", client.get("/recovery/activities/"))
    keep("activities, add errors", client.post("/recovery/activities/", {"name": "Putting on socks"}), 400)
    keep("check-in", client.get("/recovery/check-in/"))
    keep("check-in, errors", client.post("/recovery/check-in/", {}), 400)
    with time_machine.travel(datetime.now(UTC) + timedelta(days=8)):
        keep("history, check-in due", client.get("/history/"))
    keep("flare-up, new", client.get("/recovery/flare-ups/new/"))
    keep(
        "flare-up, errors",
        client.post("/recovery/flare-ups/new/", {"triggers": ["lifting", "nothing_clear"]}),
        400,
    )
    for days_ago in (30, 20, 10):
        day = owner.local_today() - timedelta(days=days_ago)
        add_flare_up(owner, day, day + timedelta(days=3), ["lifting"], ["heat"])
    flare_up = FlareUp.objects.filter(user=owner).first()
    keep("flare-up, settled", client.get(f"/recovery/flare-ups/{flare_up.pk}/"))
    keep("flare-ups", client.get("/recovery/flare-ups/"))
    keep("history, flare-up settled", client.get("/history/"))
    keep("plan, not started", client.get("/recovery/plan/"))
    plan.start(owner, remind=True)
    keep("plan, running", client.get("/recovery/plan/"))
    keep("history, everything", client.get("/history/"))
    keep("summary", client.get("/history/summary/"))
    errors = nu_errors(documents, tmp_path)
    assert not errors, "\n".join(errors)


def test_flare_ups_and_activities_stop_at_a_limit_nobody_reaches(client, owner, monkeypatch):
    monkeypatch.setattr(rules, "MAX_FLARE_UPS", 2)
    monkeypatch.setattr(rules, "MAX_ACTIVITIES_EVER", 2)
    client.force_login(owner)
    first, payload = sync(client, started_on=owner.local_today().isoformat())
    add_flare_up(owner, owner.local_today())
    response, _ = sync(client, started_on=owner.local_today().isoformat())
    assert (first.status_code, response.status_code) == (201, 400)
    assert "the most SpasmCare keeps" in response.json()["message"]
    payload["note"] = "Still editable"
    again = client.post("/recovery/flare-ups/sync/", json.dumps(payload), content_type="application/json")
    assert again.status_code == 200  # the same record sent again is not a new one
    response = client.post("/recovery/flare-ups/new/", {"started_on": owner.local_today().isoformat()})
    assert response.status_code == 400 and "the most SpasmCare keeps" in text(response)
    assert FlareUp.objects.count() == 2

    set_activities(client, **{"Socks": 3, "Stairs": 4})
    response = client.post("/recovery/activities/", {"name": "Gardening", "score": "3"})
    assert response.status_code == 400 and "the most SpasmCare keeps" in text(response)
    for activity in Activity.objects.all():
        client.post(f"/recovery/activities/{activity.pk}/stop/")
    response = set_activities(client, Gardening=3)  # starting afresh counts the stopped ones too
    assert response.status_code == 400 and "the most SpasmCare keeps" in text(response)
    assert Activity.objects.count() == 2
