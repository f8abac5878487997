"""A new account's first screen: a weekly goal and a daily reminder in two taps, or skipped."""

import re
from datetime import UTC, datetime, time

import pytest
import time_machine
from django.urls import reverse

from spasmcare.reminders.models import Reminder

pytestmark = pytest.mark.django_db


def test_welcome_needs_an_account(client):
    response = client.get(reverse("welcome"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_two_taps_set_a_weekly_goal_and_a_daily_email_reminder(client, owner):
    client.force_login(owner)
    page = client.get("/welcome/?next=/routines/")
    html = page.content.decode()
    assert 'value="3" aria-pressed="true"' in html  # the suggested goal, until another is chosen
    assert "Skip for now" in html and 'href="/routines/"' in html

    goal = client.post("/welcome/", {"weekly_goal": "5", "next": "/routines/"})
    assert goal.status_code == 302 and goal["Location"] == "/welcome/?next=%2Froutines%2F#reminder-heading"
    owner.refresh_from_db()
    assert owner.weekly_goal == 5

    with time_machine.travel(datetime(2026, 11, 26, 12, 0, tzinfo=UTC)):
        set_time = client.post("/welcome/", {"time_of_day": "19:00", "next": "/routines/"})
    assert set_time.status_code == 302
    reminder = Reminder.objects.get(user=owner)
    assert (reminder.enabled, reminder.email_enabled, reminder.time_of_day, reminder.weekdays) == (
        True,
        True,
        time(19, 0),
        "0123456",
    )
    assert reminder.next_due == datetime(2026, 11, 26, 19, 0, tzinfo=UTC)  # 19:00 in London

    done = client.get(set_time["Location"]).content.decode()
    assert "Reminder on:" in done and "every day at 19:00, by email" in done
    assert 'value="19:00" aria-pressed="true"' in done and 'value="5" aria-pressed="true"' in done
    assert ">Done</a>" in done


@pytest.mark.parametrize("data", [{"weekly_goal": "40"}, {"weekly_goal": "x"}, {"time_of_day": "03:00"}, {}])
def test_a_choice_that_is_not_offered_is_refused_and_changes_nothing(client, owner, data):
    client.force_login(owner)
    response = client.post("/welcome/", data)
    assert response.status_code == 400
    assert "Please tap it again" in response.content.decode()
    owner.refresh_from_db()
    assert owner.weekly_goal == 3
    assert not Reminder.objects.filter(user=owner, enabled=True).exists()


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_welcome_only_ever_leads_on_to_this_site(client, owner, next_url):
    client.force_login(owner)
    page = client.get("/welcome/", {"next": next_url}).content.decode()
    assert "evil" not in page and "javascript:" not in page
    assert re.search(r'href="/">Skip for now', page)
