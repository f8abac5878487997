import os
import re
import subprocess
import sys
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta
from email import message_from_bytes
from pathlib import Path

import pytest
import time_machine
from dateutil.rrule import rrulestr
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from spasmcare.history.models import CompletedSession
from spasmcare.reminders.models import Delivery, Reminder, next_due_moment
from spasmcare.reminders.sender import claim_due, send_pass

from .conftest import database_url_for_other_processes

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
EVERY_DAY = set(range(7))


def local(tz, *args):
    return datetime(*args, tzinfo=zoneinfo.ZoneInfo(tz) if isinstance(tz, str) else tz)


def make_reminder(user, at=time(7, 30), days="0123456", email=True, now=None, **extra):
    reminder = Reminder(user=user, enabled=True, time_of_day=at, weekdays=days, email_enabled=email, **extra)
    reminder.schedule(now)
    reminder.save()
    return reminder


# ---- Due-time arithmetic (frozen clocks, real time zones) ----


def test_due_later_today_if_the_time_has_not_passed():
    moment, day = next_due_moment(local(LONDON, 2026, 11, 26, 6, 0), time(7, 30), EVERY_DAY, None)
    assert (moment, day) == (datetime(2026, 11, 26, 7, 30, tzinfo=UTC), date(2026, 11, 26))


def test_due_tomorrow_once_the_time_has_passed():
    moment, day = next_due_moment(local(LONDON, 2026, 11, 26, 7, 30), time(7, 30), EVERY_DAY, None)
    assert day == date(2026, 11, 27)


def test_only_on_the_chosen_weekdays():
    friday_evening = local(LONDON, 2026, 11, 27, 20, 0)
    moment, day = next_due_moment(friday_evening, time(7, 30), {0, 2, 4}, None)
    assert day == date(2026, 11, 30) and day.weekday() == 0


def test_across_midnight_in_the_persons_own_zone():
    """10:30 UTC on Thursday is already 23:30 on Thursday in Auckland; 07:00 there is Friday
    morning, which is 18:00 UTC on Thursday."""
    auckland = zoneinfo.ZoneInfo("Pacific/Auckland")
    now = datetime(2026, 11, 26, 10, 30, tzinfo=UTC).astimezone(auckland)
    moment, day = next_due_moment(now, time(7, 0), EVERY_DAY, None)
    assert day == date(2026, 11, 27)
    assert moment == datetime(2026, 11, 26, 18, 0, tzinfo=UTC)


def test_pause_skips_the_paused_days():
    monday = local(LONDON, 2026, 11, 23, 6, 0)
    _, day = next_due_moment(monday, time(7, 30), EVERY_DAY, paused_until=date(2026, 11, 25))
    assert day == date(2026, 11, 26)


def test_same_local_time_every_day_across_the_autumn_clock_change(owner):
    """London leaves summer time on Sunday 25 October 2026: 07:30 is 06:30 UTC before and
    07:30 UTC after, and no day is skipped or doubled."""
    reminder = make_reminder(owner, now=datetime(2026, 10, 23, 12, tzinfo=UTC))
    moments = []
    for _ in range(4):
        moments.append(reminder.next_due)
        reminder.schedule_after(reminder.due_date)
    assert moments == [
        datetime(2026, 10, 24, 6, 30, tzinfo=UTC),
        datetime(2026, 10, 25, 7, 30, tzinfo=UTC),
        datetime(2026, 10, 26, 7, 30, tzinfo=UTC),
        datetime(2026, 10, 27, 7, 30, tzinfo=UTC),
    ]
    assert all(m.astimezone(LONDON).time() == time(7, 30) for m in moments)


def test_a_time_that_does_not_exist_on_the_spring_change_is_still_sent_once(owner):
    owner.timezone = "America/New_York"
    owner.save()
    reminder = make_reminder(owner, at=time(2, 30), now=datetime(2027, 3, 13, 12, tzinfo=UTC))
    assert reminder.due_date == date(2027, 3, 14)
    first = reminder.next_due
    reminder.schedule_after(reminder.due_date)
    assert reminder.due_date == date(2027, 3, 15) and reminder.next_due > first


def test_no_days_chosen_means_nothing_is_scheduled(owner):
    reminder = make_reminder(owner, days="")
    assert reminder.next_due is None


# ---- The sender ----


def emails_to(address):
    return [m for m in mail.outbox if address in m.to]


def test_a_due_reminder_is_emailed_once_and_moves_to_the_next_day(owner):
    with time_machine.travel(datetime(2026, 11, 26, 7, 0, tzinfo=UTC)):
        reminder = make_reminder(owner)
    assert reminder.next_due == datetime(2026, 11, 26, 7, 30, tzinfo=UTC)
    with time_machine.travel(datetime(2026, 11, 26, 7, 29, tzinfo=UTC)):
        assert send_pass().claimed == 0
    with time_machine.travel(datetime(2026, 11, 26, 7, 31, tzinfo=UTC)):
        assert send_pass().sent == 1
        assert send_pass().claimed == 0
    assert len(emails_to(owner.email)) == 1
    reminder.refresh_from_db()
    assert reminder.due_date == date(2026, 11, 27)
    assert not reminder.claimed_by


def test_no_reminder_when_the_routine_is_already_done_that_day(owner):
    with time_machine.travel(datetime(2026, 11, 26, 6, 0, tzinfo=UTC)):
        make_reminder(owner)
    started = datetime(2026, 11, 26, 6, 45, tzinfo=UTC)
    CompletedSession.objects.create(
        user=owner,
        routine_name="Morning mobility",
        started_at=started,
        ended_at=started + timedelta(minutes=5),
        local_date=date(2026, 11, 26),
        steps_done=5,
        steps_total=5,
    )
    with time_machine.travel(datetime(2026, 11, 26, 7, 31, tzinfo=UTC)):
        result = send_pass()
    assert result.skipped == {"already exercised": 1}
    assert not mail.outbox
    assert Reminder.objects.get(user=owner).due_date == date(2026, 11, 27)


def test_paused_and_channel_less_reminders_stay_quiet(owner, other_user):
    with time_machine.travel(datetime(2026, 11, 26, 6, 0, tzinfo=UTC)):
        paused = make_reminder(owner)
        make_reminder(other_user, email=False)
    Reminder.objects.filter(pk=paused.pk).update(paused_until=date(2026, 11, 27))
    with time_machine.travel(datetime(2026, 11, 26, 7, 31, tzinfo=UTC)):
        result = send_pass()
    assert result.skipped == {"paused": 1, "no channel": 1}
    assert not mail.outbox


def test_a_failed_email_is_retried_later_and_sent_once(owner, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.failing_mail.FailOnceBackend"}}
    with time_machine.travel(datetime(2026, 11, 26, 6, 0, tzinfo=UTC)):
        make_reminder(owner)
    with time_machine.travel(datetime(2026, 11, 26, 7, 31, tzinfo=UTC)):
        first = send_pass()
    assert first.failed == 1 and first.sent == 0
    reminder = Reminder.objects.get(user=owner)
    assert reminder.due_date == date(2026, 11, 26) and reminder.attempts == 1
    with time_machine.travel(datetime(2026, 11, 26, 7, 35, tzinfo=UTC)):
        assert send_pass().claimed == 0  # not before the retry delay
    with time_machine.travel(datetime(2026, 11, 26, 7, 45, tzinfo=UTC)):
        assert send_pass().sent == 1
    with time_machine.travel(datetime(2026, 11, 26, 8, 30, tzinfo=UTC)):
        assert send_pass().claimed == 0
    assert len(mail.outbox) == 1
    assert Delivery.objects.filter(user=owner, day=date(2026, 11, 26), channel="email").count() == 1


def test_finding_and_claiming_due_reminders_is_one_query(django_user_model):
    users = django_user_model.objects.bulk_create(
        django_user_model(email=f"p{i}@example.com", timezone="Europe/London") for i in range(300)
    )
    now = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    Reminder.objects.bulk_create(
        Reminder(
            user=u,
            enabled=True,
            email_enabled=True,
            next_due=now - timedelta(minutes=i % 3),
            due_date=date(2026, 11, 26),
        )
        for i, u in enumerate(users)
    )
    with CaptureQueriesContext(connection) as ctx:
        claimed = claim_due(now, "token-a", batch=500)
    assert claimed == 300
    assert len(ctx.captured_queries) == 1
    assert claim_due(now, "token-b", batch=500) == 0  # nothing left for a second worker


# ---- Email, unsubscribe and the settings page ----


def test_reminder_email_names_todays_routine_and_carries_unsubscribe_headers(owner):
    with time_machine.travel(datetime(2026, 11, 26, 6, 0, tzinfo=UTC)):
        make_reminder(owner)
    with time_machine.travel(datetime(2026, 11, 26, 7, 31, tzinfo=UTC)):
        send_pass()
    [email] = mail.outbox
    assert email.subject == "Today: Morning mobility"
    assert f"{settings.SITE_URL}/routines/morning-mobility/play/" in email.body
    html = email.alternatives[0].content
    assert 'href="http://127.0.0.1:8000/routines/morning-mobility/play/"' in html
    unsubscribe = email.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith(f"<{settings.SITE_URL}/reminders/unsubscribe/") and unsubscribe.endswith(
        "/>"
    )
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe[1:-1] in email.body
    message = message_from_bytes(email.message().as_bytes())
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_one_click_unsubscribe_turns_off_email_only(owner):
    from spasmcare.reminders.emails import unsubscribe_url
    from spasmcare.reminders.models import PushSubscription

    reminder = make_reminder(owner)
    PushSubscription.objects.create(user=owner, endpoint="https://push.example/abc", p256dh="k", auth="a")
    path = unsubscribe_url(owner).removeprefix(settings.SITE_URL)
    anonymous = Client(enforce_csrf_checks=True)
    page = anonymous.get(path)
    assert page.status_code == 200 and "Stop reminder emails?" in page.content.decode()
    assert Reminder.objects.get(pk=reminder.pk).email_enabled  # a GET (link scanner) changes nothing
    response = anonymous.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    reminder.refresh_from_db()
    assert not reminder.email_enabled
    assert reminder.enabled and reminder.next_due is not None
    assert PushSubscription.objects.filter(user=owner).count() == 1


def test_a_tampered_unsubscribe_link_changes_nothing(owner):
    from spasmcare.reminders.emails import unsubscribe_token

    reminder = make_reminder(owner)
    token = unsubscribe_token(owner)
    assert Client().post(f"/reminders/unsubscribe/{token[:-2]}xx/").status_code == 404
    assert Reminder.objects.get(pk=reminder.pk).email_enabled


def test_unsubscribe_links_carry_nothing_readable_and_expire(owner):
    import base64

    from spasmcare.reminders.emails import UNSUBSCRIBE_VALID, unsubscribe_token

    make_reminder(owner)
    token = unsubscribe_token(owner)
    readable = base64.urlsafe_b64decode(token.split(":")[0] + "=" * (-len(token.split(":")[0]) % 4))
    assert b"owner" not in readable and str(owner.pk).encode() + b"," not in readable

    with time_machine.travel(datetime.now(UTC) + UNSUBSCRIBE_VALID + timedelta(days=1)):
        response = Client().post(f"/reminders/unsubscribe/{token}/")
    assert response.status_code == 404
    assert Reminder.objects.get(user=owner).email_enabled


def test_pages_behind_secret_links_are_never_indexed_or_kept(client, owner):
    from spasmcare.reminders.emails import unsubscribe_url

    reminder = make_reminder(owner)
    feed = client.get(f"/reminders/calendar/{reminder.calendar_token}.ics")
    unsubscribe = client.get(unsubscribe_url(owner).removeprefix(settings.SITE_URL))

    for response in (feed, unsubscribe):
        assert response.status_code == 200
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert "private" in response["Cache-Control"]
    assert "no-store" in unsubscribe["Cache-Control"]


def test_settings_page_saves_time_days_and_pause(client, owner):
    client.force_login(owner)
    with time_machine.travel(datetime(2026, 11, 26, 12, 0, tzinfo=UTC)):  # a Thursday
        response = client.post(
            "/reminders/",
            {
                "enabled": "on",
                "time_of_day": "19:15",
                "days": ["0", "3"],
                "email_enabled": "on",
                "pause_days": "3",
            },
        )
        assert response.status_code == 302
        reminder = Reminder.objects.get(user=owner)
        assert reminder.weekdays == "03" and reminder.time_of_day == time(19, 15)
        assert reminder.paused_until == date(2026, 11, 28)
        assert reminder.due_date == date(2026, 11, 30)  # Thu is paused; next Monday
        assert reminder.next_due == datetime(2026, 11, 30, 19, 15, tzinfo=UTC)
        page = client.get("/reminders/").content.decode()
        assert "Europe/London" in page and "Paused until the end of Saturday 28 November" in page
        client.post("/reminders/resume/")
        reminder.refresh_from_db()
        assert reminder.paused_until is None


def test_bad_settings_are_refused_and_kept(client, owner):
    client.force_login(owner)
    response = client.post("/reminders/", {"enabled": "on", "time_of_day": "25:99", "days": ["1", "9"]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please check the form" in html and 'value="25:99"' in html
    assert not Reminder.objects.get(user=owner).enabled


def test_reminders_need_an_account_and_csrf(owner):
    assert Client().get("/reminders/").status_code == 302
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner)
    for url in ["/reminders/", "/reminders/resume/", "/reminders/calendar/new/"]:
        assert strict.post(url, {"enabled": "on"}).status_code == 403


# ---- The calendar feed ----


def test_calendar_feed_repeats_at_local_time_on_chosen_days_across_dst_with_an_alarm(client, owner):
    with time_machine.travel(datetime(2026, 10, 19, 12, tzinfo=UTC)):  # a Monday, summer time
        reminder = make_reminder(owner, at=time(7, 30), days="024")  # Mon, Wed, Fri
        response = client.get(f"/reminders/calendar/{reminder.calendar_token}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    [event] = cal.walk("VEVENT")
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    start = event.decoded("dtstart")
    assert str(start.tzinfo) == "Europe/London"
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=start)
    occurrences = rule.between(datetime(2026, 10, 19, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC))
    assert [o.strftime("%a %d") for o in occurrences] == [
        "Mon 19",
        "Wed 21",
        "Fri 23",
        "Mon 26",
        "Wed 28",
        "Fri 30",
    ]
    assert all((o.hour, o.minute) == (7, 30) for o in occurrences)
    utc_hours = [o.astimezone(UTC).hour for o in occurrences]
    assert utc_hours == [6, 6, 6, 7, 7, 7]  # the clocks went back on Sunday 25 October
    [alarm] = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"


def test_regenerating_the_feed_retires_the_old_address(client, owner, other_user):
    reminder = make_reminder(owner)
    old = reminder.calendar_token
    client.force_login(owner)
    client.post("/reminders/calendar/new/")
    reminder.refresh_from_db()
    assert reminder.calendar_token != old
    assert client.get(f"/reminders/calendar/{old}.ics").status_code == 404
    assert client.get(f"/reminders/calendar/{reminder.calendar_token}.ics").status_code == 200
    # Someone else's (or a guessed) token finds nothing.
    theirs = make_reminder(other_user)
    client.post("/reminders/calendar/new/")
    assert Client().get(f"/reminders/calendar/{theirs.calendar_token[:-3]}abc.ics").status_code == 404


def test_moving_to_another_time_zone_keeps_the_reminder_at_its_local_time_on_every_channel(client, owner):
    """A reminder for 23:30 in Berlin, and the account moves to New York: it comes at 23:30 New
    York time that night, by push and email, in the calendar and on the reminders page."""
    owner.timezone = "Europe/Berlin"
    owner.save()
    berlin_afternoon = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)  # 14:00 in Berlin, 08:00 in New York
    with time_machine.travel(berlin_afternoon, tick=False):
        reminder = make_reminder(owner, at=time(23, 30))
        assert reminder.next_due == local("Europe/Berlin", 2026, 6, 10, 23, 30)
        client.force_login(owner)
        client.post(
            reverse("settings"),
            {
                "timezone": "America/New_York",
                "weekly_goal": "3",
                "cue_guidance": "more",
            },
        )
        page = client.get(reverse("reminders")).content.decode()

    reminder.refresh_from_db()
    assert reminder.next_due == local("America/New_York", 2026, 6, 10, 23, 30)
    assert reminder.due_date == date(2026, 6, 10)
    assert "Wednesday 10 June, 23:30 (America/New_York)" in page
    with time_machine.travel(local("America/New_York", 2026, 6, 10, 17, 31), tick=False):
        assert send_pass().sent == 0  # not at 17:30, six hours early
    with time_machine.travel(local("America/New_York", 2026, 6, 10, 23, 31), tick=False):
        assert send_pass().sent == 1
    feed = Calendar.from_ical(client.get(f"/reminders/calendar/{reminder.calendar_token}.ics").content)
    start = feed.walk("VEVENT")[0]["DTSTART"].dt
    assert (start.hour, start.minute, str(start.tzinfo)) == (23, 30, "America/New_York")


def test_today_link_opens_the_suggested_routine(client, owner):
    client.force_login(owner)
    with time_machine.travel(datetime(2026, 11, 26, 8, 0, tzinfo=UTC)):  # 08:00 in London
        response = client.get("/reminders/today/")
    assert response["Location"] == "/routines/morning-mobility/play/"


def test_a_late_evening_reminder_suggests_winding_down_not_morning_mobility(owner):
    with time_machine.travel(datetime(2026, 11, 26, 12, 0, tzinfo=UTC)):
        make_reminder(owner, at=time(23, 30))
    with time_machine.travel(datetime(2026, 11, 26, 23, 31, tzinfo=UTC)):  # 23:31 in London
        send_pass()
    [email] = mail.outbox
    assert email.subject == "Today: Evening wind-down"
    assert "Morning" not in email.body
    assert "/routines/evening-wind-down/play/" in email.body


# ---- Several workers at once ----


@pytest.mark.django_db(transaction=True)
def test_three_workers_at_once_send_each_person_exactly_one_reminder(django_user_model, tmp_path):
    now = datetime.now(UTC).replace(microsecond=0)
    users = django_user_model.objects.bulk_create(
        django_user_model(email=f"person{i}@example.com", timezone="Europe/London") for i in range(60)
    )
    Reminder.objects.bulk_create(
        Reminder(
            user=u,
            enabled=True,
            email_enabled=True,
            next_due=now - timedelta(minutes=1),
            due_date=now.astimezone(LONDON).date(),
            time_of_day=time(7, 30),
        )
        for u in users
    )
    outbox = tmp_path / "mail"
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_other_processes(),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(outbox),
        "DJANGO_SETTINGS_MODULE": "spasmcare.settings",
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "send_reminders"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(3)
    ]
    outputs = [w.communicate(timeout=120) for w in workers]
    assert all(w.returncode == 0 for w in workers), outputs
    recipients = []
    for path in Path(outbox).glob("*.log"):
        for chunk in path.read_bytes().split(b"-" * 79):
            if b"To: " in chunk:
                recipients.append(message_from_bytes(chunk.strip())["To"])
    assert sorted(recipients) == sorted(u.email for u in users)
    assert Delivery.objects.count() == 60
    claimed_by = [out.decode() for out, _ in outputs]
    assert sum("Claimed" in out for out in claimed_by) >= 1


def test_a_reminder_another_worker_is_sending_is_not_sent_again(owner):
    now = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    reminder = make_reminder(owner, now=now - timedelta(hours=1))
    # A worker whose claim ran out is still sending this morning's email.
    Delivery.objects.create(
        user=owner, day=date(2026, 11, 26), channel="email", reserved_until=now + timedelta(minutes=30)
    )

    send_pass(now)

    assert mail.outbox == []
    reminder.refresh_from_db()
    assert reminder.due_date == date(2026, 11, 26) and reminder.next_due > now  # looked at again later


def test_a_reservation_left_by_a_worker_that_stopped_is_sent_that_day(owner):
    now = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    make_reminder(owner, now=now - timedelta(hours=1))
    Delivery.objects.create(user=owner, day=date(2026, 11, 26), channel="email", reserved_until=now)

    send_pass(now)

    assert [m.to for m in mail.outbox] == [["owner@example.com"]]
    assert Delivery.objects.get(user=owner).sent_at == now


# ---- One failure never stops the pass; an outage sends at most today's reminder ----


def test_a_subscription_that_cannot_be_signed_does_not_stop_anyone_else(owner, other_user, django_user_model):
    """A row put straight into the database whose endpoint makes the VAPID signer raise (a
    user name and port in the address), for the first person in the batch."""
    from django.core.management import call_command

    from spasmcare.reminders.models import PushSubscription

    third = django_user_model.objects.create_user("third@example.com", "x", timezone="Europe/London")
    with time_machine.travel(datetime(2026, 11, 26, 6, 0, tzinfo=UTC)):
        first = make_reminder(owner)
        make_reminder(other_user)
        make_reminder(third, email=False)
    Reminder.objects.filter(pk=first.pk).update(
        next_due=datetime(2026, 11, 26, 7, 0, tzinfo=UTC)
    )  # first in line
    PushSubscription.objects.create(
        user=owner,
        endpoint="https://user:pw@fcm.googleapis.com:8443/fcm/send/x",
        p256dh="not-a-key",
        auth="x",
    )
    PushSubscription.objects.create(user=third, endpoint="not a url at all", p256dh="", auth="")

    with time_machine.travel(datetime(2026, 11, 26, 7, 31, tzinfo=UTC)):
        call_command("send_reminders")

    assert sorted(m.to[0] for m in mail.outbox) == ["other@example.com", "owner@example.com"]
    assert Reminder.objects.get(user=other_user).due_date == date(2026, 11, 27)
    owners = Reminder.objects.get(user=owner)  # its push is retried later today; its email is not resent
    assert owners.due_date == date(2026, 11, 26) and owners.attempts == 1
    assert PushSubscription.objects.get(user=owner).failures == 1


def test_a_broken_reminder_row_does_not_stop_the_batch(owner, other_user):
    with time_machine.travel(datetime(2026, 11, 26, 6, 0, tzinfo=UTC)):
        broken = make_reminder(owner)
        make_reminder(other_user)
    Reminder.objects.filter(pk=broken.pk).update(
        due_date=None, next_due=datetime(2026, 11, 26, 7, 0, tzinfo=UTC)
    )

    with time_machine.travel(datetime(2026, 11, 26, 7, 31, tzinfo=UTC)):
        result = send_pass()

    assert result.failed == 1 and result.sent == 1
    assert [m.to for m in mail.outbox] == [["other@example.com"]]


def test_after_an_outage_only_todays_reminder_is_sent(owner):
    """The worker is down from Monday to Thursday morning: one reminder on Thursday, not four."""
    with time_machine.travel(datetime(2026, 11, 23, 6, 0, tzinfo=UTC)):  # Monday
        make_reminder(owner)
    with time_machine.travel(datetime(2026, 11, 26, 9, 0, tzinfo=UTC)):  # Thursday, after 07:30
        for _ in range(5):
            send_pass()

    assert [m.subject for m in mail.outbox] == ["Today: Morning mobility"]
    assert list(Delivery.objects.values_list("day", flat=True)) == [date(2026, 11, 26)]
    assert Reminder.objects.get(user=owner).due_date == date(2026, 11, 27)


def test_after_an_outage_that_ends_before_todays_time_nothing_is_sent_early(owner):
    with time_machine.travel(datetime(2026, 11, 23, 6, 0, tzinfo=UTC)):
        make_reminder(owner)
    with time_machine.travel(datetime(2026, 11, 26, 6, 0, tzinfo=UTC)):  # Thursday, before 07:30
        result = send_pass()
    assert not mail.outbox and result.skipped == {"missed": 1}
    reminder = Reminder.objects.get(user=owner)
    assert reminder.next_due == datetime(2026, 11, 26, 7, 30, tzinfo=UTC)


# ---- The calendar feed as real calendar apps read it ----


def feed_for(client, user, day: datetime, at=time(7, 30), days="0123456"):
    with time_machine.travel(day):
        reminder = make_reminder(user, at=at, days=days)
        response = client.get(f"/reminders/calendar/{reminder.calendar_token}.ics")
    assert response.status_code == 200
    return response.content


def ical_js_occurrences(feed: bytes, count: int) -> list[dict]:
    """The event's occurrences as Mozilla's ical.js computes them (node, tests/expand_calendar.mjs)."""
    script = Path(__file__).with_name("expand_calendar.mjs")
    if not (settings.BASE_DIR / "node_modules" / "ical.js").exists():
        pytest.fail("ical.js is missing: run `npm ci` (make test does)")
    result = subprocess.run(
        ["node", str(script), str(count)], input=feed, capture_output=True, timeout=60, cwd=settings.BASE_DIR
    )
    assert result.returncode == 0, result.stderr.decode()
    import json

    return json.loads(result.stdout)


def test_ical_js_keeps_a_london_0730_reminder_at_0730_across_the_spring_clock_change(client, owner):
    """Thunderbird's parser put it at 06:30 for two months when the time-zone block listed
    dozens of dates on one RDATE line. London's clocks go forward on Sunday 29 March 2026."""
    feed = feed_for(client, owner, datetime(2026, 3, 16, 12, tzinfo=UTC))

    occurrences = ical_js_occurrences(feed, 70)

    assert len(occurrences) == 70
    first_day = date(2026, 3, 16)  # the feed starts today, whatever the hour
    for i, occurrence in enumerate(occurrences):
        day = first_day + timedelta(days=i)
        expected = datetime.combine(day, time(7, 30), tzinfo=LONDON)
        assert occurrence["unix"] == expected.timestamp(), (day, occurrence)
        assert occurrence["local"].endswith("T07:30:00")
    march_28, march_30 = occurrences[12], occurrences[14]
    assert datetime.fromtimestamp(march_28["unix"], UTC).hour == 7  # GMT
    assert datetime.fromtimestamp(march_30["unix"], UTC).hour == 6  # BST


@pytest.mark.parametrize(
    "zone, moment",
    [
        ("America/New_York", datetime(2026, 10, 20, 12, tzinfo=UTC)),  # back on 1 November
        ("Australia/Sydney", datetime(2026, 9, 20, 12, tzinfo=UTC)),  # forward on 4 October
        ("Asia/Jerusalem", datetime(2027, 3, 10, 12, tzinfo=UTC)),  # the Friday before the last Sunday
        ("America/Santiago", datetime(2026, 8, 25, 12, tzinfo=UTC)),  # first Sunday on or after 2 September
        ("Europe/Dublin", datetime(2026, 10, 15, 12, tzinfo=UTC)),  # "negative" summer time
        ("Africa/Casablanca", datetime(2027, 1, 20, 12, tzinfo=UTC)),  # no yearly rule (Ramadan)
        ("Asia/Kolkata", datetime(2026, 11, 20, 12, tzinfo=UTC)),  # no changes at all
    ],
)
def test_ical_js_and_zoneinfo_agree_on_every_occurrence_across_a_clock_change(client, owner, zone, moment):
    owner.timezone = zone
    owner.save()
    tz = zoneinfo.ZoneInfo(zone)
    feed = feed_for(client, owner, moment, at=time(8, 15))

    occurrences = ical_js_occurrences(feed, 75)

    first_day = moment.astimezone(tz).date()
    expected = [
        datetime.combine(first_day + timedelta(days=i), time(8, 15), tzinfo=tz).timestamp() for i in range(75)
    ]
    assert [o["unix"] for o in occurrences] == expected


@pytest.mark.parametrize(
    "zone", ["Europe/London", "America/New_York", "Asia/Jerusalem", "Africa/Casablanca", "Pacific/Chatham"]
)
def test_pythons_icalendar_reads_the_time_zone_block_as_zoneinfo_does(zone):
    from spasmcare.reminders.timezones import vtimezone

    block = vtimezone(zone, date(2026, 11, 30))
    read = block.to_tz()
    tz = zoneinfo.ZoneInfo(zone)
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    while moment < datetime(2031, 1, 1, tzinfo=UTC):
        assert moment.astimezone(read).utcoffset() == moment.astimezone(tz).utcoffset(), (zone, moment)
        moment += timedelta(hours=5)


def test_the_feed_is_plain_for_every_calendar_app(client, owner):
    feed = feed_for(client, owner, datetime(2026, 11, 26, 12, tzinfo=UTC)).decode()

    timezone_block = feed[feed.index("BEGIN:VTIMEZONE") : feed.index("END:VTIMEZONE")]
    assert "COMMENT" not in timezone_block  # libical refuses a COMMENT inside VTIMEZONE
    assert "RDATE" not in timezone_block
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in timezone_block
    assert "X-PUBLISHED-TTL:PT6H" in feed and "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in feed
    assert feed.index("BEGIN:VTIMEZONE") < feed.index("BEGIN:VEVENT")
    assert all(len(line.encode()) <= 75 for line in feed.split("\r\n"))


def test_reminders_page_shows_the_feed_address_from_the_site_url_and_how_long_changes_take(
    client, owner, settings
):
    settings.SITE_URL = "https://spasmcare.example"
    settings.ALLOWED_HOSTS = ["*"]
    reminder = make_reminder(owner)
    client.force_login(owner)

    page = client.get("/reminders/", headers={"Host": "evil.example"}).content.decode()

    assert f'value="https://spasmcare.example/reminders/calendar/{reminder.calendar_token}.ics"' in page
    assert f'href="webcal://spasmcare.example/reminders/calendar/{reminder.calendar_token}.ics"' in page
    assert "evil.example" not in page
    assert "can take that long to show there" in page


def test_add_to_calendar_offers_the_routes_android_iphone_and_outlook_people_use(client, owner, settings):
    """A webcal:// link alone does nothing on Android and says nothing."""
    import html
    from urllib.parse import parse_qs, urlsplit

    settings.SITE_URL = "https://spasmcare.example"
    reminder = make_reminder(owner)
    client.force_login(owner)
    feed = f"https://spasmcare.example/reminders/calendar/{reminder.calendar_token}.ics"

    page = html.unescape(client.get("/reminders/").content.decode())
    links = dict(re.findall(r'<a class="button" href="([^"]+)"[^>]*>([^<]+)</a>', page))
    by_label = {label: url for url, label in links.items()}

    google = urlsplit(by_label["Google Calendar"])
    assert google.netloc == "calendar.google.com" and parse_qs(google.query)["cid"] == ["webcal" + feed[5:]]
    assert by_label["Apple Calendar"] == "webcal" + feed[5:]
    outlook = urlsplit(by_label["Outlook"])
    assert outlook.netloc == "outlook.live.com" and parse_qs(outlook.query)["url"] == [feed]
    assert f'value="{feed}"' in page and "Copy address" in page


# ---- Every date and time in the person's own zone ----


def test_next_reminder_is_shown_in_the_persons_own_time(client, owner):
    owner.timezone = "America/New_York"
    owner.save()
    client.force_login(owner)
    with time_machine.travel(datetime(2026, 11, 26, 10, 0, tzinfo=UTC)):  # 05:00 in New York
        make_reminder(owner, at=time(7, 30))
        page = client.get("/reminders/").content.decode()

    assert "Next reminder: Thursday 26 November, 07:30 (America/New_York)." in page
    assert "12:30" not in page


def test_device_dates_on_the_reminders_page_are_local(client, owner):
    from spasmcare.reminders.models import PushSubscription

    owner.timezone = "Pacific/Auckland"
    owner.save()
    late_evening_utc = datetime(2026, 11, 26, 20, 0, tzinfo=UTC)  # already Friday in Auckland
    subscription = PushSubscription.objects.create(
        user=owner, endpoint="https://fcm.googleapis.com/fcm/send/a", p256dh="k", auth="a"
    )
    PushSubscription.objects.filter(pk=subscription.pk).update(
        created=late_evening_utc, last_success=late_evening_utc
    )
    client.force_login(owner)

    page = client.get("/reminders/").content.decode()

    assert "added 27 Nov 2026, last reached 27 Nov" in page


def test_downloads_give_times_in_the_persons_own_zone(client, owner):
    import json

    owner.timezone = "America/New_York"
    owner.save()
    start = datetime(2026, 7, 1, 11, 30, tzinfo=UTC)
    CompletedSession.objects.create(
        user=owner,
        routine_name="Morning mobility",
        started_at=start,
        ended_at=start + timedelta(minutes=5),
        local_date=date(2026, 7, 1),
        steps_done=5,
        steps_total=5,
    )
    client.force_login(owner)

    data = json.loads(client.get("/accounts/export.json").content)
    csv_text = client.get("/accounts/export.csv").content.decode()

    assert data["sessions"][0]["started_at"] == "2026-07-01T07:30:00-04:00"
    assert "2026-07-01T07:30:00-04:00" in csv_text and "2026-07-01T07:35:00-04:00" in csv_text


# ---- Pauses ----


def test_dont_pause_ends_a_pause_that_is_running(client, owner):
    client.force_login(owner)
    with time_machine.travel(datetime(2026, 11, 26, 12, 0, tzinfo=UTC)):
        make_reminder(owner, paused_until=date(2026, 12, 5))
        page = client.get("/reminders/").content.decode()
        assert (
            '<option value="keep" selected>Keep the pause (until the end of Saturday 5 December)</option>'
            in page
        )
        response = client.post(
            "/reminders/",
            {
                "enabled": "on",
                "time_of_day": "07:30",
                "days": ["0", "1", "2", "3", "4", "5", "6"],
                "pause_days": "",
            },
        )
        assert response.status_code == 302
        reminder = Reminder.objects.get(user=owner)
        assert reminder.paused_until is None
        assert reminder.due_date == date(2026, 11, 27)


def test_saving_other_changes_keeps_a_running_pause(client, owner):
    client.force_login(owner)
    with time_machine.travel(datetime(2026, 11, 26, 12, 0, tzinfo=UTC)):
        make_reminder(owner, paused_until=date(2026, 12, 5))
        client.post(
            "/reminders/", {"enabled": "on", "time_of_day": "19:00", "days": ["0", "3"], "pause_days": "keep"}
        )
        reminder = Reminder.objects.get(user=owner)
        assert reminder.paused_until == date(2026, 12, 5) and reminder.time_of_day == time(19, 0)
        assert reminder.due_date == date(2026, 12, 7)
    with time_machine.travel(datetime(2026, 12, 6, 12, 0, tzinfo=UTC)):  # a form shown before the pause ended
        response = client.post(
            "/reminders/", {"enabled": "on", "time_of_day": "19:30", "days": ["0"], "pause_days": "keep"}
        )
        assert response.status_code == 302
        assert Reminder.objects.get(user=owner).time_of_day == time(19, 30)


def test_ical_js_leaves_out_the_paused_days(client, owner):
    with time_machine.travel(datetime(2026, 3, 20, 12, tzinfo=UTC)):
        reminder = make_reminder(owner, paused_until=date(2026, 3, 31))
        feed = client.get(f"/reminders/calendar/{reminder.calendar_token}.ics").content

    days = [datetime.fromtimestamp(o["unix"], LONDON).date() for o in ical_js_occurrences(feed, 3)]

    assert days == [date(2026, 4, 1), date(2026, 4, 2), date(2026, 4, 3)]


# ---- Reminder emails as mail providers read them ----


def test_list_unsubscribe_goes_out_unencoded_on_the_wire(owner):
    import email.policy

    with time_machine.travel(datetime(2026, 11, 26, 6, 0, tzinfo=UTC)):
        make_reminder(owner)
    with time_machine.travel(datetime(2026, 11, 26, 7, 31, tzinfo=UTC)):
        send_pass()
    [sent] = mail.outbox

    for policy in (email.policy.default, email.policy.SMTP):
        wire = sent.message(policy=policy).as_bytes()
        assert b"=?utf-8?" not in wire.split(b"\r\n\r\n" if b"\r\n\r\n" in wire else b"\n\n", 1)[0]
        parsed = message_from_bytes(wire, policy=email.policy.default)
        unsubscribe = parsed["List-Unsubscribe"]
        assert unsubscribe.startswith(
            f"<{settings.SITE_URL}/reminders/unsubscribe/"
        ) and unsubscribe.endswith("/>")
        assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        path = unsubscribe[1:-1].removeprefix(settings.SITE_URL)
        assert Client().post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not Reminder.objects.get(user=owner).email_enabled
