"""Sending what is due: one pass finds and claims due reminders in a single conditional UPDATE,
then delivers them.

Claiming moves each due row's next_due a lease into the future and stamps it with this pass's
token, in one statement that only touches rows still due; a second worker running the same
statement at the same moment finds nothing left to claim.

A claim can run out while its worker is still busy (a push service that hangs, a worker that
stops), and another worker may then claim the same reminder. So each message is reserved before
it goes out: a Delivery row per person, local day and channel, unique in the database. Whoever
writes it sends; anyone else finds it taken and sends nothing. Every send is bounded (SEND_TIMEOUT
to connect and as long for an answer, the whole pass by PASS_DEADLINE, both well inside the
lease), and sends go out side by side, so one slow service delays nobody else for long.
"""

import logging
import secrets
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from spasmcare.core.languages import account_language
from spasmcare.history.models import CompletedSession
from spasmcare.recovery.suggestions import todays_suggestion

from . import emails, push
from .models import Delivery, PushSubscription, Reminder

log = logging.getLogger("spasmcare.reminders")

LEASE = timedelta(minutes=10)
RETRY_AFTER = timedelta(minutes=10)
MAX_ATTEMPTS = 6
BATCH = 200
# How long a reservation keeps other workers off a message while its worker may still be sending
# it. Far longer than any send may take; a reservation left by a worker that died is taken over
# once it has run out, so that message still goes out that day.
RESERVATION = timedelta(hours=1)
# One push service's time to connect, and again to answer (seconds); mail has its own timeout
# (settings.MAILERS).
SEND_TIMEOUT = 10
SEND_THREADS = 8
# A pass hands out no new send after this; what is left is released for the next pass.
PASS_DEADLINE = timedelta(minutes=3)


@dataclass
class PassResult:
    claimed: int = 0
    sent: int = 0
    skipped: dict = field(default_factory=dict)
    failed: int = 0

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


@dataclass
class Send:
    """One message on one channel, reserved by this pass."""

    reminder: Reminder
    channel: str
    reservation: Delivery
    subscription: PushSubscription | None = None
    answer: object = None  # what the channel's sender returned
    outcome: str = "failed"  # "sent", "gone", "unanswered", "failed" or "not sent"


def claim_due(now, token: str, batch: int = BATCH) -> int:
    """Claim up to `batch` due reminders for this pass: one indexed UPDATE, no per-person query."""
    due = Reminder.objects.due(now).order_by("next_due").values("pk")[:batch]
    return (
        Reminder.objects.filter(pk__in=Subquery(due)).due(now).update(next_due=now + LEASE, claimed_by=token)
    )


def reminder_message(user) -> dict:
    """Today's reminder for `user`, in their account's language (title, body, the routine's
    name and the address it opens): {"title", "body", "url" (a path), and "routine", "tag" when
    there is a routine to suggest}."""
    with translation.override(account_language(user)):
        suggestion = todays_suggestion(user)
        if suggestion is None:
            return {
                "title": _("Time for your back routine"),
                "body": _("A few gentle minutes for your back."),
                "url": reverse("routines"),
            }
        routine = suggestion.routine
        return {
            "title": _("Today: %(routine)s") % {"routine": routine.name},
            "body": _("%(duration)s, whenever suits you. %(reason)s")
            % {"duration": routine.duration_label, "reason": suggestion.reason},
            "url": routine.get_play_url(),
            "routine": str(routine.name),
            "tag": "daily-reminder",
        }


def reserve(user, day, channel: str, now) -> Delivery | None:
    """This pass's reservation of one message, or None when it is sent or being sent already."""
    try:
        with transaction.atomic():
            return Delivery.objects.create(
                user=user, day=day, channel=channel, reserved_until=now + RESERVATION
            )
    except IntegrityError:
        pass
    # Taken over only from a worker that stopped: unsent, and its reservation run out.
    taken = Delivery.objects.filter(
        user=user, day=day, channel=channel, sent_at__isnull=True, reserved_until__lte=now
    ).update(reserved_until=now + RESERVATION)
    return Delivery.objects.get(user=user, day=day, channel=channel) if taken else None


def send_pass(now=None, batch: int = BATCH) -> PassResult:
    now = now or timezone.now()
    token = secrets.token_hex(8)
    result = PassResult(claimed=claim_due(now, token, batch))
    if not result.claimed:
        return result
    reminders = list(Reminder.objects.filter(claimed_by=token).select_related("user"))
    user_ids = [r.user_id for r in reminders]
    days = {r.due_date for r in reminders}
    exercised = set(
        CompletedSession.objects.filter(user_id__in=user_ids, local_date__in=days).values_list(
            "user_id", "local_date"
        )
    )
    devices: dict[int, list[PushSubscription]] = {}
    for sub in PushSubscription.objects.active().filter(user_id__in=user_ids):
        devices.setdefault(sub.user_id, []).append(sub)

    sends: list[Send] = []
    messages: dict[int, dict] = {}
    waiting: set[int] = set()  # reminders with a message another worker is sending
    for reminder in reminders:
        reserved: list[Send] = []
        try:
            planned = plan(reminder, now, exercised, devices.get(reminder.user_id, []), result)
            if planned is None:
                continue
            message = reminder_message(reminder.user)
            for channel, subscription in planned:
                reservation = reserve(reminder.user, reminder.due_date, channel, now)
                if reservation is not None:
                    reserved.append(Send(reminder, channel, reservation, subscription))
                elif not Delivery.objects.filter(
                    user=reminder.user, day=reminder.due_date, channel=channel, sent_at__isnull=False
                ).exists():
                    waiting.add(reminder.pk)
        except Exception:
            # Whatever goes wrong for one person must not stop everyone after them: theirs is
            # retried like a failed send, the rest of the batch goes on.
            log.exception("Reminder for user %s failed", reminder.user_id)
            Delivery.objects.filter(pk__in=[s.reservation.pk for s in reserved]).delete()
            retry_later(reminder, now, result)
            continue
        messages[reminder.pk] = message
        sends.extend(reserved)

    send_all(sends, messages)
    record(sends, now, result)
    failed = {s.reminder.pk for s in sends if s.outcome in ("failed", "not sent")}
    for reminder in reminders:
        if reminder.pk not in messages:
            continue  # skipped or broken: already rescheduled by plan() or retry_later()
        if reminder.pk in failed:
            # Try the channels that failed again later today; the ones that worked are recorded.
            retry_later(reminder, now, result)
        elif reminder.pk in waiting:
            # Another worker is still sending on one of its channels; look again later.
            reminder.next_due, reminder.claimed_by = now + RETRY_AFTER, ""
        else:
            reminder.schedule_after(reminder.due_date)
    # Only rows this pass still holds: a worker whose claim ran out and was taken over by
    # another leaves the row to that one.
    Reminder.objects.filter(claimed_by=token).bulk_update(
        reminders, ["next_due", "due_date", "claimed_by", "attempts"]
    )
    return result


def plan(reminder, now, exercised, subscriptions, result: PassResult) -> list | None:
    """The channels to send `reminder` on as (channel, subscription or None), or None (and the
    reminder rescheduled) when nothing is to be sent today."""
    day = reminder.due_date
    user = reminder.user
    today = now.astimezone(user.tz).date()
    if day < today:
        # A day that ended while no worker ran (or while retrying): after an outage a person
        # gets at most today's reminder, never a reminder for each day missed.
        result.skip("missed")
        reminder.schedule_after(today - timedelta(days=1))
        return None
    reason = None
    if reminder.is_paused_on(day):
        reason = "paused"
    elif (user.pk, day) in exercised:
        reason = "already exercised"
    elif not subscriptions and not reminder.email_enabled:
        reason = "no channel"
    if reason:
        result.skip(reason)
        reminder.schedule_after(day)
        return None
    targets = [(f"push:{s.pk}", s) for s in subscriptions]
    if reminder.email_enabled:
        targets.append(("email", None))
    return targets


def send_all(sends: list[Send], messages: dict[int, dict]) -> None:
    """Hand every reserved message over, side by side; sets each Send's outcome (push's answer
    is kept for record()). Touches no database: the threads share no connection."""

    def send(item: Send):
        message = messages[item.reminder.pk]
        if item.subscription is not None:
            return push.deliver(item.subscription, message, 12 * 3600, SEND_TIMEOUT)
        return emails.send_reminder(item.reminder.user, message)

    if not sends:
        return
    pool = ThreadPoolExecutor(max_workers=min(SEND_THREADS, len(sends)))
    futures = {pool.submit(send, item): item for item in sends}
    done, late = wait(futures, timeout=PASS_DEADLINE.total_seconds())
    pool.shutdown(wait=False, cancel_futures=True)
    for future, item in futures.items():
        if future in done:
            item.answer = future.result()  # neither sender raises
        elif future.cancelled():
            item.outcome = "not sent"
        else:  # still going: it may yet be delivered, so it stays reserved
            item.outcome = "unanswered"


def record(sends: list[Send], now, result: PassResult) -> None:
    for item in sends:
        if item.answer is not None:
            if item.subscription is not None:
                item.outcome = push.record_outcome(item.subscription, item.answer)
            else:
                item.outcome = "sent" if item.answer else "failed"
        rows = Delivery.objects.filter(pk=item.reservation.pk)
        if item.outcome in ("sent", "unanswered"):
            rows.update(sent_at=now, reserved_until=None)
            result.sent += item.outcome == "sent"
        else:
            # Certainly not delivered (refused, unreachable, or never started): free to try again.
            rows.delete()


def retry_later(reminder, now, result: PassResult) -> None:
    result.failed += 1
    if reminder.attempts + 1 < MAX_ATTEMPTS:
        reminder.attempts += 1
        reminder.next_due = now + RETRY_AFTER * reminder.attempts
        reminder.claimed_by = ""
    else:
        log.error(
            "Giving up on %s's reminder for %s after %s attempts",
            reminder.user_id,
            reminder.due_date,
            MAX_ATTEMPTS,
        )
        reminder.schedule(now)
