"""Answers remembered while the database is unchanged (spasmcare/unchanged.py) are never stale:
whatever another worker commits, and whatever the clock does, shows on the next view.

"Another worker" is a thread here: Django gives it its own database connection, so its commits
reach this one exactly as another gunicorn process's would. These tests run outside a
transaction (transaction=True), as requests do, because inside one nothing is remembered."""

import threading
from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection, connections, transaction
from django.utils import timezone

from exercises.models import Routine
from spasmcare.accounts.backends import AccountBackend
from spasmcare.unchanged import remembered

from .test_accounts import settings_data
from .test_history import add_session
from .test_pagecache import queries, signed_in

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="only SQLite tells a connection what others committed"),
]


def in_another_worker(work):
    """Run work() on another connection and commit it, as another process would."""
    failures = []

    def run():
        try:
            work()
        except BaseException as error:  # re-raised in the test below
            failures.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


def test_a_page_seen_again_with_nothing_changed_asks_the_database_nothing(owner):
    client = signed_in(owner)
    add_session(owner, date(2026, 11, 20), pain=(6, 4))
    queries(client, "/history/")
    count, _ = queries(client, "/history/")
    assert count == 0  # the session, the person and both versions were remembered


def test_a_session_saved_by_another_worker_shows_in_history_at_once(owner):
    client = signed_in(owner)
    add_session(owner, date(2026, 11, 20), pain=(6, 4))
    assert "Pain 6 → 4" in queries(client, "/history/")[1]
    assert queries(client, "/history/")[0] == 0
    in_another_worker(lambda: add_session(owner, date(2026, 11, 21), pain=(7, 2), note="Saved on the other worker"))
    assert "Saved on the other worker" in queries(client, "/history/")[1]


def test_an_editors_change_on_another_worker_shows_on_the_next_view(client):
    routine = Routine.objects.create(slug="evening-unwind", name="Evening unwind", is_published=True, purpose="Rest.")
    url = f"/routines/{routine.slug}/"
    assert "Evening unwind" in queries(client, url)[1]
    queries(client, url)
    in_another_worker(lambda: Routine.objects.filter(pk=routine.pk).update(name="Evening wind-down", updated=timezone.now()))
    page = queries(client, url)[1]
    assert "Evening wind-down" in page and "Evening unwind" not in page


def test_signing_out_everywhere_on_another_worker_signs_this_browser_out(owner):
    client = signed_in(owner)
    queries(client, "/history/")
    queries(client, "/history/")
    in_another_worker(lambda: Session.objects.all().delete())
    response = client.get("/history/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_password_changed_on_another_worker_signs_other_browsers_out(owner):
    client = signed_in(owner)
    queries(client, "/history/")
    queries(client, "/history/")

    def change_password():
        owner.set_password("a completely new passphrase 7")
        owner.save()

    in_another_worker(change_password)
    response = client.get("/history/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_session_that_runs_out_with_nothing_written_signs_out(owner, settings):
    client = signed_in(owner)
    queries(client, "/history/")
    queries(client, "/history/")
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)):
        response = client.get("/history/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_rejected_settings_form_changes_nothing_on_the_next_page(owner):
    """The form writes its values onto the person before it finds the mistake; that person
    object must be this request's own, never the remembered one."""
    client = signed_in(owner)
    assert "your goal of 3 active days" in queries(client, "/history/")[1]
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/accounts/settings/", {**settings_data(weekly_goal="6", timezone="Not/AZone"), "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 400
    assert "your goal of 3 active days" in queries(client, "/history/")[1]


def test_nothing_is_remembered_inside_a_transaction_that_could_roll_back(owner):
    backend = AccountBackend()
    with pytest.raises(RuntimeError), transaction.atomic():
        owner.weekly_goal = 6
        owner.save()
        assert backend.get_user(owner.pk).weekly_goal == 6
        raise RuntimeError("undo")
    assert backend.get_user(owner.pk).weekly_goal == 3

    calls = []
    with transaction.atomic():
        remembered("answer", lambda: calls.append(1))
        remembered("answer", lambda: calls.append(1))
    assert len(calls) == 2
    remembered("answer", lambda: calls.append(1))
    remembered("answer", lambda: calls.append(1))
    assert len(calls) == 3
