import importlib
import json
import re
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exercises.models import Exercise, Routine
from spasmcare.history.models import CompletedSession
from spasmcare.recovery import plan as recovery_plan
from spasmcare.recovery import rules as recovery_rules
from spasmcare.recovery.suggestions import choose
from spasmcare.safety import rules as safety
from spasmcare.safety.rules import COOKIE
from spasmcare.settings import envphone

from .conftest import pass_safety_check
from .factories import clear_caches, make_routine, with_languages
from .test_history import add_session

pytestmark = pytest.mark.django_db

ALL_NO = {"emergency_signs": "no", "urgent_signs": "no", "see_soon_signs": "no"}


def answer(client, next_url="", **yes):
    data = {**ALL_NO, **dict.fromkeys(yes, "yes")}
    if next_url:
        data["next"] = next_url
    return client.post("/safety-check/", data)


# ---- The check and its four outcomes ----


def main_of(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def play_links(html: str) -> set[str]:
    return set(re.findall(r'href="(/routines/[\w-]+/play/)', main_of(html)))


@pytest.mark.parametrize(
    "yes, heading, offered",
    [
        ({"emergency_signs": True}, "Please get medical help now", set()),
        ({"emergency_signs": True, "see_soon_signs": True}, "Please get medical help now", set()),
        ({"urgent_signs": True}, "Please contact a doctor today", {"/routines/rest-and-breathe/play/"}),
        (
            {"urgent_signs": True, "see_soon_signs": True},
            "Please contact a doctor today",
            {"/routines/rest-and-breathe/play/"},
        ),
        (
            {"see_soon_signs": True},
            "Book a doctor's appointment",
            {"/routines/spasm-relief/play/", "/routines/rest-and-breathe/play/"},
        ),
    ],
)
def test_each_answer_leads_to_the_right_outcome_and_offers(client, yes, heading, offered):
    response = answer(client, next_url="/routines/gentle-core/play/", **yes)
    html = response.content.decode()
    assert response.status_code == 200
    assert heading in html
    assert play_links(html) == offered
    if "urgent_signs" in yes and "emergency_signs" not in yes:
        assert "While you wait to be seen" in html and "may ease the spasm" in html


def test_fine_outcome_leads_back_to_the_routine(client):
    html = answer(client, next_url="/routines/gentle-core/play/").content.decode()
    assert "You're fine to start" in html
    assert 'href="/routines/gentle-core/play/"' in html


def test_emergency_and_urgent_outcomes_offer_numbers_to_call(client, settings):
    settings.SPASMCARE_EMERGENCY_NUMBER = "112"
    settings.SPASMCARE_ADVICE_NUMBER = "116 117"
    emergency = main_of(answer(client, emergency_signs=True).content.decode())
    assert emergency.index('href="tel:112"') < emergency.index('href="tel:116117"')
    urgent = main_of(answer(client, urgent_signs=True).content.decode())
    assert urgent.index('href="tel:116117"') < urgent.index('href="tel:112"')
    assert "Call 116 117" in urgent


def test_without_an_advice_line_only_the_emergency_number_shows(client, settings):
    settings.SPASMCARE_ADVICE_NUMBER = ""
    for page in [answer(client, urgent_signs=True), client.get("/relief/"), client.get("/safety-check/")]:
        html = main_of(page.content.decode())
        assert set(re.findall(r'href="tel:([^"]*)"', html)) == {"112"}


def test_a_bad_phone_number_setting_fails_loudly(monkeypatch):
    monkeypatch.setenv("SPASMCARE_ADVICE_NUMBER", "javascript:alert(1)")
    with pytest.raises(ImproperlyConfigured):
        envphone("SPASMCARE_ADVICE_NUMBER", "")
    monkeypatch.setenv("SPASMCARE_ADVICE_NUMBER", "+44 111")
    assert envphone("SPASMCARE_ADVICE_NUMBER", "") == "+44 111"


def test_night_pain_question_can_be_answered_no_by_someone_whose_spasm_makes_lying_sore(client):
    html = client.get("/safety-check/").content.decode()
    assert "worse at night" not in html
    assert "doesn&#x27;t ease in any position" in html
    assert "not just sore when you move or turn over" in html


def test_unanswered_questions_are_asked_again_keeping_the_answers(client):
    response = client.post("/safety-check/", {"emergency_signs": "no", "pain": "9"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please answer every question" in html
    assert 'value="no" id="id_emergency_signs_1" checked' in html
    assert 'name="pain" value="9"' in html
    assert html.count('class="field-error"') == 2  # the two questions left, not the one answered


def test_a_yes_to_the_emergency_signs_needs_no_more_answers(client):
    """The first "yes" decides the outcome, so someone with an emergency sign is told what to do
    at once. The browser doesn't hold the form back either: no question is marked `required`."""
    assert " required" not in main_of(client.get("/safety-check/").content.decode())
    response = client.post("/safety-check/", {"emergency_signs": "yes"})
    assert response.status_code == 200
    assert "Please get medical help now" in response.content.decode()

    urgent = client.post("/safety-check/", {"emergency_signs": "no", "urgent_signs": "yes"})
    assert urgent.status_code == 200 and "Please contact a doctor today" in urgent.content.decode()

    # A "yes" after an unanswered question is not enough: that question may be the more serious.
    gap = client.post("/safety-check/", {"urgent_signs": "yes", "see_soon_signs": "yes"})
    assert gap.status_code == 400
    assert gap.content.decode().count('class="field-error"') == 1


def test_outcome_and_the_rating_it_answered_are_remembered(client, owner):
    answer(client)
    assert client.cookies[COOKIE].value
    client.force_login(owner)
    client.post("/safety-check/", {**ALL_NO, "see_soon_signs": "yes", "pain": "9"})
    owner.refresh_from_db()
    assert owner.safety_outcome == "soon" and owner.safety_checked_at is not None
    assert owner.safety_pain == 9


def test_next_only_goes_to_this_site(client):
    html = answer(client, next_url="https://example.org/phish").content.decode()
    assert "example.org" not in html


# ---- What each outcome allows ----


def test_first_routine_asks_for_the_check_first(client):
    html = client.get("/routines/gentle-core/play/").content.decode()
    assert "First, a quick safety check" in html
    assert 'class="player-step"' not in html
    answer(client)
    html = client.get("/routines/gentle-core/play/").content.decode()
    assert 'class="player-step"' in html


def plays(client, slug) -> bool:
    return 'class="player-step"' in client.get(f"/routines/{slug}/play/").content.decode()


@pytest.mark.parametrize(
    "outcome, allowed",
    [
        ("emergency", set()),
        ("urgent", {"rest-and-breathe"}),
        ("soon", {"rest-and-breathe", "spasm-relief"}),
        ("fine", {"rest-and-breathe", "spasm-relief", "evening-wind-down", "gentle-core"}),
    ],
)
def test_each_outcome_allows_the_right_routines(client, outcome, allowed):
    pass_safety_check(client, outcome=outcome)
    slugs = ["rest-and-breathe", "spasm-relief", "evening-wind-down", "gentle-core"]
    assert {slug for slug in slugs if plays(client, slug)} == allowed


def test_emergency_outcome_pauses_everything_with_numbers_to_call(client):
    pass_safety_check(client, outcome="emergency")
    html = client.get("/routines/rest-and-breathe/play/").content.decode()
    assert "Please get medical help first" in html and 'href="tel:112"' in html
    assert not play_links(html)


def test_urgent_outcome_pauses_exercise_but_offers_rest_and_breathing(client):
    pass_safety_check(client, outcome="urgent")
    html = client.get("/routines/gentle-core/play/").content.decode()
    assert "Exercise routines are paused for now" in html
    assert play_links(html) == {"/routines/rest-and-breathe/play/"}
    assert 'href="tel:112"' in html


def test_one_tap_relief_check_opens_gentle_relief_and_rest_but_not_exercise(client):
    client.post("/relief/", {"answer": "no"})
    assert plays(client, "spasm-relief") and plays(client, "rest-and-breathe")
    assert not plays(client, "gentle-core") and not plays(client, "evening-wind-down")


# ---- Which routines count as gentle relief, or as rest and breathing ----

TOO_DEEP_FOR_A_SPASM = {"childs-pose", "knees-to-chest", "piriformis-stretch"}


def test_shipped_gentle_relief_routines_are_gentle_and_lying_down():
    relief = Routine.objects.published().gentle_relief().with_steps()
    assert {r.slug for r in relief} == {"spasm-relief", "rest-and-breathe"}
    for routine in relief:
        for step in routine.step_list:
            exercise = step.exercise
            assert exercise.slug not in TOO_DEEP_FOR_A_SPASM, routine.slug
            assert exercise.difficulty == "gentle", (routine.slug, exercise.slug)


def test_rest_and_breathe_is_only_rest_positions_and_breathing():
    routine = Routine.objects.get(slug="rest-and-breathe")
    assert routine.rest_only
    assert {s.exercise.slug for s in routine.step_list} >= {
        "constructive-rest",
        "side-lying-rest",
        "belly-breathing",
    }
    assert list(Routine.objects.published().rest_and_breathe().values_list("slug", flat=True)) == [
        "rest-and-breathe"
    ]
    assert not Routine.objects.get(slug="spasm-relief").rest_only


def test_rest_only_means_the_same_to_the_player_and_to_what_an_outcome_offers():
    """One rule, asked of one routine (the player's gate) or of all (the lists an outcome
    offers): only the steps that play count, so a step whose exercise was taken out of the
    library makes a rest routine neither more nor less restful."""
    rest = Exercise.objects.get(slug="constructive-rest")
    stretch = Exercise.objects.get(slug="cat-cow")
    hidden_stretch = Exercise.objects.create(
        slug="retired-stretch", name="Retired stretch", kind=Exercise.Kind.STRETCH, hold_seconds=20
    )
    hidden_rest = Exercise.objects.create(
        slug="retired-rest", name="Retired rest", kind=Exercise.Kind.RELIEF, hold_seconds=60
    )
    cases = {
        "all-rest": ([rest], True),
        "rest-and-a-stretch-taken-out": ([rest, hidden_stretch], True),
        "only-a-rest-taken-out": ([hidden_rest], False),
        "rest-and-a-stretch": ([rest, stretch], False),
        "no-steps": ([], False),
    }
    for slug, (exercises, _) in cases.items():
        make_routine(slug, exercises)
    offered = set(Routine.objects.rest_and_breathe().values_list("slug", flat=True))
    for slug, (_, expected) in cases.items():
        assert Routine.objects.get(slug=slug).rest_only is expected, slug
        assert (slug in offered) is expected, slug


def test_each_outcome_offers_the_same_routines_in_the_player_and_on_its_page(client):
    """Waiting to see a doctor today: rest and breathing only; booking an appointment: gentle
    relief too; an emergency: nothing. The player's gate and the check's answer page agree."""
    expected = {
        safety.URGENT: ["rest-and-breathe"],
        safety.SOON: ["rest-and-breathe", "spasm-relief"],
        safety.EMERGENCY: [],
    }
    gentle_core = Routine.objects.get(slug="gentle-core")
    for outcome, slugs in expected.items():
        assert [r.slug for r in safety.routines_offered(outcome)] == slugs, outcome
        pass_safety_check(client, outcome=outcome)
        gate = client.get(gentle_core.get_play_url()).content.decode()
        assert play_links(gate) == {f"/routines/{slug}/play/" for slug in slugs}, outcome
        yes = {
            safety.URGENT: "urgent_signs",
            safety.SOON: "see_soon_signs",
            safety.EMERGENCY: "emergency_signs",
        }
        page = answer(client, **{yes[outcome]: True}).content.decode()
        assert play_links(page) == {f"/routines/{slug}/play/" for slug in slugs}, outcome


def routine_admin_form(routine: Routine, **changes) -> dict:
    """What the admin's routine form posts for `routine` as it stands (its steps left as they
    are), with `changes` on top."""
    return with_languages(routine, {
        "name": routine.name, "slug": routine.slug, "purpose": routine.purpose,
        "description": routine.description, "featured_order": routine.featured_order or "",
        "goal": routine.goal, "role": routine.role, "is_published": "on",
        "gentle_relief": "on" if routine.gentle_relief else "", "_save": "Save",
        "steps-TOTAL_FORMS": "0", "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0", "steps-MAX_NUM_FORMS": "1000",
        **changes,
    })  # fmt: skip


def test_the_one_tap_check_leads_to_whichever_routine_has_the_relief_role(client, editor):
    """An editor moves the relief role to another routine in the admin; the one-tap check, the
    offline page and the service worker follow it, with no slug written in code."""
    old = Routine.objects.get(slug="spasm-relief")
    new = make_routine("softer-relief", [Exercise.objects.get(slug="constructive-rest")])
    Routine.objects.filter(pk=new.pk).update(gentle_relief=True)
    admin = Client()
    admin.force_login(editor)
    taken = admin.post(
        reverse("admin:exercises_routine_change", args=[new.pk]), routine_admin_form(new, role="relief")
    )
    assert taken.status_code == 400 and "Another routine already has this role" in taken.content.decode()
    Routine.objects.filter(pk=old.pk).update(role="")
    moved = admin.post(
        reverse("admin:exercises_routine_change", args=[new.pk]), routine_admin_form(new, role="relief")
    )
    assert moved.status_code == 302

    response = client.post("/relief/", {"answer": "no"})
    assert response.url == f"{new.get_play_url()}?from=relief"
    assert f'href="{new.get_play_url()}?from=relief"' in client.get("/offline/").content.decode()
    assert f'"{new.get_play_url()}"' in client.get("/sw.js").content.decode()


def test_existing_databases_give_the_shipped_routines_their_roles():
    migration = importlib.import_module("exercises.migrations.0014_routine_role")
    Routine.objects.update(role="")
    migration.give_shipped_routines_their_roles(apps, SimpleNamespace(connection=connection))
    published = Routine.objects.published()
    assert published.for_role(Routine.Role.RELIEF).slug == "spasm-relief"
    assert published.for_role(Routine.Role.REST).slug == "rest-and-breathe"
    assert published.for_role(Routine.Role.WALK).slug == "light-walk"
    strength = [published.for_role(Routine.Role.STRENGTH, turn=n).slug for n in range(2)]
    assert strength == ["gentle-core", "hips-and-glutes"]


def test_existing_databases_stop_offering_evening_wind_down_as_relief():
    migration = importlib.import_module("exercises.migrations.0006_gentle_relief_review")
    Routine.objects.filter(slug="evening-wind-down").update(gentle_relief=True)
    migration.evening_wind_down_is_not_gentle_relief(apps, None)
    assert not Routine.objects.get(slug="evening-wind-down").gentle_relief


def test_gentle_relief_is_editable_in_the_admin_with_help(client, editor):
    client.force_login(editor)
    routine = Routine.objects.get(slug="desk-break")
    html = client.get(f"/admin/exercises/routine/{routine.pk}/change/").content.decode()
    assert 'name="gentle_relief"' in html
    assert "acute spasm" in html and "figure-4" in html


# ---- The pain rules at every boundary ----

# (start, rating now) -> level, for the starting levels 0, 3, 7 and 9 and no start at all.
LIGHT = {
    None: {0: "carry-on", 3: "carry-on", 4: "do-less", 5: "do-less", 6: "stop-exercise", 10: "stop-exercise"},
    0: {0: "carry-on", 3: "carry-on", 4: "do-less", 5: "do-less", 6: "stop-exercise", 10: "stop-exercise"},
    3: {0: "carry-on", 3: "carry-on", 4: "do-less", 5: "do-less", 6: "stop-exercise", 10: "stop-exercise"},
    7: {0: "carry-on", 6: "carry-on", 7: "carry-on", 8: "carry-on", 9: "do-less", 10: "stop-exercise"},
    9: {0: "carry-on", 8: "carry-on", 9: "carry-on", 10: "carry-on"},
}


@pytest.mark.parametrize(
    "start, now, level", [(start, now, level) for start, row in LIGHT.items() for now, level in row.items()]
)
def test_traffic_light_follows_the_persons_own_start(start, now, level):
    assert safety.traffic_light(start, now) == level


@pytest.mark.parametrize("start", [None, 0, 3, 7, 9])
def test_sharp_or_spreading_stops_the_exercise_and_numbness_the_routine_at_any_level(start):
    for now in range(11):
        assert safety.traffic_light(start, now, sharp=True) == "stop-exercise"
        assert safety.traffic_light(start, now, numbness=True) == "stop-routine"
        assert safety.traffic_light(start, now, sharp=True, numbness=True) == "stop-routine"


def test_just_above_three_the_light_switches_to_change_from_the_start():
    assert safety.traffic_light(4, 5) == "carry-on"  # up 1
    assert safety.traffic_light(4, 6) == "do-less"  # up 2, though 6 on the fixed light
    assert safety.traffic_light(4, 7) == "stop-exercise"  # up 3


# (last session's rating, rating now, what this episode's answers cover) -> asks the questions
@pytest.mark.parametrize(
    "last, now, covered, asks",
    [
        (None, 6, None, False),  # a first rating has nothing to be higher than
        (None, 7, None, True),  # high
        (None, 10, None, True),
        (0, 2, None, False),
        (0, 3, None, True),  # a rise of 3
        (3, 5, None, False),  # a rise of 2
        (3, 6, None, True),  # a rise of 3
        (7, 6, None, False),  # easing
        (7, 7, None, True),  # still high, nothing answered this episode
        (9, 9, None, True),
        (9, 8, None, True),
        (None, 8, 8, False),  # the one-tap relief check covers up to 8
        (None, 9, 8, True),  # ...but not 9
        (None, 9, 9, False),  # answered at 9: 9 goes straight through
        (9, 9, 9, False),
        (None, 10, 9, True),  # higher than answered for: asked once more
        (0, 6, 10, False),  # a rise covered by an answer
        (3, 6, 5, True),
    ],
)
def test_which_ratings_ask_the_red_flag_questions(last, now, covered, asks):
    assert safety.rating_asks_for_check(now, last, covered) is asks


def test_an_answer_covers_its_rating_for_one_episode():
    now = datetime(2026, 11, 30, 12, tzinfo=UTC)
    state = safety.SafetyState("fine", now - timedelta(hours=1), 9)
    assert state.covered_up_to(now) == 9
    assert safety.SafetyState("fine", now - timedelta(hours=1), None).covered_up_to(now) == 10
    assert state.covered_up_to(now + safety.EPISODE) is None
    assert safety.SafetyState("fine", None, None, relief_checked=True).covered_up_to(now) == 8
    assert safety.SafetyState("fine", now, 9, relief_checked=True).covered_up_to(now) == 9
    assert safety.SafetyState("fine").covered_up_to(now) is None  # answered before times were kept


def rules_of(html: str) -> dict:
    match = re.search(r'<script id="player-rules" type="application/json">(.*?)</script>', html)
    return json.loads(match.group(1))


def test_player_is_handed_the_rules_from_python(client):
    pass_safety_check(client)
    rules = rules_of(client.get("/routines/gentle-core/play/").content.decode())
    # Durations come with the steps (exercises/pacing.py), never a second copy in the rules.
    assert not [key for key in rules if key.endswith("Seconds")]
    assert rules["light"]["7"][9] == "do-less" and rules["light"]["none"][6] == "stop-exercise"
    assert rules["askCheck"]["none"] == [n >= safety.HIGH_PAIN for n in range(11)]
    assert rules["askCheck"]["2"][5] is True
    assert rules["checkUrl"] == "/safety-check/"
    assert rules["advice"]["do-less"]["heading"] == "Do a little less"
    assert rules["severe"] == [n >= safety.SEVERE_PAIN for n in range(11)]
    assert rules["allowedAfter"] == {"emergency": False, "urgent": False, "soon": False, "fine": True}
    assert (
        rules["lightByChange"]["same"][8] == "carry-on"
        and rules["lightByChange"]["much-more"][8] == "stop-exercise"
    )
    assert rules["restKinds"] == ["relief"]


def test_a_rating_never_asks_before_rest_and_breathing(client):
    pass_safety_check(client)
    rules = rules_of(client.get("/routines/rest-and-breathe/play/").content.decode())
    assert not any(any(row) for row in rules["askCheck"].values())


def test_relief_path_lets_eight_through_and_asks_once_at_nine(client):
    client.post("/relief/", {"answer": "no"})
    html = client.get("/routines/spasm-relief/play/?from=relief").content.decode()
    rules = rules_of(html)
    assert rules["askCheck"]["none"][8] is False
    assert rules["askCheck"]["none"][9] is True
    assert rules["allowedAfter"]["soon"] is True, "severe pain books a doctor and keeps the relief routine"
    assert 'data-question="urgent_signs"' in html  # asked in the player, where the rating was given
    # The player sends the answers as the safety check's form, asking for JSON back.
    response = client.post(
        "/safety-check/", {**ALL_NO, "see_soon_signs": "yes", "pain": "9"}, HTTP_ACCEPT="application/json"
    )
    assert response.json() == {"outcome": "soon"}
    rules = rules_of(client.get("/routines/spasm-relief/play/?from=relief").content.decode())
    assert rules["askCheck"]["none"][9] is False and rules["askCheck"]["none"][10] is True


def test_a_carried_rating_must_be_0_to_10(client):
    pass_safety_check(client)
    for junk in ["11", "-1", "x", "9.5", "９"]:
        response = client.get(f"/routines/gentle-core/play/?pain={junk}")
        assert response.status_code == 200
        assert rules_of(response.content.decode())["startPain"] is None


def test_account_player_compares_with_the_last_logged_pain(client, owner):
    owner.safety_outcome = "fine"
    owner.save()
    client.force_login(owner)
    save(client, 3, 2, days_ago=2)
    save(client, 8, 7)
    html = client.get("/routines/desk-break/play/").content.decode()
    assert 'class="player-step"' in html  # high pain logged last time is not a gate
    assert rules_of(html)["lastPain"] == 7


def save(client, pain_before=None, pain_after=None, days_ago=0, events=None):
    started = datetime.now(UTC) - timedelta(days=days_ago, minutes=20)
    payload = {
        "key": str(uuid.uuid4()),
        "routine": "desk-break",
        "started_at": started.isoformat(),
        "ended_at": (started + timedelta(minutes=5)).isoformat(),
        "steps_done": 3,
        "steps_total": 6,
        "pain_before": pain_before,
        "pain_after": pain_after,
        "events": events,
    }
    payload = {k: v for k, v in payload.items() if v is not None}
    response = client.post("/history/sessions/", json.dumps(payload), content_type="application/json")
    assert response.status_code == 201


def test_saved_session_records_the_level_the_rules_give(client, owner):
    client.force_login(owner)
    forged = [
        {
            "type": "hurt",
            "step": 1,
            "exercise": "seated-twist",
            "pain": 9,
            "start": 7,
            "level": "carry-on",
            "action": "carry-on",
        },
        {
            "type": "hurt",
            "step": 2,
            "exercise": "shoulder-rolls",
            "pain": 2,
            "start": None,
            "numbness": True,
            "action": "stop",
        },
    ]
    save(client, 7, events=forged)
    events = CompletedSession.objects.get(user=owner).events
    assert [e["level"] for e in events] == ["do-less", "stop-routine"]


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


def test_relief_yes_shows_emergency_advice_and_a_mis_tap_is_undone_in_one_tap(client):
    html = client.post("/relief/", {"answer": "yes"}).content.decode()
    assert "Please get medical help now" in html and not play_links(html)
    assert 'href="tel:112"' in html
    assert 'href="/relief/"' in html and "by mistake" in html
    # Not remembered: one tap on "No" after the mis-tap opens the relief routine.
    client.post("/relief/", {"answer": "no"})
    assert "player-steps-data" in client.get("/routines/spasm-relief/play/").content.decode()


def test_with_nothing_answered_the_relief_player_asks_the_one_tap_check_itself(client):
    """So a phone that saved the page can answer it offline and start (no "links that need the
    network"); an exercise routine still goes through the full check."""
    html = client.get("/routines/spasm-relief/play/").content.decode()
    assert 'id="relief-gate"' in html and 'name="answer" value="no"' in html
    assert "player-steps-data" in html and "First, a quick safety check" not in html
    assert 'name="next" value="/routines/spasm-relief/play/"' in html
    response = client.post("/relief/", {"answer": "no", "next": "/routines/rest-and-breathe/play/"})
    assert response["Location"] == "/routines/rest-and-breathe/play/"
    assert client.post("/relief/", {"answer": "no", "next": "https://evil.example/"})["Location"] == (
        "/routines/spasm-relief/play/?from=relief"
    )
    gated = client.__class__().get("/routines/gentle-core/play/").content.decode()
    assert "First, a quick safety check" in gated and 'id="relief-gate"' not in gated


def test_relief_without_an_answer_is_a_clear_400(client):
    response = client.post("/relief/", {"answer": "maybe"})
    assert response.status_code == 400
    assert "Choose one of the two buttons" in response.content.decode()


def test_relief_and_check_are_csrf_protected():
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/relief/", {"answer": "no"}).status_code == 403
    assert strict.post("/safety-check/", ALL_NO).status_code == 403


# ---- Persistent pain and today's suggestion ----


def test_pain_at_four_or_more_for_two_weeks_without_easing_shows_the_doctor_card(frozen_clock, client, owner):
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
        [(16, 6), (11, 5), (6, 4), (1, 4)],  # easing
        [(10, 5), (6, 6), (1, 6)],  # under two weeks
        [(16, 5), (11, 3), (6, 5), (1, 5)],  # a good day in between resets the run
    ],
)
def test_no_doctor_card_when_pain_eases_or_is_recent(frozen_clock, client, owner, sessions):
    client.force_login(owner)
    today = owner.local_today()
    for days_ago, pain in sessions:
        add_session(owner, today - timedelta(days=days_ago), pain=(pain, pain))
    assert "Time to see a doctor" not in client.get("/").content.decode()


@pytest.mark.parametrize(
    "recent, hour, slug",
    [
        ([], 9, "morning-mobility"),
        ([], 13, "desk-break"),
        ([], 23, "evening-wind-down"),  # a 23:30 reminder
        ([], 2, "evening-wind-down"),
        # Each session's latest pain: after the routine (5 after 6 before), else before (8).
        ([{"latest_pain": 5}], 23, "evening-wind-down"),
        ([{"latest_pain": 8}], 9, "spasm-relief"),
        ([{"latest_pain": 5}], 20, "evening-wind-down"),
        ([{"latest_pain": 5}], 8, "morning-mobility"),
        ([{"latest_pain": 2}] * 3, 9, "hips-and-glutes"),
        ([{"latest_pain": 1}] * 4, 9, "gentle-core"),
        ([{"latest_pain": 1}, {"latest_pain": 5}], 9, "morning-mobility"),
    ],
)
def test_todays_suggestion_follows_visible_rules(recent, hour, slug):
    role, reason = choose(recent, hour)
    # Routines are found by role; the strengthening ones take turns by the number of sessions.
    assert Routine.objects.published().for_role(role, turn=len(recent)).slug == slug
    assert reason


def test_home_suggests_a_routine_and_says_why(frozen_clock, client, owner):
    html = client.get("/").content.decode()
    assert "A good first routine" in html and "New here?" in html
    client.force_login(owner)
    add_session(owner, owner.local_today() - timedelta(days=1), pain=(8, 7))
    html = client.get("/").content.decode()
    assert "Today's suggestion" in html
    assert "Your last pain score was 7 out of 10" in html
    suggestion = html[html.index("suggestion-heading") :]
    assert "Spasm relief, lying down" in suggestion[:2000]


def test_home_query_count_does_not_grow_with_history(client, owner, django_assert_max_num_queries):
    client.force_login(owner)
    for i in range(5):
        add_session(owner, date(2026, 1, 1) + timedelta(days=i), pain=(5, 4))

    clear_caches()
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for i in range(300):
        add_session(owner, date(2025, 1, 1) + timedelta(days=i), pain=(5, 4))
    clear_caches()
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few)


# ---- Every clinical number has its source, in the repository ----

SOURCES = Path(safety.__file__).with_name("SOURCES.md").read_text(encoding="utf-8")
# Numbers that are limits or storage, not clinical facts.
NOT_CLINICAL = {"COOKIE_MAX_AGE", "MAX_ACTIVITIES_EVER", "MAX_FLARE_UPS"}


def numeric_constants(module) -> set[str]:
    kinds = (int, float, timedelta, tuple, frozenset)
    return {
        name
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, kinds) and not isinstance(value, bool)
    } - NOT_CLINICAL


def test_every_threshold_in_the_two_rules_modules_names_its_source():
    """A new threshold in safety/rules.py or recovery/rules.py needs its fact and source in
    spasmcare/safety/SOURCES.md, under its own name; and every name there still exists."""
    constants = numeric_constants(safety) | numeric_constants(recovery_rules)
    constants -= {"OUTCOMES", "LEVELS", "QUESTIONS", "RELIEF_QUESTIONS"}  # words, not numbers
    missing = {name for name in constants if f"`{name}`" not in SOURCES and f"`{name} " not in SOURCES}
    assert not missing, f"say where these come from in SOURCES.md: {sorted(missing)}"
    named = set(re.findall(r"`([A-Z][A-Z_]+)[` ]", SOURCES))
    known = (
        set(vars(safety))
        | set(vars(recovery_rules))
        | set(vars(recovery_plan))
        | {"SPASMCARE_EMERGENCY_NUMBER", "SPASMCARE_ADVICE_NUMBER"}
    )
    assert named <= known, f"SOURCES.md names what no longer exists: {sorted(named - known)}"
