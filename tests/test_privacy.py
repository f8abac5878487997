"""Per-person data is private: for every kind of thing a person owns, someone else asking for it
gets a 404 (not a 403 that would confirm it exists), and nothing changes."""

import json
from datetime import date

import pytest

from spasmcare.history.models import CompletedSession
from spasmcare.reminders.models import PushSubscription, Reminder

from .test_history import add_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(other_user):
    session = add_session(other_user, date(2026, 11, 20), pain=(6, 3), note="their private note")
    reminder = Reminder.objects.create(user=other_user, enabled=True, email_enabled=True)
    device = PushSubscription.objects.create(
        user=other_user, endpoint="https://fcm.googleapis.com/fcm/send/theirs", p256dh="k", auth="a"
    )
    return {"session": session, "reminder": reminder, "device": device}


@pytest.fixture
def me(client, owner):
    client.force_login(owner)
    return client


def test_their_session_is_404(me, theirs):
    pk = theirs["session"].pk
    assert me.post(f"/history/sessions/{pk}/delete/").status_code == 404
    assert CompletedSession.objects.filter(pk=pk).exists()


def test_their_note_is_404(me, theirs):
    pk = theirs["session"].pk
    assert me.post(f"/history/sessions/{pk}/note/", {"note": "overwritten"}).status_code == 404
    assert CompletedSession.objects.get(pk=pk).note == "their private note"


def test_their_push_subscription_is_404(me, theirs):
    pk = theirs["device"].pk
    assert me.post(f"/reminders/push/{pk}/delete/").status_code == 404
    response = me.post(f"/reminders/push/{pk}/delete/", "{}", content_type="application/json")
    assert response.status_code == 404
    assert PushSubscription.objects.filter(pk=pk).exists()


def test_their_calendar_token_never_matches_anyone_else(me, theirs, owner):
    mine = Reminder.objects.create(user=owner)
    assert me.get(f"/reminders/calendar/{mine.calendar_token}.ics").status_code == 200
    guessed = theirs["reminder"].calendar_token[:-4] + "zzzz"
    assert me.get(f"/reminders/calendar/{guessed}.ics").status_code == 404


def test_their_reminder_settings_are_not_reachable_or_changed(me, theirs):
    page = me.get("/reminders/").content.decode()
    assert theirs["reminder"].calendar_token not in page
    assert "fcm/send/theirs" not in page
    me.post("/reminders/calendar/new/")
    theirs["reminder"].refresh_from_db()
    assert theirs["reminder"].email_enabled and theirs["reminder"].calendar_token


def test_their_data_is_never_in_my_export_summary_or_history(me, theirs):
    exported = json.loads(me.get("/accounts/export.json").content)
    assert exported["sessions"] == []
    assert "their private note" not in me.get("/accounts/export.csv").content.decode()
    summary = me.get("/history/summary/", {"start": "2026-11-01", "end": "2026-11-30"}).content.decode()
    assert "their private note" not in summary
    assert "their private note" not in me.get("/history/").content.decode()
