import secrets
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.dates import WEEKDAYS

# Monday first, as datetime.weekday() counts; Django's own words, in the active language.
WEEKDAY_NAMES = [WEEKDAYS[day] for day in range(7)]
ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


def next_due_moment(
    after_local: datetime, at: time, weekdays: set[int], paused_until: date | None
) -> tuple[datetime, date] | None:
    """The first moment strictly after `after_local` (aware, in the person's zone) that falls
    on one of `weekdays` at local time `at`, outside the pause. Returns (moment in UTC, local
    date), or None when no weekday is chosen.

    Wall-clock arithmetic: the reminder is at 07:30 local on every chosen day, whatever the
    UTC offset that day (daylight saving). A time that does not exist on the spring-forward
    day is sent at the same offset as before the change (an hour later by the clock).
    """
    if not weekdays:
        return None
    tz = after_local.tzinfo
    day = after_local.date()
    for _ in range(8 + 366):
        if day.weekday() in weekdays and (paused_until is None or day > paused_until):
            moment = datetime.combine(day, at, tzinfo=tz)
            if moment > after_local:
                return moment.astimezone(UTC), day
        day += timedelta(days=1)
    return None


class ReminderQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(enabled=True, next_due__lte=now)


class Reminder(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder")
    enabled = models.BooleanField(default=False)
    time_of_day = models.TimeField(default=time(18, 0))
    weekdays = models.CharField(max_length=7, default="0123456", help_text="Monday is 0.")
    paused_until = models.DateField(
        null=True, blank=True, help_text="No reminders up to and including this day."
    )
    email_enabled = models.BooleanField(default=False)
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    # The next moment a reminder is due (UTC), and the person's local day it belongs to. The
    # sender claims due rows by moving next_due forward in one conditional UPDATE, so each
    # reminder goes to exactly one worker.
    next_due = models.DateTimeField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    claimed_by = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    updated = models.DateTimeField(auto_now=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["next_due"], name="reminder_due", condition=Q(enabled=True)),
        ]

    def __str__(self):
        return f"Reminder for {self.user}"

    @property
    def weekday_set(self) -> set[int]:
        return {int(d) for d in self.weekdays if d.isdigit()}

    @property
    def weekday_names(self) -> list[str]:
        return [WEEKDAY_NAMES[d] for d in sorted(self.weekday_set)]

    def is_paused_on(self, day: date) -> bool:
        return self.paused_until is not None and day <= self.paused_until

    def schedule(self, now=None) -> None:
        """Set next_due from the settings; call after any change, then save."""
        now = now or timezone.now()
        found = None
        if self.enabled:
            found = next_due_moment(
                now.astimezone(self.user.tz), self.time_of_day, self.weekday_set, self.paused_until
            )
        self.next_due, self.due_date = found if found else (None, None)
        self.attempts = 0
        self.claimed_by = ""

    def schedule_after(self, day: date) -> None:
        """Move on to the first reminder after the local day `day`."""
        end_of_day = datetime.combine(day, time(23, 59, 59), tzinfo=self.user.tz)
        found = next_due_moment(end_of_day, self.time_of_day, self.weekday_set, self.paused_until)
        self.next_due, self.due_date = found if found else (None, None)
        self.attempts = 0
        self.claimed_by = ""


def reschedule_after_zone_change(sender, instance, update_fields=None, **kwargs) -> None:
    """post_save receiver for the user: a reminder set for 23:30 stays at 23:30 in the zone the
    person moved to (its next_due, a UTC moment, is worked out again). A message already sent
    for a local day is never sent again that day (Delivery)."""
    if update_fields is not None and "timezone" not in update_fields:
        return
    reminder = Reminder.objects.filter(user=instance, enabled=True).first()
    if reminder is None:
        return
    reminder.user = instance
    due_before = reminder.next_due
    reminder.schedule()
    if reminder.next_due != due_before:
        reminder.save(update_fields=["next_due", "due_date", "attempts", "claimed_by", "updated"])


# Six failed sends in a row is a full day of the sender's retries.
UNREACHABLE_AFTER_FAILURES = 6
# At most this many devices per person: every reminder, and "Send me a test now", reaches each.
MAX_DEVICES = 5


class PushSubscriptionQuerySet(models.QuerySet):
    def active(self):
        """Devices to send to: not ended by their push service."""
        return self.filter(stopped_at__isnull=True)


class PushSubscription(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    label = models.CharField(
        max_length=120, blank=True, help_text="Which device, as the browser describes itself."
    )
    created = models.DateTimeField(auto_now_add=True)
    last_success = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveSmallIntegerField(default=0)
    # When the push service said this subscription has ended (the browser dropped or replaced
    # it). Kept, not deleted, so the reminders page can tell the person which device stopped.
    stopped_at = models.DateTimeField(null=True, blank=True)

    objects = PushSubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["created"]

    def __str__(self):
        return self.label or self.endpoint[:60]

    @property
    def stopped_working(self) -> bool:
        """Ended, or unreachable through a whole day of retries (see sender.MAX_ATTEMPTS)."""
        return self.stopped_at is not None or self.failures >= UNREACHABLE_AFTER_FAILURES

    def as_subscription_info(self) -> dict:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class Delivery(models.Model):
    """One reminder on one channel ("email", or "push:<subscription id>") for one local day:
    never twice. The row is written before the message goes out (a reservation, `sent_at`
    empty, good until `reserved_until`), so a second worker finds it taken and sends nothing;
    the sender fills `sent_at` once the message is handed over, and deletes the reservation
    when it is certain nothing went out, so a later attempt may send it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    channel = models.CharField(max_length=32)
    sent_at = models.DateTimeField(null=True, blank=True)
    reserved_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "day", "channel"], name="one_delivery_per_day_and_channel"
            )
        ]

    def __str__(self):
        return f"{self.channel} on {self.day}"
