"""The private iCalendar feed: one recurring event at the chosen local time and weekdays, with
an alarm, in the person's own time zone and their account's language (its text, and the page
it links to). Calendar apps keep it in step with the settings,
fetching it again every few hours (REFRESH_EVERY; many apps choose their own interval)."""

from datetime import date, datetime, timedelta
from urllib.parse import quote, urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Alarm, Calendar, Event, vDuration

from spasmcare.core.languages import account_language

from .models import ICAL_DAYS
from .timezones import vtimezone

EVENT_MINUTES = 15
REFRESH_EVERY = timedelta(hours=6)


def feed(reminder) -> bytes:
    """The feed for `reminder`'s person, as iCalendar bytes, in their account's language."""
    language = account_language(reminder.user)
    with translation.override(language):
        return _feed(reminder, language)


def _feed(reminder, language: str) -> bytes:
    user = reminder.user
    text = {"LANGUAGE": language}  # RFC 5545's language of a text property
    cal = Calendar()
    cal.add("prodid", "-//SpasmCare//Daily reminder//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", str(CALENDAR_NAME))
    cal.add("x-wr-timezone", user.timezone)
    # How often to fetch the feed again: RFC 7986's property, and the older one Outlook and
    # others read.
    cal.add("refresh-interval", REFRESH_EVERY, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH_EVERY))
    weekdays = sorted(reminder.weekday_set)
    if reminder.enabled and weekdays:
        today = user.local_today()
        start_day = today
        while start_day.weekday() not in weekdays:
            start_day += timedelta(days=1)
        start = datetime.combine(start_day, reminder.time_of_day, tzinfo=user.tz)
        event = Event()
        event.add("uid", f"reminder-{user.pk}-{reminder.calendar_token[:8]}@spasmcare")
        today_url = settings.SITE_URL + reverse("today")
        event.add("summary", _("SpasmCare: a few gentle minutes for your back"), parameters=text)
        event.add(
            "description", _("Open today's suggested routine: %(url)s") % {"url": today_url}, parameters=text
        )
        event.add("url", today_url)
        event.add("dtstamp", reminder.updated)
        event.add("dtstart", start)
        event.add("duration", timedelta(minutes=EVENT_MINUTES))
        event.add("rrule", {"freq": "weekly", "byday": [ICAL_DAYS[d] for d in weekdays]})
        if reminder.paused_until and reminder.paused_until >= today:
            paused = [
                datetime.combine(day, reminder.time_of_day, tzinfo=user.tz)
                for day in _days(today, reminder.paused_until)
                if day.weekday() in weekdays and day >= start_day
            ]
            if paused:
                event.add("exdate", paused)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _("Time for your back routine"), parameters=text)
        alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
        if "TZID" in event["DTSTART"].params:  # not for UTC, written as 07:30Z
            # Written out rather than with add_missing_timezones(): see timezones.py.
            cal.add_component(vtimezone(event["DTSTART"].params["TZID"], today))
        cal.add_component(event)
    return cal.to_ical()


CALENDAR_NAME = gettext_lazy("SpasmCare reminders")


def subscribe_links(feed_url: str) -> list[dict]:
    """The ways people add a subscribed calendar, for the reminders page: a webcal:// link
    opens Apple Calendar (iPhone, Mac) and most desktop apps; Android phones use Google Calendar
    and Outlook's own apps, which take the feed through their web pages. Each is a plain link
    the person follows; the page itself loads nothing from them."""
    webcal = "webcal://" + feed_url.split("://", 1)[1]
    return [
        {
            "label": "Google Calendar",
            "hint": _("Android phones, and Google Calendar anywhere"),
            "url": "https://calendar.google.com/calendar/render?" + urlencode({"cid": webcal}),
        },
        {"label": "Apple Calendar", "hint": _("iPhone, iPad and Mac"), "url": webcal},
        {
            "label": "Outlook",
            "hint": _("Outlook.com and the Outlook app"),
            "url": "https://outlook.live.com/calendar/0/addfromweb?"
            + urlencode({"url": feed_url, "name": str(CALENDAR_NAME)}, quote_via=quote),
        },
    ]


def _days(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
