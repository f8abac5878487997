import json
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client

from spasmcare.history.suggestions import choose
from spasmcare.learn.safety import COOKIE

from .conftest import pass_safety_check
from .factories import clear_caches
from .test_history import add_session

pytestmark = pytest.mark.django_db

ALL_NO = {"emergency_signs": "no", "urgent_signs": "no", "see_soon_signs": "no"}


def answer(client, next_url="", **yes):
    data = {**ALL_NO, **{k: "yes" for k in yes}}
    if next_url:
        data["next"] = next_url
    return client.post("/safety-check/", data)


def offers_a_routine(html: str) -> bool:
    return "/play/" in html


# ---- The check and its four outcomes ----

@pytest.mark.parametrize(
    "yes, heading, routines_offered",
    [
        ({"emergency_signs": True}, "Please get medical help now", False),
        ({"emergency_signs": True, "see_soon_signs": True}, "Please get medical help now", False),
        ({"urgent_signs": True}, "Please contact a doctor today", False),
        ({"urgent_signs": True, "see_soon_signs": True}, "Please contact a doctor today", False),
        ({"see_soon_signs": True}, "Book a doctor's appointment", True),
        ({}, "You're fine to start", True),
    ],
)
def test_each_answer_leads_to_the_right_outcome(client, yes, heading, routines_offered):
    response = answer(client, next_url="/routines/gentle-core/play/", **yes)
    html = response.content.decode()
    assert response.status_code == 200
    assert heading in html
    main = html[html.index("<main"):html.index("</main>")]
    assert offers_a_routine(main) == routines_offered
    if "emergency_signs" in yes:
        assert "emergency number" in main


def test_see_a_doctor_soon_still_offers_only_gentle_relief(client):
    html = answer(client, see_soon_signs=True).content.decode()
    assert "/routines/spasm-relief/play/" in html
    assert "/routines/evening-wind-down/play/" in html
    assert "/routines/gentle-core/play/" not in html


def test_unanswered_questions_are_asked_again_keeping_the_answers(client):
    response = client.post("/safety-check/", {"emergency_signs": "no"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please answer every question" in html
    assert 'value="no" id="id_emergency_signs_1" required checked' in html


def test_outcome_is_remembered_in_the_browser_and_on_the_account(client, owner):
    answer(client)
    assert client.cookies[COOKIE].value
    client.force_login(owner)
    answer(client, see_soon_signs=True)
    owner.refresh_from_db()
    assert owner.safety_outcome == "soon" and owner.safety_checked_at is not None


def test_next_only_goes_to_this_site(client):
    html = answer(client, next_url="https://example.org/phish").content.decode()
    assert "example.org" not in html


# ---- The check before a first routine, and what each outcome allows ----

def test_first_routine_asks_for_the_check_first(client):
    html = client.get("/routines/gentle-core/play/").content.decode()
    assert "First, a quick safety check" in html
    assert 'class="player-step"' not in html
    answer(client)
    html = client.get("/routines/gentle-core/play/").content.decode()
    assert 'class="player-step"' in html


def test_emergency_or_urgent_outcome_pauses_every_routine(client):
    for outcome in ["emergency", "urgent"]:
        pass_safety_check(client, outcome=outcome)
        for slug in ["spasm-relief", "gentle-core"]:
            html = client.get(f"/routines/{slug}/play/").content.decode()
            assert "Routines are paused for now" in html
            assert 'class="player-step"' not in html


def test_see_soon_outcome_allows_relief_routines_only(client):
    pass_safety_check(client, outcome="soon")
    assert 'class="player-step"' in client.get("/routines/spasm-relief/play/").content.decode()
    html = client.get("/routines/gentle-core/play/").content.decode()
    assert "Gentle relief only, for now" in html and 'class="player-step"' not in html


def save(client, pain_before=None, pain_after=None, days_ago=0):
    started = datetime.now(UTC) - timedelta(days=days_ago, minutes=20)
    payload = {
        "key": str(uuid.uuid4()), "routine": "desk-break", "started_at": started.isoformat(),
        "ended_at": (started + timedelta(minutes=5)).isoformat(), "steps_done": 3, "steps_total": 6,
        "pain_before": pain_before, "pain_after": pain_after,
    }
    payload = {k: v for k, v in payload.items() if v is not None}
    response = client.post("/history/sessions/", json.dumps(payload), content_type="application/json")
    assert response.status_code == 201


@pytest.mark.parametrize(
    "earlier, now, asked_again",
    [
        ((3, 2), (7, None), True),   # high pain
        ((3, 2), (5, 4), True),      # a rise of 3 since last time
        ((3, 2), (4, 3), False),     # a rise of 2
        ((6, 5), (6, 4), False),     # steady, under 7
    ],
)
def test_check_reappears_after_high_or_rising_pain(client, owner, earlier, now, asked_again):
    owner.safety_outcome = "fine"
    owner.save()
    client.force_login(owner)
    save(client, *earlier, days_ago=2)
    assert 'class="player-step"' in client.get("/routines/desk-break/play/").content.decode()
    save(client, *now)
    owner.refresh_from_db()
    assert owner.safety_check_due is asked_again
    play = client.get("/routines/desk-break/play/").content.decode()
    home = client.get("/").content.decode()
    assert ("Let's check in first" in play) is asked_again
    assert ("Take the safety check" in home) is asked_again
    if asked_again:
        answer(client)
        owner.refresh_from_db()
        assert not owner.safety_check_due
        assert 'class="player-step"' in client.get("/routines/desk-break/play/").content.decode()


# ---- "Back spasm right now?" ----

def test_relief_is_one_tap_from_home_then_the_routine_with_voice_on(client):
    home = client.get("/").content.decode()
    assert 'href="/relief/"' in home
    page = client.get("/relief/").content.decode()
    assert page.count("<li>") >= 3 and "No, none of these" in page
    response = client.post("/relief/", {"answer": "no"})
    assert response.status_code == 302
    assert response["Location"] == "/routines/spasm-relief/play/?from=relief"
    player = client.get(response["Location"]).content.decode()
    assert 'class="player-step"' in player  # no full check needed on this path
    assert 'data-voice="on"' in player
    assert "Looking after your back today" in player and "hot-water bottle" in player
    assert "two weeks" in player


def test_relief_yes_shows_emergency_advice_and_no_routine(client):
    html = client.post("/relief/", {"answer": "yes"}).content.decode()
    main = html[html.index("<main"):html.index("</main>")]
    assert "Please get medical help now" in main and not offers_a_routine(main)
    assert "Routines are paused" in client.get("/routines/spasm-relief/play/").content.decode()


def test_relief_without_an_answer_is_a_clear_400(client):
    response = client.post("/relief/", {"answer": "maybe"})
    assert response.status_code == 400
    assert "Choose one of the two buttons" in response.content.decode()


def test_relief_and_check_are_csrf_protected():
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/relief/", {"answer": "no"}).status_code == 403
    assert strict.post("/safety-check/", ALL_NO).status_code == 403


# ---- Persistent pain and today's suggestion ----

def test_pain_at_four_or_more_for_two_weeks_without_easing_shows_the_doctor_card(client, owner):
    client.force_login(owner)
    today = owner.local_today()
    for days_ago, pain in [(16, 5), (11, 6), (6, 5), (1, 5)]:
        add_session(owner, today - timedelta(days=days_ago), pain=(pain, pain))
    for url in ["/", "/history/"]:
        html = client.get(url).content.decode()
        assert "Time to see a doctor" in html, url
        assert "hasn't eased: 5 then, 5 last time" in html


@pytest.mark.parametrize(
    "sessions",
    [
        [(16, 6), (11, 5), (6, 4), (1, 4)],   # easing
        [(10, 5), (6, 6), (1, 6)],            # under two weeks
        [(16, 5), (11, 3), (6, 5), (1, 5)],   # a good day in between resets the run
    ],
)
def test_no_doctor_card_when_pain_eases_or_is_recent(client, owner, sessions):
    client.force_login(owner)
    today = owner.local_today()
    for days_ago, pain in sessions:
        add_session(owner, today - timedelta(days=days_ago), pain=(pain, pain))
    assert "Time to see a doctor" not in client.get("/").content.decode()


@pytest.mark.parametrize(
    "recent, hour, slug",
    [
        ([], 9, "morning-mobility"),
        ([{"pain_before": 8, "pain_after": None}], 9, "spasm-relief"),
        ([{"pain_before": 6, "pain_after": 5}], 20, "evening-wind-down"),
        ([{"pain_before": 6, "pain_after": 5}], 8, "morning-mobility"),
        ([{"pain_before": 3, "pain_after": 2}] * 3, 9, "hips-and-glutes"),
        ([{"pain_before": 2, "pain_after": 1}] * 4, 9, "gentle-core"),
        ([{"pain_before": 2, "pain_after": 1}, {"pain_before": 5, "pain_after": 5}], 9, "morning-mobility"),
    ],
)
def test_todays_suggestion_follows_visible_rules(recent, hour, slug):
    chosen, reason = choose(recent, hour)
    assert chosen == slug
    assert reason


def test_home_suggests_a_routine_and_says_why(client, owner):
    html = client.get("/").content.decode()
    assert "A good first routine" in html and "New here?" in html
    client.force_login(owner)
    add_session(owner, owner.local_today() - timedelta(days=1), pain=(8, 7))
    html = client.get("/").content.decode()
    assert "Today's suggestion" in html
    assert "Your last pain score was 7 out of 10" in html
    suggestion = html[html.index("suggestion-heading"):]
    assert "Spasm relief, lying down" in suggestion[:2000]


def test_home_query_count_does_not_grow_with_history(client, owner, django_assert_max_num_queries):
    client.force_login(owner)
    for i in range(5):
        add_session(owner, date(2026, 1, 1) + timedelta(days=i), pain=(5, 4))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clear_caches()
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for i in range(300):
        add_session(owner, date(2025, 1, 1) + timedelta(days=i), pain=(5, 4))
    clear_caches()
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few)
