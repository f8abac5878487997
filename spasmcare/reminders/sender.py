"""Sending what is due: one pass finds and claims due reminders in a single conditional UPDATE,
then delivers them.

Claiming moves each due row's next_due a lease into the future and stamps it with this pass's
token, in one statement that only touches rows still due; a second worker running the same
statement at the same moment finds nothing left to claim. Deliveries are recorded per person,
local day and channel (unique in the database), so a retry after a failure, or after a worker
died mid-pass, never sends the same reminder on the same channel twice.
"""

import contextlib
import logging
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError
from django.db.models import Subquery
from django.utils import timezone

from spasmcare.history.models import CompletedSession
from spasmcare.history.suggestions import todays_suggestion

from . import emails, push
from .models import Delivery, PushSubscription, Reminder

log = logging.getLogger("spasmcare.reminders")

LEASE = timedelta(minutes=10)
RETRY_AFTER = timedelta(minutes=10)
MAX_ATTEMPTS = 6
BATCH = 200


@dataclass
class PassResult:
    claimed: int = 0
    sent: int = 0
    skipped: dict = field(default_factory=dict)
    failed: int = 0

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


def claim_due(now, token: str, batch: int = BATCH) -> int:
    """Claim up to `batch` due reminders for this pass: one indexed UPDATE, no per-person query."""
    due = Reminder.objects.due(now).order_by("next_due").values("pk")[:batch]
    return (
        Reminder.objects.filter(pk__in=Subquery(due)).due(now).update(next_due=now + LEASE, claimed_by=token)
    )


def reminder_message(user) -> dict:
    suggestion = todays_suggestion(user)
    if suggestion is None:
        return {
            "title": "Time for your back routine",
            "body": "A few gentle minutes for your back.",
            "url": "/routines/",
        }
    routine = suggestion.routine
    return {
        "title": f"Today: {routine.name}",
        "body": f"{routine.duration_label}, whenever suits you. {suggestion.reason}",
        "url": routine.get_play_url(),
        "routine": routine.name,
        "tag": "daily-reminder",
    }


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
    already = set(
        Delivery.objects.filter(user_id__in=user_ids, day__in=days).values_list("user_id", "day", "channel")
    )
    devices: dict[int, list[PushSubscription]] = {}
    for sub in PushSubscription.objects.active().filter(user_id__in=user_ids):
        devices.setdefault(sub.user_id, []).append(sub)

    for reminder in reminders:
        try:
            deliver(reminder, now, exercised, already, devices.get(reminder.user_id, []), result)
        except Exception:
            # Whatever goes wrong for one person must not stop everyone after them: theirs is
            # retried like a failed send, the rest of the batch goes on.
            log.exception("Reminder for user %s failed", reminder.user_id)
            retry_later(reminder, now, result)
    Reminder.objects.bulk_update(reminders, ["next_due", "due_date", "claimed_by", "attempts"])
    return result


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


def deliver(reminder, now, exercised, already, subscriptions, result: PassResult) -> None:
    day = reminder.due_date
    user = reminder.user
    today = now.astimezone(user.tz).date()
    if day < today:
        # A day that ended while no worker ran (or while retrying): after an outage a person
        # gets at most today's reminder, never a reminder for each day missed.
        result.skip("missed")
        reminder.schedule_after(today - timedelta(days=1))
        return
    if reminder.is_paused_on(day):
        result.skip("paused")
    elif (user.pk, day) in exercised:
        result.skip("already exercised")
    elif not subscriptions and not reminder.email_enabled:
        result.skip("no channel")
    else:
        message = reminder_message(user)
        failed = False
        targets = [(f"push:{s.pk}", s) for s in subscriptions]
        if reminder.email_enabled:
            targets.append(("email", None))
        for channel, subscription in targets:
            if (user.pk, day, channel) in already:
                continue
            try:
                if subscription is not None:
                    outcome = push.send_push(subscription, message)
                    if outcome == "gone":
                        continue
                    ok = outcome == "sent"
                else:
                    ok = emails.send_reminder(user, message)
            except Exception:  # one device or mailbox failing never stops the others
                log.exception("Reminder on %s for user %s failed", channel.split(":")[0], user.pk)
                ok = False
            if ok:
                with contextlib.suppress(IntegrityError):
                    Delivery.objects.create(user=user, day=day, channel=channel, sent_at=now)
                result.sent += 1
            else:
                failed = True
        if failed:
            # Try the channels that failed again later today; the ones that worked are recorded.
            retry_later(reminder, now, result)
            return
    reminder.schedule_after(day)
