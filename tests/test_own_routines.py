"""A person's own routines: made from the library, private, shareable, played like any other."""

import html as html_module
import json
import re
import time
import uuid

import pytest
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from exercises.forms import RoutineNameForm, StepFormSet
from exercises.models import MAX_OWN_ROUTINES, MAX_STEPS, Exercise, Routine, RoutineStep
from exercises.views_builder import apply_edit
from spasmcare.accounts.export import as_json
from spasmcare.history.models import record_session
from spasmcare.learn.models import Article

from .conftest import pass_safety_check
from .factories import make_exercises
from .test_library import count_queries

pytestmark = pytest.mark.django_db


def make_own(user, slugs=("cat-cow", "pelvic-tilt", "knee-rolls"), name="My mornings") -> Routine:
    routine = Routine.objects.create(owner=user, slug=Routine.new_own_slug(), name=name)
    for order, slug in enumerate(slugs, start=1):
        RoutineStep.objects.create(routine=routine, exercise=Exercise.objects.get(slug=slug), order=order)
    return routine


def builder_data(client, routine, **changes) -> dict:
    """The builder form as the page sends it, with `changes` applied."""
    html = client.get(routine.get_edit_url()).content.decode()
    data = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="radio"' not in tag:
            data[name.group(1)] = value.group(1) if value else ""
    for select in re.finditer(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.DOTALL):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(2))
        data[select.group(1)] = chosen.group(1) if chosen else ""
    data.update(changes)
    return data


def step_slugs(routine) -> list[str]:
    return list(routine.steps.order_by("order").values_list("exercise__slug", flat=True))


def test_signed_in_person_makes_a_routine_from_the_library(client, owner):
    client.force_login(owner)
    assert "Make your own" in client.get("/routines/").content.decode()
    response = client.post(reverse("new_routine"), {"name": "Before work", "exercise": "cat-cow"})
    routine = Routine.objects.get(owner=owner)
    assert response.url == routine.get_edit_url()
    assert routine.name == "Before work" and step_slugs(routine) == ["cat-cow"]

    for slug in ["pelvic-tilt", "knee-rolls"]:
        response = client.post(
            routine.get_edit_url(), builder_data(client, routine, action="add", add_exercise=slug)
        )
        assert response.status_code == 302
    assert step_slugs(routine) == ["cat-cow", "pelvic-tilt", "knee-rolls"]

    last = routine.steps.get(exercise__slug="knee-rolls")
    client.post(routine.get_edit_url(), builder_data(client, routine, action=f"up-{last.pk}"))
    assert step_slugs(routine) == ["cat-cow", "knee-rolls", "pelvic-tilt"]

    page = client.get(routine.get_edit_url()).content.decode()
    routine = Routine.objects.with_steps().get(pk=routine.pk)
    assert f"About {routine.total_minutes} minute" in page
    assert not Routine.objects.published().filter(pk=routine.pk).exists()
    assert list(Routine.objects.for_user(owner)) == [routine]


def test_each_step_sets_hold_or_reps_sides_and_rest(client, owner):
    routine = make_own(owner, ["cat-cow", "single-knee-to-chest"])
    client.force_login(owner)
    timed = routine.steps.get(exercise__slug="single-knee-to-chest")
    reps = routine.steps.get(exercise__slug="cat-cow")
    ti, ri = [f"steps-{i}" for i in (1, 0)]
    data = builder_data(
        client,
        routine,
        **{
            f"{ti}-amount": "30",
            f"{ti}-per_side": "false",
            f"{ti}-rest_seconds": "20",
            f"{ri}-amount": "8",
            f"{ri}-rest_seconds": "0",
            "action": "save",
        },
    )
    assert client.post(routine.get_edit_url(), data).status_code == 302
    timed.refresh_from_db()
    reps.refresh_from_db()
    assert (timed.hold_seconds, timed.per_side, timed.rest_seconds, timed.sides) == (30, False, 20, 1)
    assert (reps.reps, reps.rest_seconds) == (8, 0)
    assert timed.dose_label == "30 seconds"


def test_sides_read_as_plain_words_and_default_to_how_the_exercise_plays(client, owner):
    routine = make_own(owner, ["cat-cow", "single-knee-to-chest"])
    client.force_login(owner)
    html = client.get(routine.get_edit_url()).content.decode()
    assert "Exercise's setting" not in html and "Exercise&#x27;s setting" not in html
    sides = re.findall(r'<select name="(steps-\d-per_side)".*?<option value="(\w+)" selected>', html, re.S)
    assert sides == [("steps-0-per_side", "false"), ("steps-1-per_side", "true")]  # cat-cow, knee to chest
    # Saving without a change keeps "the exercise's own", so a later edit of the exercise still counts.
    client.post(routine.get_edit_url(), builder_data(client, routine, action="save"))
    assert list(routine.steps.values_list("per_side", flat=True)) == [None, None]


def test_every_builder_button_saves_what_was_typed_and_says_so_in_the_save_bar(client, owner):
    routine = make_own(owner)
    client.force_login(owner)
    saved = client.post(routine.get_edit_url(), builder_data(client, routine, name="Calm start"), follow=True)
    html = saved.content.decode()
    assert '<p class="save-state" id="save-state" role="status">Saved.</p>' in html
    assert '<ul class="messages">' not in html  # said where the person is looking, not at the top
    shown = re.sub(
        r"<script.*?</script>", "", client.get(routine.get_edit_url()).content.decode(), flags=re.S
    )
    assert shown.count("Saved.") == 0  # said once (the builder's script has the word, to say it later)

    added = client.post(
        routine.get_edit_url(),
        builder_data(client, routine, action="add", add_exercise="bird-dog"),
        follow=True,
    )
    assert "Added Bird dog as step 4. Saved." in added.content.decode()

    done = client.post(
        routine.get_edit_url(), builder_data(client, routine, name="Calm evening", action="done")
    )
    assert done["Location"] == routine.get_absolute_url()
    play = client.post(
        routine.get_edit_url(), builder_data(client, routine, name="Calm night", action="play")
    )
    assert play["Location"] == routine.get_play_url()
    routine.refresh_from_db()
    assert routine.name == "Calm night"


def in_order(page: dict, routine, slugs: list[str]) -> dict:
    """The builder's form `page` with the steps put in the order of `slugs`, as the page's
    script sends it after a move."""
    place = {step.pk: slugs.index(step.exercise.slug) + 1 for step in routine.steps.all()}
    data = dict(page)
    for key, value in page.items():
        if key.endswith("-id"):
            data[key.replace("-id", "-order")] = str(place[int(value)])
    return data


def test_two_saves_made_at_once_never_fail_and_the_later_order_is_kept(client, owner):
    """Two quick moves send two background saves; the later one's request read the steps
    before the earlier one had written them (found in CI: a 500, and "Saved." over the old
    order)."""
    routine = make_own(owner)
    client.force_login(owner)
    page = builder_data(client, routine)
    earlier = in_order(page, routine, ["pelvic-tilt", "cat-cow", "knee-rolls"])
    later = in_order(page, routine, ["pelvic-tilt", "knee-rolls", "cat-cow"])

    # The later request has read the steps (its formset) when the earlier one is written.
    data = QueryDict(mutable=True)
    data.update(later)
    steps = routine.steps.select_related("exercise")
    form, formset = RoutineNameForm(data, instance=routine), StepFormSet(data, queryset=steps, prefix="steps")
    assert form.is_valid() and formset.is_valid()
    assert client.post(routine.get_edit_url(), earlier).status_code == 302
    assert step_slugs(routine) == ["pelvic-tilt", "cat-cow", "knee-rolls"]

    apply_edit(routine, form, formset, "save", data)
    assert step_slugs(routine) == ["pelvic-tilt", "knee-rolls", "cat-cow"]


def test_a_save_from_a_page_older_than_a_removal_does_not_bring_the_step_back(client, owner):
    routine = make_own(owner)
    client.force_login(owner)
    page = builder_data(client, routine)
    data = QueryDict(mutable=True)
    data.update(in_order(page, routine, ["knee-rolls", "pelvic-tilt", "cat-cow"]))
    steps = routine.steps.select_related("exercise")
    form, formset = RoutineNameForm(data, instance=routine), StepFormSet(data, queryset=steps, prefix="steps")
    assert form.is_valid() and formset.is_valid()
    cat_cow = routine.steps.get(exercise__slug="cat-cow")
    assert client.post(routine.get_edit_url(), {**page, "action": f"remove-{cat_cow.pk}"}).status_code == 302

    apply_edit(routine, form, formset, "save", data)
    assert step_slugs(routine) == ["knee-rolls", "pelvic-tilt"]


def test_an_empty_routine_says_so_instead_of_about_one_minute(client, owner):
    routine = make_own(owner, [])
    client.force_login(owner)
    html = client.get(routine.get_edit_url()).content.decode()
    assert "<strong>No exercises yet</strong>" in html
    assert "About 1 minute" not in html and "0 steps" not in html
    assert 'value="play"' not in html


def test_bad_step_values_are_a_400_that_keeps_what_was_typed(client, owner):
    routine = make_own(owner)
    client.force_login(owner)
    data = builder_data(
        client,
        routine,
        **{"name": "Renamed", "steps-0-amount": "0", "steps-1-rest_seconds": "abc", "action": "save"},
    )
    response = client.post(routine.get_edit_url(), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please check" in html and 'value="Renamed"' in html and 'value="abc"' in html
    routine.refresh_from_db()
    assert routine.name == "My mornings"


def test_remove_duplicate_and_delete(client, owner):
    routine = make_own(owner)
    client.force_login(owner)
    first = routine.steps.get(exercise__slug="cat-cow")
    client.post(routine.get_edit_url(), builder_data(client, routine, action=f"remove-{first.pk}"))
    assert step_slugs(routine) == ["pelvic-tilt", "knee-rolls"]

    client.post(reverse("duplicate_routine", args=[routine.slug]))
    copy = Routine.objects.for_user(owner).exclude(pk=routine.pk).get()
    assert copy.name == "My mornings (copy)" and step_slugs(copy) == step_slugs(routine)

    assert client.get(reverse("delete_routine", args=[routine.slug])).status_code == 200
    client.post(reverse("delete_routine", args=[routine.slug]))
    assert not Routine.objects.filter(pk=routine.pk).exists()


def test_another_person_gets_404_everywhere(client, owner, other_user):
    routine = make_own(owner)
    client.force_login(other_user)
    pass_safety_check(client)
    for url in [
        routine.get_absolute_url(),
        routine.get_play_url(),
        routine.get_edit_url(),
        reverse("delete_routine", args=[routine.slug]),
    ]:
        assert client.get(url).status_code == 404, url
    for name in ["edit_routine", "duplicate_routine", "delete_routine", "share_routine"]:
        assert client.post(reverse(name, args=[routine.slug]), {"action": "save"}).status_code == 404, name
    assert Routine.objects.filter(pk=routine.pk).exists()
    client.logout()
    assert client.get(routine.get_absolute_url()).status_code == 404
    assert client.get(routine.get_edit_url()).status_code == 302  # to the log-in page


def test_share_link_shows_a_preview_and_gives_a_copy_until_revoked(client, owner, other_user):
    routine = make_own(owner)
    client.force_login(owner)
    client.post(reverse("share_routine", args=[routine.slug]))
    routine.refresh_from_db()
    link = routine.get_share_url()
    assert link and link in client.get(routine.get_absolute_url()).content.decode()

    client.logout()
    preview = client.get(link).content.decode()
    assert "My mornings" in preview and "Cat–cow" in preview and "Log in to add a copy" in preview
    assert client.post(link + "copy/").status_code == 302  # to log in, nothing copied
    assert Routine.objects.count() == Routine.objects.published().count() + 1

    client.force_login(other_user)
    response = client.post(link + "copy/")
    copy = Routine.objects.get(owner=other_user)
    assert response.url == copy.get_absolute_url()
    assert step_slugs(copy) == step_slugs(routine) and copy.share_token == ""
    # A second tap, or the page opened again, finds the copy instead of making another.
    again = client.post(link + "copy/", follow=True)
    assert Routine.objects.filter(owner=other_user).count() == 1
    assert again.redirect_chain[-1][0] == copy.get_absolute_url()
    assert "already in your routines" in again.content.decode()
    assert (
        f'It\'s in your routines as <a href="{copy.get_absolute_url()}">' in client.get(link).content.decode()
    )

    client.force_login(owner)
    client.post(reverse("share_routine", args=[routine.slug]), {"share": "off"})
    client.logout()
    assert client.get(link).status_code == 404


def test_a_copy_is_the_same_routine_whether_a_person_or_an_editor_makes_it(client, owner, editor):
    """The builder's copy and the admin's draft copy the same fields; a person's copy leaves out
    the step-specific spoken setups (they may reorder the steps), an editor's keeps them."""
    original = Routine.objects.get(slug="spasm-relief")
    setups = list(original.steps.order_by("order").values_list("spoken_setup", flat=True))
    assert any(setups)
    mine = original.duplicate("My relief", owner=owner)
    client.force_login(editor)
    client.post(
        reverse("admin:exercises_routine_changelist"),
        {"action": "duplicate", "_selected_action": [original.pk]},
    )
    draft = Routine.objects.get(slug="spasm-relief-copy")
    for copy in (mine, draft):
        assert (copy.purpose, copy.description, copy.goal) == (
            original.purpose,
            original.description,
            original.goal,
        )
        assert step_slugs(copy) == step_slugs(original)
        assert not copy.is_published and copy.role == "" and not copy.gentle_relief
    assert list(draft.steps.order_by("order").values_list("spoken_setup", flat=True)) == setups
    assert not any(mine.steps.values_list("spoken_setup", flat=True))


def test_copying_twice_at_once_still_makes_one_copy(owner, other_user):
    routine = make_own(owner)
    routine.share_token = "shared-token-123"
    routine.save()
    routine.duplicate(routine.name, owner=other_user, copied_from=routine)
    with pytest.raises(IntegrityError), transaction.atomic():
        routine.duplicate(routine.name, owner=other_user, copied_from=routine)
    assert Routine.objects.filter(owner=other_user).count() == 1


def test_anyone_with_the_link_can_play_a_shared_routine_under_the_same_safety_rules(client, owner):
    routine = make_own(owner)
    client.force_login(owner)
    client.post(reverse("share_routine", args=[routine.slug]))
    routine.refresh_from_db()
    client.logout()

    preview = client.get(routine.get_share_url()).content.decode()
    play_url = reverse("play_shared", args=[routine.share_token])
    assert f'href="{play_url}"' in preview
    # Not yet through the safety check: the same first-routine gate as any routine.
    gate = client.get(play_url).content.decode()
    assert "First, a quick safety check" in gate and 'id="player"' not in gate
    pass_safety_check(client)
    player = client.get(play_url).content.decode()
    assert 'id="player"' in player and "Cat–cow" in player
    # Its ways out lead to the shared page, never to the owner's private one.
    assert routine.get_absolute_url() + '"' not in player
    assert f'href="{routine.get_share_url()}"' in player and f'href="{play_url}"' in player
    pass_safety_check(client, outcome="urgent")
    assert 'id="player"' not in client.get(play_url).content.decode()

    client.force_login(owner)
    client.post(reverse("share_routine", args=[routine.slug]), {"share": "off"})
    assert client.get(play_url).status_code == 404


def test_a_shared_routine_played_by_someone_else_is_saved_under_its_name(owner, other_user):
    routine = make_own(owner, name="Grandma's stretches")
    routine.share_token = "shared-token-456"
    routine.save()
    now = timezone.now()
    session, _ = record_session(
        other_user,
        {
            "key": uuid.uuid4(),
            "routine": routine.slug,
            "started_at": now,
            "ended_at": now,
            "steps_done": 3,
            "steps_total": 3,
        },
    )
    assert session.routine_name == "Grandma's stretches" and session.routine_id is None


def test_long_routine_gets_a_gentle_note(client, owner):
    slugs = list(Exercise.objects.published().values_list("slug", flat=True)[:9])
    routine = make_own(owner, slugs)
    client.force_login(owner)
    assert "Short routines are easier to keep up" in client.get(routine.get_edit_url()).content.decode()
    short = make_own(owner, slugs[:3], name="Short")
    assert "Short routines are easier" not in client.get(short.get_edit_url()).content.decode()


def test_after_see_soon_only_gentle_exercises_play(client, owner):
    gentle = make_own(owner, ["pelvic-tilt", "knee-rolls"], name="Gentle")
    mixed = make_own(owner, ["pelvic-tilt", "dead-bug"], name="Mixed")  # dead bug is moderate
    owner.safety_outcome = "soon"
    owner.save()
    client.force_login(owner)
    assert 'id="player"' in client.get(gentle.get_play_url()).content.decode()
    html = client.get(mixed.get_play_url()).content.decode()
    assert "Gentle relief only" in html and 'id="player"' not in html


def test_own_routine_is_saved_to_history_under_its_name(owner, other_user):
    routine = make_own(owner)
    now = timezone.now()
    data = {
        "key": uuid.uuid4(),
        "routine": routine.slug,
        "started_at": now - timezone.timedelta(minutes=5),
        "ended_at": now,
        "steps_done": 3,
        "steps_total": 3,
    }
    session, _ = record_session(owner, data)
    assert session.routine == routine and session.routine_name == "My mornings"
    # Someone else naming it learns nothing of it.
    session, _ = record_session(other_user, {**data, "key": uuid.uuid4()})
    assert session.routine is None and session.routine_name == "A routine"


def test_add_to_my_routine_from_an_exercise_page(client, owner):
    routine = make_own(owner, ["cat-cow"])
    client.force_login(owner)
    assert (
        reverse("add_to_routine", args=["glute-bridge"])
        in client.get("/exercises/glute-bridge/").content.decode()
    )
    client.post(reverse("add_to_routine", args=["glute-bridge"]), {"routine": routine.slug})
    assert step_slugs(routine) == ["cat-cow", "glute-bridge"]
    response = client.post(reverse("add_to_routine", args=["glute-bridge"]), {"routine": "new"})
    assert response.url == reverse("new_routine") + "?exercise=glute-bridge"
    assert (
        client.post(reverse("add_to_routine", args=["glute-bridge"]), {"routine": "nope"}).status_code == 400
    )


def test_routines_page_leads_with_relief_and_own_routines_first(client, owner):
    make_own(owner)
    client.force_login(owner)
    html = client.get("/routines/").content.decode()
    assert html.index("Your routines") < html.index("My mornings") < html.index("For a spasm or a sore day")
    assert (
        html.index("Spasm relief, lying down")
        < html.index("Morning mobility")
        < html.index("Gentle core strength")
    )
    assert html.count('class="figure-strip"') == Routine.objects.published().count() + 1


def test_routines_page_query_count_is_constant(client, owner):
    client.force_login(owner)
    make_own(owner)
    few = count_queries(client, "/routines/")
    for n in range(15):
        make_own(owner, name=f"Routine {n}")
    extra = make_exercises(20)
    for i, exercise in enumerate(extra):
        RoutineStep.objects.create(
            routine=Routine.objects.get(slug="desk-break"), exercise=exercise, order=20 + i
        )
    assert count_queries(client, "/routines/") == few


def test_home_shows_each_routine_once_and_the_week_when_signed_in(client, owner):
    html = client.get("/").content.decode()
    assert "No account needed" in html
    for routine in Routine.objects.published().featured():
        assert html.count(f'href="{routine.get_absolute_url()}"') <= 1, routine.slug
    client.force_login(owner)
    html = client.get("/").content.decode()
    assert "No account needed" not in html
    assert "This week" in html and "Weekly streak" in html
    for routine in Routine.objects.published():
        assert html.count(f'href="{routine.get_absolute_url()}"') <= 1, routine.slug


def test_builder_home_and_own_routine_query_counts_are_constant(client, owner):
    client.force_login(owner)
    pass_safety_check(client)
    routine = make_own(owner)
    urls = ["/", routine.get_absolute_url(), routine.get_edit_url(), routine.get_play_url()]
    few = [count_queries(client, url) for url in urls]
    extra = make_exercises(30)
    for i, exercise in enumerate(extra):
        RoutineStep.objects.create(routine=routine, exercise=exercise, order=10 + i)
    for n in range(10):
        make_own(owner, name=f"Routine {n}")
    assert [count_queries(client, url) for url in urls] == few


def test_editors_reorder_steps_by_dragging_and_read_plain_sides(client, editor, owner):
    make_own(owner, name="Someone's own")
    client.force_login(editor)
    routine = Routine.objects.get(slug="spasm-relief")
    html = client.get(reverse("admin:exercises_routine_change", args=[routine.pk])).content.decode()
    assert "adminsortable2" in html and 'class="_reorder_"' in html
    assert "As set on the exercise" in html and "Both sides together" in html and "Each side in turn" in html
    assert ">Unknown<" not in html
    changelist = client.get(reverse("admin:exercises_routine_changelist")).content.decode()
    assert "Someone&#x27;s own" not in changelist and "Spasm relief" in changelist
    exercise = client.get(
        reverse("admin:exercises_exercise_change", args=[Exercise.objects.get(slug="cat-cow").pk])
    ).content.decode()
    assert re.search(r'<textarea name="purpose_nl"[^>]*class="full-width ', exercise)
    assert re.search(r'<textarea name="breathing_es"[^>]*class="full-width ', exercise)


def test_a_hand_made_builder_post_is_a_400_not_a_crash(client, owner, other_user):
    routine = make_own(owner)
    theirs = make_own(other_user, ["bird-dog"], name="Theirs")
    client.force_login(owner)
    data = builder_data(client, routine, action="save")
    extra = {
        **data,
        "steps-TOTAL_FORMS": "4",
        "steps-3-amount": "5",
        "steps-3-rest_seconds": "5",
        "steps-3-order": "4",
    }
    assert client.post(routine.get_edit_url(), extra).status_code == 400
    stolen = {**data, "steps-0-id": str(theirs.steps.get().pk)}
    assert client.post(routine.get_edit_url(), stolen).status_code == 400
    assert client.post(routine.get_edit_url(), {"action": "save"}).status_code == 400
    assert client.post(routine.get_edit_url(), {**data, "action": "up-abc"}).status_code == 302
    assert step_slugs(routine) == ["cat-cow", "pelvic-tilt", "knee-rolls"] and step_slugs(theirs) == [
        "bird-dog"
    ]


def test_editors_never_see_peoples_own_routines_when_filing_an_article(client, editor, owner):
    make_own(owner, name="Someone's own")
    client.force_login(editor)
    article = Article.objects.first()
    html = client.get(reverse("admin:learn_article_change", args=[article.pk])).content.decode()
    assert "Spasm relief, lying down" in html and "Someone&#x27;s own" not in html


def test_own_routines_are_in_the_data_export_and_go_with_the_account(owner):
    routine = make_own(owner)
    exported = json.loads(as_json(owner))["routines"]
    assert exported[0]["name"] == "My mornings"
    assert [s["exercise"] for s in exported[0]["steps"]] == [
        "Cat–cow",
        "Pelvic tilt",
        "Knee rolls (lower-trunk rotation)",
    ]
    owner.delete()
    assert not Routine.objects.filter(pk=routine.pk).exists()


# ---- Limits a person never reaches ----


def test_a_builder_post_claiming_millions_of_steps_is_refused_quickly_and_small(client, owner):
    routine = make_own(owner)
    client.force_login(owner)
    body = {"name": "x", "steps-TOTAL_FORMS": "10000000", "steps-INITIAL_FORMS": "0", "action": "save"}

    started = time.monotonic()
    response = client.post(routine.get_edit_url(), body)

    assert response.status_code == 400
    assert time.monotonic() - started < 1
    assert len(response.content) < 100_000
    assert "This page was out of date" in response.content.decode()
    assert step_slugs(routine) == ["cat-cow", "pelvic-tilt", "knee-rolls"]


def test_a_routine_holds_at_most_twenty_steps_and_says_so(client, owner):
    routine = make_own(owner, slugs=["cat-cow"] * MAX_STEPS)
    client.force_login(owner)

    response = client.post(
        routine.get_edit_url(), builder_data(client, routine, action="add", add_exercise="knee-rolls")
    )
    assert response.status_code == 400
    assert "A routine can have up to 20 steps" in response.content.decode()
    assert 'value="My mornings"' in response.content.decode()  # what was typed is kept
    page = client.post(reverse("add_to_routine", args=["knee-rolls"]), {"routine": routine.slug}, follow=True)
    assert "A routine can have up to 20 steps" in page.content.decode()
    assert routine.steps.count() == MAX_STEPS


def test_a_person_keeps_at_most_a_hundred_routines(client, owner):
    Routine.objects.bulk_create(
        Routine(owner=owner, slug=f"my-{i}", name=f"Routine {i}") for i in range(MAX_OWN_ROUTINES)
    )
    client.force_login(owner)

    response = client.post(reverse("new_routine"), {"name": "One more"})
    duplicated = client.post(reverse("duplicate_routine", args=["my-1"]), follow=True)

    assert response.status_code == 400 and "the most one account can keep" in response.content.decode()
    assert "the most one account can keep" in duplicated.content.decode()
    assert Routine.objects.for_user(owner).count() == MAX_OWN_ROUTINES


def test_a_one_minute_routine_says_about_1_minute(client, owner):
    routine = make_own(owner, slugs=["pelvic-tilt"])
    client.force_login(owner)
    minutes = routine.total_minutes

    page = client.get(routine.get_absolute_url()).content.decode()

    if minutes == 1:
        assert "About 1 minute<" in page and "About 1 minutes" not in page
    assert routine.duration_label == f"About {minutes} minute{'s' if minutes != 1 else ''}"


def test_a_shared_routine_page_is_never_indexed_or_kept(client, owner):
    routine = make_own(owner)
    routine.share_token = "s3cret-share-token"
    routine.save()

    response = client.get(routine.get_share_url())

    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def admin_form_data(html: str) -> dict:
    data = {}
    for tag in re.findall(r"<(?:input|select|textarea)[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="submit"' in tag or ('type="checkbox"' in tag and "checked" not in tag):
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = value.group(1) if value else ("on" if 'type="checkbox"' in tag else "")
    for select in re.finditer(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.DOTALL):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(2))
        data[select.group(1)] = chosen.group(1) if chosen else ""
    for area in re.finditer(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.DOTALL):
        data[area.group(1)] = html_module.unescape(area.group(2)).lstrip("\n")
    return data


def test_an_editor_can_swap_two_steps_positions_in_the_admin(client, editor):
    routine = Routine.objects.get(slug="spasm-relief")
    before = step_slugs(routine)
    client.force_login(editor)
    url = reverse("admin:exercises_routine_change", args=[routine.pk])
    data = admin_form_data(client.get(url).content.decode())
    prefix = next(k for k in data if k.endswith("-0-order")).removesuffix("-0-order")
    data[f"{prefix}-0-order"], data[f"{prefix}-1-order"] = (
        data[f"{prefix}-1-order"],
        data[f"{prefix}-0-order"],
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert step_slugs(routine) == [before[1], before[0], *before[2:]]
    assert list(routine.steps.order_by("order").values_list("order", flat=True)) == list(
        range(1, len(before) + 1)
    )


# ---- An exercise taken out of the library ----


def test_before_unpublishing_an_editor_sees_which_routines_use_the_exercise(client, editor, owner):
    make_own(owner, slugs=["childs-pose", "cat-cow"])
    exercise = Exercise.objects.get(slug="childs-pose")
    curated, own = exercise.routines_using()
    assert curated and own == 1
    client.force_login(editor)
    url = reverse("admin:exercises_exercise_change", args=[exercise.pk])

    page = client.get(url).content.decode()

    sentence = re.search(
        r"Child.{1,10}s pose is used in (\d+) routines?: (.*?), and in 1 person.{1,10}s own routine", page
    )
    assert sentence and int(sentence.group(1)) == len(curated)
    for routine in curated:
        assert routine.name.replace("'", "&#x27;") in sentence.group(2)
    assert "My mornings" not in page  # a person's own routine is theirs: counted, never named


def test_deleting_a_used_exercise_is_blocked_with_a_page_that_names_each_routine_once(client, editor, owner):
    make_own(owner, slugs=["childs-pose", "cat-cow"])
    exercise = Exercise.objects.get(slug="childs-pose")
    curated, _ = exercise.routines_using()
    client.force_login(editor)

    page = client.get(reverse("admin:exercises_exercise_delete", args=[exercise.pk])).content.decode()

    assert "Routine step:" not in page
    for routine in curated:
        assert page.count(routine.name.replace("'", "&#x27;")) == 1, routine.name
    assert "unpublish it instead" in page
    assert Exercise.objects.filter(pk=exercise.pk).exists()


def test_an_unpublished_exercise_keeps_its_place_tells_the_owner_and_offers_a_swap(client, owner):
    routine = make_own(owner, slugs=["cat-cow", "pelvic-tilt", "knee-rolls"])
    client.force_login(owner)
    Exercise.objects.filter(slug="pelvic-tilt").update(is_published=False)

    page = client.get(routine.get_absolute_url()).content.decode()
    assert "Pelvic tilt" in page and "no longer in the library" in page
    builder = client.get(routine.get_edit_url()).content.decode()
    assert "no longer in the library" in builder

    # An edit while it is out (knee rolls moved up), then the editor publishes it again.
    client.post(
        routine.get_edit_url(),
        builder_data(client, routine, action=f"up-{routine.steps.get(exercise__slug='knee-rolls').pk}"),
    )
    Exercise.objects.filter(slug="pelvic-tilt").update(is_published=True)
    assert step_slugs(routine) == ["knee-rolls", "pelvic-tilt", "cat-cow"]
    orders = list(routine.steps.values_list("order", flat=True))
    assert len(set(orders)) == len(orders)  # no two steps share a place


def test_a_hidden_step_comes_back_where_the_person_put_it(client, owner):
    routine = make_own(owner, slugs=["cat-cow", "pelvic-tilt", "knee-rolls", "bird-dog"])
    client.force_login(owner)
    Exercise.objects.filter(slug="pelvic-tilt").update(is_published=False)
    client.post(
        routine.get_edit_url(), builder_data(client, routine, action="add", add_exercise="glute-bridge")
    )
    Exercise.objects.filter(slug="pelvic-tilt").update(is_published=True)

    assert step_slugs(routine) == ["cat-cow", "pelvic-tilt", "knee-rolls", "bird-dog", "glute-bridge"]
    assert list(routine.steps.order_by("order").values_list("order", flat=True)) == [1, 2, 3, 4, 5]


def test_swapping_a_step_whose_exercise_was_taken_out(client, owner):
    routine = make_own(owner, slugs=["cat-cow", "pelvic-tilt"])
    client.force_login(owner)
    Exercise.objects.filter(slug="pelvic-tilt").update(is_published=False)
    step = routine.steps.get(exercise__slug="pelvic-tilt")

    response = client.post(reverse("swap_step", args=[routine.slug, step.pk]), {"exercise": "knee-rolls"})

    assert response.status_code == 302
    assert step_slugs(routine) == ["cat-cow", "knee-rolls"]
    other = Routine.objects.create(owner=None, slug="someone-else", name="x")
    assert (
        client.post(reverse("swap_step", args=[other.slug, step.pk]), {"exercise": "knee-rolls"}).status_code
        == 404
    )


def test_a_one_step_routine_whose_only_exercise_was_taken_out_says_so(client, owner):
    routine = make_own(owner, slugs=["pelvic-tilt"])
    Exercise.objects.filter(slug="pelvic-tilt").update(is_published=False)
    client.force_login(owner)

    page = client.get(routine.get_absolute_url()).content.decode()

    assert "No exercises yet" not in page
    assert "Pelvic tilt" in page and "no longer in the library" in page


def test_an_unpublished_exercises_old_link_says_it_was_taken_out_and_offers_another(client):
    exercise = Exercise.objects.get(slug="pelvic-tilt")
    Exercise.objects.filter(pk=exercise.pk).update(is_published=False)

    response = client.get(f"/exercises/{exercise.slug}/")

    assert response.status_code == 410
    page = response.content.decode()
    assert "no longer in the library" in page
    stand_in = exercise.stand_in()
    assert stand_in and stand_in.get_absolute_url() in page
