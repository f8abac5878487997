"""The admin as an editor meets it: every editable box in a list named for its row, thumbnails in
their own proportions, the routine steps' own template with labels and keyboard buttons."""

import re

import pytest
from django.urls import reverse

from exercises.admin import thumbnail_size
from exercises.models import Exercise, Routine

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "size, fitted",
    [((3000, 4000), (45, 60)), ((4000, 3000), (80, 60)), ((1600, 1000), (96, 60)), ((None, None), (96, 60))],
)
def test_a_thumbnail_keeps_the_pictures_proportions(size, fitted):
    assert thumbnail_size(*size) == fitted


def test_a_portrait_photo_is_listed_in_proportion_not_squashed(client, editor):
    exercise = Exercise.objects.get(slug="cat-cow")
    Exercise.objects.filter(pk=exercise.pk).update(
        image="exercises/cat-cow.jpg",
        image_width=3000,
        image_height=4000,
        image_renditions={"jpeg": [[96, "exercises/cat-cow-96.jpg"]]},
    )
    client.force_login(editor)
    html = client.get(reverse("admin:exercises_exercise_changelist")).content.decode()
    assert re.search(r'<img src="[^"]*cat-cow-96\.jpg" alt="" width="45" height="60">', html)


@pytest.mark.parametrize(
    "name",
    [
        "admin:exercises_exercise_changelist",
        "admin:exercises_routine_changelist",
        "admin:learn_article_changelist",
    ],
)
def test_every_published_box_in_a_list_is_named_for_its_row(client, editor, name):
    client.force_login(editor)
    html = client.get(reverse(name)).content.decode()
    boxes = re.findall(r'<input type="checkbox" name="form-\d+-is_published"[^>]*>', html)
    assert boxes and all(re.search(r'aria-label="Published: [^"]+"', box) for box in boxes)


def test_routine_steps_have_labels_keyboard_buttons_and_fresh_numbers(client, editor):
    routine = Routine.objects.get(slug="morning-mobility")
    client.force_login(editor)
    html = client.get(reverse("admin:exercises_routine_change", args=[routine.pk])).content.decode()
    first = routine.steps.order_by("order").first()
    assert (
        f'<button type="button" class="step-move-button" data-move="down" aria-label="Down: move {first.exercise.name}'
        in html.replace("&#x27;", "'")
    )
    for field in ("hold_seconds", "reps", "per_side", "rest_seconds", "spoken_setup_en", "spoken_setup_nl"):
        assert f'<label for="id_steps-0-{field}">' in html, field
    assert '<span class="step-number">1</span>' in html
    assert "admin/routine-steps" in html and 'class="nav-sidebar"' not in html
