import json
import re
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from spasmcare.history import progress
from spasmcare.history.models import CompletedSession

from .factories import clear_caches

pytestmark = pytest.mark.django_db


def session_payload(**overrides) -> dict:
    started = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=10)
    payload = {
        "key": str(uuid.uuid4()),
        "routine": "spasm-relief",
        "started_at": started.isoformat(),
        "ended_at": (started + timedelta(minutes=6)).isoformat(),
        "active_seconds": 330,
        "steps_done": 6,
        "steps_total": 6,
        "pain_before": 6,
        "events": [{"type": "hurt", "step": 3, "pain": 4, "action": "carry-on"}],
    }
    payload.update(overrides)
    return payload


def post_session(client, payload) -> object:
    return client.post("/history/sessions/", json.dumps(payload), content_type="application/json")


def add_session(user, day: date, minutes=10, pain=(None, None), hour=9, routine="Morning mobility", note=""):
    started = datetime(day.year, day.month, day.day, hour, tzinfo=user.tz)
    return CompletedSession.objects.create(
        user=user,
        routine_name=routine,
        started_at=started,
        ended_at=started + timedelta(minutes=minutes),
        local_date=day,
        active_seconds=minutes * 60,
        steps_done=5,
        steps_total=5,
        pain_before=pain[0],
        pain_after=pain[1],
        note=note,
    )


# ---- Saving a finished routine ----


def test_finished_session_is_saved_once_however_often_it_is_sent(client, owner):
    client.force_login(owner)
    payload = session_payload()
    first = post_session(client, payload)
    assert first.status_code == 201
    assert post_session(client, payload).status_code == 200
    assert post_session(client, payload).status_code == 200
    assert CompletedSession.objects.filter(user=owner).count() == 1
    session = CompletedSession.objects.get(user=owner)
    assert session.routine.slug == "spasm-relief"
    assert session.routine_name == "Spasm relief, lying down"
    assert session.pain_before == 6
    assert session.events[0]["pain"] == 4


def test_details_added_on_the_finish_screen_update_the_same_row(client, owner):
    client.force_login(owner)
    payload = session_payload()
    post_session(client, payload)
    response = post_session(
        client, {**payload, "pain_after": 3, "feeling": "about_right", "note": "Easier to stand"}
    )
    assert response.status_code == 200
    session = CompletedSession.objects.get(user=owner)
    assert (session.pain_before, session.pain_after, session.feeling, session.note) == (
        6,
        3,
        "about_right",
        "Easier to stand",
    )


def test_a_phone_whose_clock_is_two_hours_fast_is_saved_at_the_real_time(client, owner):
    """The phone's times are all two hours ahead, the moment it sent them too: the server takes
    its error off, rather than refusing a session that 'ends in the future'."""
    client.force_login(owner)
    fast = timedelta(hours=2)
    now = datetime.now(UTC).replace(microsecond=0)
    payload = session_payload(
        started_at=(now + fast - timedelta(minutes=7)).isoformat(),
        ended_at=(now + fast - timedelta(minutes=1)).isoformat(),
        sent_at=(now + fast).isoformat(),
    )
    assert post_session(client, payload).status_code == 201
    session = CompletedSession.objects.get(user=owner)
    assert abs(session.ended_at - (now - timedelta(minutes=1))) < timedelta(seconds=30)
    assert session.ended_at - session.started_at == timedelta(minutes=6)


def test_a_routine_paused_overnight_and_ended_in_the_morning_is_saved(client, owner):
    client.force_login(owner)
    now = datetime.now(UTC).replace(microsecond=0)
    payload = session_payload(
        started_at=(now - timedelta(hours=13)).isoformat(),
        ended_at=now.isoformat(),
        sent_at=now.isoformat(),
        active_seconds=31,
        steps_done=1,
    )
    assert post_session(client, payload).status_code == 201
    session = CompletedSession.objects.get(user=owner)
    assert (session.active_seconds, session.pain_before) == (31, 6)


def test_details_are_saved_as_they_are_entered_and_a_note_can_be_emptied(client, owner):
    client.force_login(owner)
    payload = session_payload()
    post_session(client, payload)
    post_session(client, {**payload, "pain_after": 1})
    post_session(client, {**payload, "pain_after": 1, "feeling": "too_easy", "note": "Looser"})
    post_session(client, {**payload, "pain_after": 1, "feeling": "too_easy", "note": ""})
    session = CompletedSession.objects.get(user=owner)
    assert (session.pain_after, session.feeling, session.note) == (1, "too_easy", "")
    post_session(client, payload)  # a retry of the first send, without the details
    session.refresh_from_db()
    assert (session.pain_after, session.feeling) == (1, "too_easy")


def test_malformed_body_gets_a_clear_400_and_saves_nothing(client, owner):
    client.force_login(owner)
    response = client.post("/history/sessions/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "nothing was saved" in response.json()["message"]
    for bad in [
        session_payload(pain_before=11),
        session_payload(key="not-a-uuid"),
        session_payload(steps_done=7),
        session_payload(started_at="yesterday"),
        session_payload(ended_at=(datetime.now(UTC) - timedelta(days=1)).isoformat()),
        session_payload(events="lots"),
        {"key": str(uuid.uuid4())},
        [1, 2, 3],
    ]:
        response = post_session(client, bad)
        assert response.status_code == 400, bad
        assert response.json()["message"].startswith(("Not saved", "That didn't"))
    assert not CompletedSession.objects.exists()


def test_same_key_from_two_people_makes_two_private_rows(client, owner, other_user):
    payload = session_payload()
    client.force_login(owner)
    post_session(client, payload)
    client.force_login(other_user)
    assert post_session(client, payload).status_code == 201
    assert CompletedSession.objects.count() == 2


def test_saving_needs_an_account_and_a_csrf_token(owner):
    anonymous = Client()
    response = post_session(anonymous, session_payload())
    assert response.status_code == 401
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner)
    assert post_session(strict, session_payload()).status_code == 403
    assert not CompletedSession.objects.exists()


def test_local_day_is_the_persons_own_day(client, owner):
    """23:30 in London on 1 June is 22:30 UTC, still 1 June; in Auckland it is already 2 June."""
    client.force_login(owner)
    started = datetime(2026, 6, 1, 22, 30, tzinfo=UTC)
    payload = session_payload(
        started_at=started.isoformat(), ended_at=(started + timedelta(minutes=5)).isoformat()
    )
    with time_machine.travel(started + timedelta(minutes=10)):
        post_session(client, payload)
        owner.timezone = "Pacific/Auckland"
        owner.save()
        post_session(client, {**payload, "key": str(uuid.uuid4())})
    days = sorted(CompletedSession.objects.values_list("local_date", flat=True))
    assert days == [date(2026, 6, 1), date(2026, 6, 2)]


# ---- Editing and deleting, privately ----


def edit(session, **changes) -> dict:
    """The edit form as it stands for `session`, with `changes` on top."""
    form = {
        "pain_before": "" if session.pain_before is None else session.pain_before,
        "pain_after": "" if session.pain_after is None else session.pain_after,
        "feeling": session.feeling,
        "note": session.note,
    }
    return {**form, **changes}


def test_owner_can_edit_a_note_and_delete_a_session(client, owner):
    client.force_login(owner)
    session = add_session(owner, date(2026, 11, 20), note="old")
    response = client.post(
        f"/history/sessions/{session.pk}/edit/", edit(session, note="Tight after gardening")
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.note == "Tight after gardening"
    response = client.post(f"/history/sessions/{session.pk}/delete/", follow=True)
    assert "Deleted the session “Morning mobility” from 20 November." in response.content.decode()
    assert not CompletedSession.objects.filter(pk=session.pk).exists()


def test_a_pain_rating_and_feeling_can_be_corrected_or_cleared(client, owner):
    client.force_login(owner)
    session = add_session(owner, date(2026, 11, 20), pain=(6, 5), note="Stiff")
    page = client.get(f"/history/sessions/{session.pk}/edit/").content.decode()
    assert re.search(r'name="pain_before" value="6"[^>]*checked', page)
    assert re.search(r'name="pain_after" value="5"[^>]*checked', page)
    response = client.post(
        f"/history/sessions/{session.pk}/edit/", edit(session, pain_after="2", feeling="about_right")
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.pain_before, session.pain_after, session.feeling, session.note) == (
        6,
        2,
        "about_right",
        "Stiff",
    )
    client.post(f"/history/sessions/{session.pk}/edit/", edit(session, pain_before="", feeling=""))
    session.refresh_from_db()
    assert (session.pain_before, session.pain_after, session.feeling) == (None, 2, "")
    history = client.get("/history/").content.decode()
    assert "Pain – → 2" in history


@pytest.mark.parametrize(
    "bad", [{"pain_after": "11"}, {"pain_after": "-1"}, {"pain_before": "x"}, {"feeling": "great"}]
)
def test_a_rating_outside_the_scale_is_refused_and_the_rest_kept(client, owner, bad):
    client.force_login(owner)
    session = add_session(owner, date(2026, 11, 20), pain=(6, 5))
    response = client.post(f"/history/sessions/{session.pk}/edit/", edit(session, note="Kept note", **bad))
    assert response.status_code == 400
    assert "Kept note" in response.content.decode()
    session.refresh_from_db()
    assert (session.pain_before, session.pain_after, session.note) == (6, 5, "")


def test_each_session_shows_its_time_of_day_in_the_persons_time_zone(client, owner):
    client.force_login(owner)
    add_session(owner, date(2026, 11, 20), hour=7, routine="Morning mobility")
    add_session(owner, date(2026, 11, 20), hour=19, routine="Morning mobility")
    html = client.get("/history/").content.decode()
    assert "Friday 20 November, 07:00" in html and "Friday 20 November, 19:00" in html


def test_delete_asks_first_and_keep_it_changes_nothing(client, owner):
    client.force_login(owner)
    session = add_session(owner, date(2026, 11, 20), hour=8)
    question = client.get(f"/history/sessions/{session.pk}/delete/")
    assert question.status_code == 200
    assert "Delete Morning mobility?" in question.content.decode()
    assert "Friday 20 November, 08:00" in question.content.decode()
    assert CompletedSession.objects.filter(pk=session.pk).exists()
    htmx = {"HX-Request": "true"}
    question = client.get(f"/history/sessions/{session.pk}/delete/", headers=htmx).content.decode()
    assert question.lstrip().startswith(f'<li class="session card confirm-delete" id="session-{session.pk}"')
    kept = client.get(f"/history/sessions/{session.pk}/", headers=htmx).content.decode()
    assert kept.lstrip().startswith(f'<li class="session card" id="session-{session.pk}"')
    assert client.get(f"/history/sessions/{session.pk}/")["Location"] == f"/history/#session-{session.pk}"
    deleted = client.post(f"/history/sessions/{session.pk}/delete/", headers=htmx).content.decode()
    assert "Deleted “Morning mobility” from Friday 20 November, 08:00." in deleted
    assert not CompletedSession.objects.filter(pk=session.pk).exists()


def test_note_that_is_too_long_is_refused_and_kept_in_the_form(client, owner):
    client.force_login(owner)
    session = add_session(owner, date(2026, 11, 20), note="old")
    long_note = "calm " * 500
    response = client.post(f"/history/sessions/{session.pk}/edit/", edit(session, note=long_note))
    assert response.status_code == 400
    assert long_note.strip() in response.content.decode()
    session.refresh_from_db()
    assert session.note == "old"


def test_htmx_note_edit_returns_just_the_updated_session(client, owner):
    client.force_login(owner)
    session = add_session(owner, date(2026, 11, 20))
    response = client.post(
        f"/history/sessions/{session.pk}/edit/", edit(session, note="Better"), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li class="session card" id="session-{session.pk}"')
    assert "Changes saved." in html and '<p class="note">Better</p>' in html
    form = client.get(
        f"/history/sessions/{session.pk}/edit/", headers={"HX-Request": "true"}
    ).content.decode()
    assert form.lstrip().startswith(f'<li class="session card editing" id="session-{session.pk}"')
    assert "<h3" in form and "<h1" not in form


def test_another_persons_session_note_and_summary_are_out_of_reach(client, owner, other_user):
    theirs = add_session(other_user, date(2026, 11, 20), note="private note")
    client.force_login(owner)
    assert client.post(f"/history/sessions/{theirs.pk}/edit/", edit(theirs, note="hacked")).status_code == 404
    for url in ("", "edit/", "delete/"):
        assert client.get(f"/history/sessions/{theirs.pk}/{url}").status_code == 404, url
    assert client.post(f"/history/sessions/{theirs.pk}/delete/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.note == "private note"
    assert "private note" not in client.get("/history/").content.decode()
    summary = client.get("/history/summary/", {"start": "2026-11-01", "end": "2026-11-30"}).content.decode()
    assert "private note" not in summary


def test_changes_are_post_only_with_csrf(owner):
    session = add_session(owner, date(2026, 11, 20))
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.get(f"/history/sessions/{session.pk}/delete/").status_code == 200  # only asks
    assert client.post(f"/history/sessions/{session.pk}/delete/").status_code == 403
    assert client.post(f"/history/sessions/{session.pk}/edit/", {"note": "x"}).status_code == 403
    assert CompletedSession.objects.filter(pk=session.pk).exists()


def test_history_needs_an_account(client):
    response = client.get("/history/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# ---- Weeks, days and the gentle streak ----


def test_this_week_counts_active_days_minutes_and_sessions(owner):
    owner.weekly_goal = 2
    owner.save()
    today = date(2026, 11, 26)  # a Thursday
    add_session(owner, date(2026, 11, 23), minutes=10)
    add_session(owner, date(2026, 11, 23), minutes=5, hour=18)
    add_session(owner, date(2026, 11, 25), minutes=12)
    add_session(owner, date(2026, 11, 22), minutes=30)  # last Sunday: last week
    week = progress.this_week(owner, today)
    assert (week.active_days, week.minutes, week.sessions, week.goal_met) == (2, 27, 3, True)


def test_weekly_streak_counts_weeks_that_met_the_goal_and_rest_days_never_break_it(owner):
    owner.weekly_goal = 2
    owner.save()
    today = date(2026, 11, 26)
    for monday in [date(2026, 11, 16), date(2026, 11, 9), date(2026, 11, 2)]:
        add_session(owner, monday)
        add_session(owner, monday + timedelta(days=4))  # Friday; the days between are rest
    add_session(owner, date(2026, 10, 19))  # one day only: that week missed the goal
    add_session(owner, date(2026, 10, 12))
    add_session(owner, date(2026, 10, 14))
    # This week has nothing yet: that doesn't break the streak of the last three weeks.
    assert progress.weekly_streak(owner, today) == 3
    add_session(owner, date(2026, 11, 23))
    add_session(owner, date(2026, 11, 24))
    assert progress.weekly_streak(owner, today) == 4


@time_machine.travel(datetime(2026, 11, 26, 12, tzinfo=UTC))
def test_a_streak_longer_than_the_calendar_counts_every_week(client, owner):
    owner.weekly_goal = 2
    owner.save()
    this_monday = date(2026, 11, 23)
    for weeks_ago in range(1, 21):
        monday = this_monday - timedelta(weeks=weeks_ago)
        add_session(owner, monday)
        add_session(owner, monday + timedelta(days=3))
    add_session(owner, this_monday - timedelta(weeks=22))  # before a week with no sessions
    add_session(owner, this_monday - timedelta(weeks=22, days=-1))
    assert progress.weekly_streak(owner, date(2026, 11, 26)) == 20
    client.force_login(owner)
    html = client.get("/history/").content.decode()
    assert '<span class="big-number">20</span> weeks' in html


def test_streak_week_boundary_follows_the_persons_midnight_across_a_dst_change(client, owner):
    """London leaves summer time on Sun 25 Oct 2026. A session at 00:30 local on Monday 26 Oct
    is 00:30 UTC; one at 00:30 local on Monday 19 Oct is 23:30 UTC on Sunday. Both belong to
    the Monday in London."""
    client.force_login(owner)
    owner.weekly_goal = 1
    owner.save()
    for local_monday, utc in [
        (date(2026, 10, 19), datetime(2026, 10, 18, 23, 30, tzinfo=UTC)),
        (date(2026, 10, 26), datetime(2026, 10, 26, 0, 30, tzinfo=UTC)),
    ]:
        payload = session_payload(
            started_at=utc.isoformat(), ended_at=(utc + timedelta(minutes=5)).isoformat()
        )
        with time_machine.travel(utc + timedelta(minutes=10)):
            assert post_session(client, payload).status_code == 201
        assert CompletedSession.objects.filter(key=payload["key"]).get().local_date == local_monday
    assert progress.weekly_streak(owner, date(2026, 10, 27)) == 2
    cal = progress.calendar(owner, date(2026, 10, 27))
    active = [cell.day for week in cal for cell in week if cell.active]
    assert active == [date(2026, 10, 19), date(2026, 10, 26)]


def test_calendar_shows_twelve_weeks_monday_first_with_future_days_marked(owner):
    today = date(2026, 11, 26)
    add_session(owner, date(2026, 9, 7))  # first Monday shown
    add_session(owner, date(2026, 9, 6))  # the day before: out of range
    cal = progress.calendar(owner, today)
    assert len(cal) == 12 and all(len(week) == 7 for week in cal)
    assert cal[0][0].day == date(2026, 9, 7) and cal[0][0].active
    assert cal[-1][3].today and cal[-1][4].future
    assert sum(cell.active for week in cal for cell in week) == 1


# ---- The history page ----


@time_machine.travel(datetime(2026, 11, 26, 12, tzinfo=UTC))
def test_history_page_shows_week_streak_charts_and_newest_sessions_first(client, owner):
    client.force_login(owner)
    add_session(owner, date(2026, 11, 10), pain=(7, 5), routine="Morning mobility")
    add_session(owner, date(2026, 11, 24), pain=(5, 2), routine="Seated desk break", note="Much easier")
    html = client.get("/history/").content.decode()
    assert html.index("Seated desk break") < html.index("Morning mobility")
    assert "Much easier" in html
    assert "Pain before went from 7 to 5 out of 10." in html
    assert "<polyline" in html and 'role="img"' in html
    assert "<td>2</td>" in html  # the numbers table beside the chart


@time_machine.travel(datetime(2026, 11, 26, 12, tzinfo=UTC))
def test_history_query_count_stays_constant_from_ten_to_a_thousand_sessions(client, owner):
    client.force_login(owner)

    def bulk(n, offset=0):
        start = datetime(2026, 11, 25, 8, tzinfo=UTC)
        CompletedSession.objects.bulk_create(
            CompletedSession(
                user=owner,
                routine_name="Morning mobility",
                started_at=start - timedelta(hours=9 * i),
                ended_at=start - timedelta(hours=9 * i) + timedelta(minutes=8),
                local_date=(start - timedelta(hours=9 * i)).date(),
                active_seconds=480,
                steps_done=5,
                steps_total=5,
                pain_before=5,
                pain_after=3,
            )
            for i in range(offset, offset + n)
        )

    def queries(url, **headers):
        clear_caches()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, headers=headers).status_code == 200
        return len(ctx.captured_queries)

    bulk(10)
    client.get("/history/")
    small = [
        queries("/history/"),
        queries("/history/?page=2", **{"HX-Request": "true"}),
        queries("/history/summary/"),
    ]
    # The session and its user, then one page of the list, the weeks and the pain scores; and
    # the recovery part's activities, ratings, check-ins, flare-ups and plan (test_recovery.py).
    assert small[0] <= 10
    bulk(990, offset=10)
    assert CompletedSession.objects.count() == 1000
    assert [
        queries("/history/"),
        queries("/history/?page=2", **{"HX-Request": "true"}),
        queries("/history/summary/"),
    ] == small


def test_more_sessions_load_as_a_fragment_with_a_link_to_the_next_page(client, owner):
    client.force_login(owner)
    for i in range(45):
        add_session(owner, date(2026, 11, 20) - timedelta(days=i))
    html = client.get("/history/?page=2", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html
    assert html.count('class="session card"') == 10
    assert 'hx-get="/history/?page=3"' in html
    last = client.get("/history/?page=5", headers={"HX-Request": "true"}).content.decode()
    assert last.count('class="session card"') == 5 and "page=6" not in last


def test_printable_summary_covers_the_chosen_dates(client, owner):
    client.force_login(owner)
    add_session(owner, date(2026, 10, 5), pain=(6, 4), note="Stiff in the morning")
    add_session(owner, date(2026, 11, 5), pain=(4, 2), note="Walked to the shop")
    response = client.get("/history/summary/", {"start": "2026-11-01", "end": "2026-11-30"})
    html = response.content.decode()
    assert "Walked to the shop" in html and "Stiff in the morning" not in html
    assert "4 → 2" in html
    bad = client.get("/history/summary/", {"start": "2026-12-01", "end": "2026-11-01"})
    assert bad.status_code == 400
    assert "start date is after the end date" in bad.content.decode()
    assert client.get("/history/summary/", {"start": "soon"}).status_code == 400


def test_an_htmx_request_after_the_login_expired_gets_a_401_not_the_log_in_page(client, owner):
    from spasmcare.history.models import CompletedSession

    session = CompletedSession.objects.create(
        user=owner,
        routine_name="Morning ease",
        started_at=datetime(2026, 3, 2, 7, 30, tzinfo=UTC),
        ended_at=datetime(2026, 3, 2, 7, 42, tzinfo=UTC),
        local_date=date(2026, 3, 2),
        active_seconds=600,
        steps_done=5,
        steps_total=6,
    )
    expired = Client()  # its login has ended: no session

    response = expired.post(
        f"/history/sessions/{session.pk}/edit/",
        {"note": "Knees felt better"},
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/history/"},
    )

    assert response.status_code == 401
    assert "Log in" not in response.content.decode() or len(response.content) < 200
    assert response["X-Login-Url"] == "/accounts/login/?next=/history/"
    session.refresh_from_db()
    assert session.note == ""
