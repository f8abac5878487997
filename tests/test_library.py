import gzip
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exercises import content
from exercises.models import Exercise, Routine, RoutineStep

from .conftest import pass_safety_check
from .factories import clear_caches, make_exercises, make_routine

pytestmark = pytest.mark.django_db


def count_queries(client, url: str, **headers) -> int:
    clear_caches()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return len(ctx.captured_queries)


# ---- Shipped content ----


def test_fresh_database_has_the_full_library():
    exercises = Exercise.objects.published()
    kinds = Counter(exercises.values_list("kind", flat=True))
    assert exercises.count() >= 30
    assert kinds["stretch"] >= 15
    assert kinds["strength"] >= 10
    assert kinds["relief"] >= 5


def test_every_exercise_is_complete_and_has_its_own_drawing():
    static_dir = Path(settings.BASE_DIR) / "static"
    for exercise in Exercise.objects.prefetch_related("body_areas"):
        assert 3 <= len(exercise.steps) <= 8, exercise.slug
        assert exercise.breathing and exercise.purpose and exercise.cautions, exercise.slug
        assert exercise.cautions.startswith("Skip this if"), exercise.slug
        assert exercise.body_areas.exists(), exercise.slug
        assert (exercise.hold_seconds is None) != (exercise.reps is None), exercise.slug
        drawing = static_dir / exercise.figure
        assert drawing.exists(), f"{exercise.slug} has no drawing"
        # What a phone downloads: the drawing compressed (tests/test_figures.py holds the budget).
        assert len(gzip.compress(drawing.read_bytes(), 9)) <= 2048, f"{exercise.slug}'s drawing is heavy"


def test_easier_and_harder_variants_really_are_easier_and_harder():
    rank = {"gentle": 0, "moderate": 1}
    linked = 0
    for exercise in Exercise.objects.select_related("easier", "harder"):
        if exercise.easier:
            linked += 1
            assert exercise.easier != exercise
            assert rank[exercise.easier.difficulty] <= rank[exercise.difficulty], exercise.slug
        if exercise.harder:
            linked += 1
            assert rank[exercise.harder.difficulty] >= rank[exercise.difficulty], exercise.slug
    assert linked >= 20


def test_routines_are_three_to_fifteen_minutes_and_relief_is_gentlest():
    routines = {r.slug: r for r in Routine.objects.published().with_steps()}
    assert len(routines) >= 8
    for routine in routines.values():
        assert 180 <= routine.total_seconds <= 900, routine.slug
    relief = routines["spasm-relief"]
    # Spoken guidance (how to get into each position, said in the rests) included: the time
    # shown is the time the player takes.
    assert relief.total_seconds <= 480
    assert {s.exercise.position for s in relief.step_list} == {"lying"}
    assert {s.exercise.difficulty for s in relief.step_list} == {"gentle"}
    for slug in [
        "morning-mobility",
        "desk-break",
        "evening-wind-down",
        "gentle-core",
        "hips-and-glutes",
        "light-walk",
        "before-lifting",
    ]:
        assert slug in routines


def test_loading_content_again_keeps_an_editors_changes():
    Exercise.objects.filter(slug="cat-cow").update(name="Cat and cow (edited)")
    content.load()
    assert Exercise.objects.get(slug="cat-cow").name == "Cat and cow (edited)"
    assert Exercise.objects.filter(slug="cat-cow").count() == 1


# ---- Pages ----


def test_home_offers_the_relief_routine_first(client):
    response = client.get("/")
    html = response.content.decode()
    assert "Back spasm right now?" in html
    featured = list(response.context["routines"])
    assert featured[0].slug == "spasm-relief"
    assert html.index('href="/relief/"') < html.index("Routines to start with")


def test_library_filters_by_kind_and_position(client):
    response = client.get("/exercises/", {"kind": "relief", "position": "lying"})
    shown = list(response.context["exercises"])
    assert shown
    assert all(e.kind == "relief" and e.position == "lying" for e in shown)
    assert "Belly breathing" in response.content.decode()
    assert "Glute bridge" not in response.content.decode()


def test_library_filters_by_body_area_equipment_and_difficulty(client):
    response = client.get("/exercises/", {"area": "hamstrings", "equipment": "towel"})
    assert [e.slug for e in response.context["exercises"]] == ["hamstring-stretch-towel"]
    response = client.get("/exercises/", {"difficulty": "moderate"})
    assert all(e.difficulty == "moderate" for e in response.context["exercises"])


def test_library_search_finds_by_name(client):
    response = client.get("/exercises/", {"q": "bridge"})
    names = [e.name for e in response.context["exercises"]]
    assert names and all(
        "bridge" in n.lower() or "bridge" in e.purpose.lower()
        for n, e in zip(names, response.context["exercises"], strict=False)
    )


def test_library_htmx_request_gets_only_the_results_fragment(client):
    response = client.get("/exercises/?kind=strength", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_library_back_button_restore_gets_the_whole_page(client):
    response = client.get(
        "/exercises/?kind=strength",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in response.content.decode()


def test_unknown_filter_values_are_ignored_with_a_note(client):
    response = client.get("/exercises/", {"kind": "<script>", "area": "nowhere"})
    assert response.status_code == 200
    assert "weren't recognised" in response.content.decode()
    assert len(response.context["exercises"]) == Exercise.objects.published().count()


def test_unpublished_exercise_and_routine_stay_hidden(client):
    pass_safety_check(client)
    Exercise.objects.filter(slug="bird-dog").update(is_published=False)
    Routine.objects.filter(slug="gentle-core").update(is_published=False)
    assert not RoutineStep.objects.filter(exercise__slug="bird-dog").exists()
    assert client.get("/exercises/bird-dog/").status_code == 404  # in no routine: simply not there
    assert "Bird dog<" not in client.get("/exercises/").content.decode()
    Exercise.objects.filter(slug="knee-rolls").update(is_published=False)
    gone = client.get("/exercises/knee-rolls/")  # in routines: its old link says it was taken out
    assert gone.status_code == 410 and "is no longer in the library" in gone.content.decode()
    assert client.get("/routines/gentle-core/").status_code == 404
    assert client.get("/routines/gentle-core/play/").status_code == 404
    assert "Gentle core" not in client.get("/routines/").content.decode()
    # A published routine quietly drops the hidden exercise instead of showing it.
    player = client.get("/routines/morning-mobility/play/").content.decode()
    assert 'data-name="Bird dog"' not in player


def test_exercise_page_shows_steps_cautions_and_variants(client):
    response = client.get("/exercises/glute-bridge/")
    html = response.content.decode()
    exercise = Exercise.objects.get(slug="glute-bridge")
    for step in exercise.steps:
        assert step.replace("'", "&#x27;") in html
    assert "Skip this if" in html
    assert "Easier: Pelvic tilt" in html
    assert "Harder: Single-leg bridge" in html


def test_player_page_holds_every_step_for_offline_and_no_javascript(client):
    pass_safety_check(client)
    routine = Routine.objects.with_steps().get(slug="spasm-relief")
    html = client.get("/routines/spasm-relief/play/").content.decode()
    for n, step in enumerate(routine.step_list, start=1):
        assert f'id="step-{n}"' in html
        assert f'data-name="{step.exercise.name}"' in html
    assert 'href="#finish"' in html  # the last step links to the finish without JavaScript
    assert "Stop if pain sharpens" in html


def test_wrong_method_is_refused_politely(client):
    assert client.post("/exercises/").status_code == 405


# ---- Query counts stay constant as the library grows ----


@pytest.mark.parametrize(
    "url",
    [
        "/exercises/",
        "/exercises/?kind=stretch&q=stretch",
        "/exercises/?q=hamstrng&position=lying&position=sitting",
    ],
)
def test_library_query_count_does_not_grow(client, url):
    make_exercises(20, "small")
    small = count_queries(client, url)
    make_exercises(200, "large")
    assert Exercise.objects.count() >= 240
    assert count_queries(client, url) == small
    assert count_queries(client, url, **{"HX-Request": "true"}) <= small


def test_exercise_routine_and_player_query_counts_do_not_grow(client):
    pass_safety_check(client)
    few = make_exercises(5, "few")
    make_routine("short-one", few)
    counts = [
        count_queries(client, u)
        for u in ["/exercises/few-1/", "/routines/short-one/", "/routines/short-one/play/", "/routines/", "/"]
    ]
    many = make_exercises(200, "many")
    make_routine("long-one", many)
    for slug in ["r2", "r3", "r4"]:
        make_routine(slug, many[:10])
    assert counts == [
        count_queries(client, u)
        for u in ["/exercises/many-1/", "/routines/long-one/", "/routines/long-one/play/", "/routines/", "/"]
    ]
    assert client.get("/routines/long-one/play/").content.decode().count('class="player-step"') == 200


# ---- Admin ----


def test_admin_pages_keep_a_constant_query_count(client, editor):
    client.force_login(editor)
    urls = [
        reverse("admin:exercises_exercise_changelist"),
        reverse("admin:exercises_routine_changelist"),
        reverse("admin:exercises_routine_change", args=[Routine.objects.get(slug="spasm-relief").pk]),
    ]
    for url in urls:  # warm the content-type cache so only the data differs
        client.get(url)
    before = [count_queries(client, u) for u in urls]
    many = make_exercises(200, "admin")
    make_routine("admin-long", many[:30])
    assert [count_queries(client, u) for u in urls] == before


def test_admin_can_duplicate_a_routine_as_a_draft(client, editor):
    client.force_login(editor)
    original = Routine.objects.get(slug="desk-break")
    response = client.post(
        reverse("admin:exercises_routine_changelist"),
        {"action": "duplicate", "_selected_action": [original.pk]},
        follow=True,
    )
    assert response.status_code == 200
    copy = Routine.objects.get(slug="desk-break-copy")
    assert not copy.is_published
    assert copy.steps.count() == original.steps.count()
    assert client.get("/routines/desk-break-copy/").status_code == 404


def test_admin_routine_shows_total_time(client, editor):
    client.force_login(editor)
    routine = Routine.objects.with_steps().get(slug="spasm-relief")
    html = client.get(reverse("admin:exercises_routine_change", args=[routine.pk])).content.decode()
    minutes, seconds = divmod(routine.total_seconds, 60)
    assert f"{minutes} min {seconds:02d} s" in html


def test_admin_is_for_staff_only(client, owner):
    client.force_login(owner)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
