"""Words a person reads: plurals that agree with their number, cautions that stay separate, the
safety line once per page, a delete page that says everything that goes."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from exercises.models import Exercise, Routine, RoutineStep, format_dose
from spasmcare.history.models import CompletedSession
from spasmcare.reminders.forms import PAUSE_CHOICES, ReminderForm
from spasmcare.reminders.models import Reminder

pytestmark = pytest.mark.django_db


def visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(
    "timed, hold, reps, per_side, label",
    [
        (False, None, 1, False, "once"),
        (False, None, 1, True, "once on each side"),
        (False, None, 2, False, "2 times"),
        (True, 1, None, False, "1 second"),
        (True, 30, None, True, "30 seconds on each side"),
        (True, 120, None, False, "2 minutes"),
    ],
)
def test_a_dose_reads_as_a_person_would_say_it(timed, hold, reps, per_side, label):
    assert format_dose(timed, hold, reps, per_side) == label


def test_a_one_minute_routine_says_minute_and_an_empty_one_says_so(client, owner):
    routine = Routine.objects.create(owner=owner, slug=Routine.new_own_slug(), name="Tiny")
    assert routine.duration_label == "No exercises yet"
    RoutineStep.objects.create(
        routine=routine, exercise=Exercise.objects.get(slug="pelvic-tilt"), order=1, reps=1, rest_seconds=0
    )
    routine = Routine.objects.get(pk=routine.pk)
    assert routine.total_minutes == 1
    assert (routine.duration_label, routine.steps_label) == ("About 1 minute", "1 step")
    owner.safety_outcome = "fine"
    owner.save()
    client.force_login(owner)
    for url in (
        routine.get_absolute_url(),
        routine.get_play_url(),
        reverse("routines"),
        routine.get_edit_url(),
    ):
        text = visible_text(client.get(url).content.decode())
        assert "1 minutes" not in text and "1 steps" not in text, url
        assert "About 1 minute" in text or "1 min" in text, url


def test_pause_choices_never_say_the_next_1_days():
    labels = [str(label) for _, label in PAUSE_CHOICES]
    assert "Today only" in labels and "Today and tomorrow" in labels and "For 7 days, from today" in labels
    assert not any(re.search(r"\b1 days\b", label) for label in labels)


def test_a_one_day_pause_ends_tonight(frozen_clock, owner):
    reminder = Reminder.objects.create(user=owner)
    form = ReminderForm(
        {"enabled": "on", "time_of_day": "08:00", "days": ["0", "1"], "pause_days": "1"}, instance=reminder
    )
    assert form.is_valid(), form.errors
    assert form.save().paused_until == owner.local_today()


def test_two_lines_of_cautions_are_two_paragraphs(client):
    exercise = Exercise.objects.get(slug="cat-cow")
    exercise.cautions = "Skip this if kneeling hurts your wrists.\nGo only as far as is comfortable."
    exercise.save()
    html = client.get(exercise.get_absolute_url()).content.decode()
    assert "<p>Skip this if kneeling hurts your wrists.</p>" in html
    assert "<p>Go only as far as is comfortable.</p>" in html


@pytest.mark.parametrize(
    "url",
    ["/routines/morning-mobility/", "/exercises/cat-cow/", "/learn/home-care/", "/offline/"],
)
def test_the_safety_line_is_on_the_page_once(client, url):
    html = client.get(url).content.decode()
    assert html.count("Stop if pain sharpens, spreads down a leg") == 1


def test_the_safety_line_is_on_a_shared_routine_once(client, owner):
    routine = Routine.objects.create(
        owner=owner, slug=Routine.new_own_slug(), name="Mine", share_token="t" * 22
    )
    RoutineStep.objects.create(routine=routine, exercise=Exercise.objects.get(slug="cat-cow"), order=1)
    html = client.get(routine.get_share_url()).content.decode()
    assert html.count("Stop if pain sharpens, spreads down a leg") == 1


def test_the_delete_page_says_own_routines_and_reminders_go_too(client, owner):
    client.force_login(owner)
    text = visible_text(client.get(reverse("delete_account")).content.decode())
    assert "the routines you made yourself" in text
    assert "your reminders" in text and "calendar address stops working" in text


def test_an_account_with_history_is_not_told_before_your_first_routine(frozen_clock, client, owner):
    now = timezone.now()
    CompletedSession.objects.create(
        user=owner,
        routine_name="Morning mobility",
        started_at=now - timedelta(hours=1),
        ended_at=now - timedelta(minutes=50),
        local_date=owner.local_today(),
        steps_total=5,
        steps_done=5,
    )
    client.force_login(owner)  # history, but never answered the safety check (the demo account)
    for url in ("/routines/morning-mobility/play/", "/safety-check/?reason=first"):
        text = visible_text(client.get(url).content.decode())
        assert "first routine" not in text, url
