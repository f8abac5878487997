import uuid

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from exercises.models import Routine

# How many of the newest rated sessions recent_pain reads: enough for the "time to see a doctor"
# card (safety.rules.persistent_pain, two weeks) and the history page's pain chart.
RECENT_PAIN_SESSIONS = 60


class CompletedSessionQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def between(self, first_day, last_day):
        return self.filter(local_date__gte=first_day, local_date__lte=last_day)

    def with_pain(self):
        return self.exclude(pain_before=None, pain_after=None)

    def with_latest_pain(self):
        """Each session's latest pain rating as `latest_pain` (0–10, or None if it has none): the
        rating after the routine when given, else the one before. The one definition of it."""
        return self.annotate(latest_pain=Coalesce("pain_after", "pain_before"))


class CompletedSession(models.Model):
    class Feeling(models.TextChoices):
        TOO_EASY = "too_easy", _("Too easy")
        ABOUT_RIGHT = "about_right", _("About right")
        TOO_HARD = "too_hard", _("Too hard")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="completed_sessions"
    )
    # Made in the browser before the first attempt to save, so retries, double taps and saves
    # queued offline all land on the same row.
    key = models.UUIDField(default=uuid.uuid4)
    routine = models.ForeignKey(
        "exercises.Routine", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    routine_name = models.CharField(max_length=100)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()
    # The day in the person's own time zone when they started; every "day" the app counts.
    local_date = models.DateField()
    active_seconds = models.PositiveIntegerField(default=0)
    steps_done = models.PositiveSmallIntegerField(default=0)
    steps_total = models.PositiveSmallIntegerField(default=0)
    pain_before = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_after = models.PositiveSmallIntegerField(null=True, blank=True)
    feeling = models.CharField(max_length=12, choices=Feeling.choices, blank=True)
    note = models.TextField(blank=True, max_length=2000)
    # What happened during the routine: "this hurts" ratings, swaps to easier variants, stops.
    events = models.JSONField(default=list, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = CompletedSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_session_per_key"),
            models.CheckConstraint(
                condition=Q(pain_before__isnull=True) | Q(pain_before__lte=10), name="pain_before_0_10"
            ),
            models.CheckConstraint(
                condition=Q(pain_after__isnull=True) | Q(pain_after__lte=10), name="pain_after_0_10"
            ),
            models.CheckConstraint(
                condition=Q(steps_done__lte=models.F("steps_total")), name="steps_done_le_total"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__gte=models.F("started_at")), name="ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["user", "local_date"]),
            models.Index(fields=["user", "-started_at", "-id"]),
            models.Index(fields=["user", "updated"]),
        ]

    def __str__(self):
        return f"{self.routine_name} on {self.local_date}"

    @property
    def minutes(self) -> int:
        return max(1, round(self.active_seconds / 60)) if self.active_seconds else 0


def owner_tag(user) -> str:
    """Whose a session queued on a phone is: a stable, opaque tag of the account (20 hex
    characters, revealing neither its id nor its email). Signed-in pages carry it, the player
    writes it into every session it queues, and the phone only ever sends a queued session
    while that same account is signed in; the server refuses it for anyone else."""
    return salted_hmac("spasmcare.history.owner_tag", str(user.pk), algorithm="sha256").hexdigest()[:20]


def is_owner_tag(user, tag) -> bool:
    return isinstance(tag, str) and constant_time_compare(tag, owner_tag(user))


def record_session(user, data: dict) -> tuple[CompletedSession, bool]:
    """Save a finished routine exactly once per browser-made key.

    A repeat of the same key (a retry, a double tap, an offline queue sent late) returns the
    existing row; what the person adds on the finish screen afterwards (pain after, feeling,
    note) updates it, as it is entered: a note may be emptied again (a note of None leaves it
    as it is). Returns (session, created).
    """
    details = {k: data[k] for k in ("pain_after", "feeling") if data.get(k) not in (None, "")}
    if data.get("note") is not None:
        details["note"] = data["note"]
    # Keys and slugs are unique, so neither lookup needs an order; and a repeat needs only the
    # row's id, to answer with, and the details it may change.
    saved = (
        CompletedSession.objects.filter(user=user, key=data["key"])
        .only("key", "pain_after", "feeling", "note")
        .order_by()
    )
    existing = saved.first()
    if existing is None:
        routine = (
            Routine.objects.playable_by(user)
            .filter(slug=data.get("routine") or "")
            .values_list("pk", "name")
            .order_by()
            .first()
        )
        if routine is None:
            # Someone else's routine, played from its share link: kept under its name only.
            shared = (
                Routine.objects.filter(owner__isnull=False, slug=data.get("routine") or "")
                .exclude(share_token="")
                .values_list("name", flat=True)
                .first()
            )
            routine = (None, shared) if shared else None
        routine_id, routine_name = routine or (None, "A routine")
        started_at = data["started_at"]
        fields = {
            "routine_id": routine_id,
            "routine_name": routine_name,
            "started_at": started_at,
            "ended_at": data["ended_at"],
            "local_date": started_at.astimezone(user.tz).date(),
            "active_seconds": data.get("active_seconds")
            or int((data["ended_at"] - started_at).total_seconds()),
            "steps_done": data["steps_done"],
            "steps_total": data["steps_total"],
            "pain_before": data.get("pain_before"),
            "events": data.get("events") or [],
            **details,
        }
        try:
            with transaction.atomic():
                return CompletedSession.objects.create(user=user, key=data["key"], **fields), True
        except IntegrityError:
            # Only a duplicate key means "already saved"; any other broken constraint is a bug.
            existing = saved.first()
            if existing is None:
                raise
    changed = {field: value for field, value in details.items() if getattr(existing, field) != value}
    if changed:
        for field, value in changed.items():
            setattr(existing, field, value)
        existing.save(update_fields=[*changed, "updated"])
    return existing, False


def last_logged_pain(user) -> int | None:
    """The latest pain rating (0–10) of the person's newest rated session, or None."""
    return (
        CompletedSession.objects.for_user(user)
        .with_pain()
        .with_latest_pain()
        .values_list("latest_pain", flat=True)
        .first()
    )


def recent_pain(user) -> list[dict]:
    """The newest rated sessions, newest first, each {local_date, pain_before, pain_after,
    latest_pain}: as many as the "time to see a doctor" card may need, and the history page's
    pain chart takes the newest of them too. One query, whatever the history's length."""
    return list(
        CompletedSession.objects.for_user(user)
        .with_pain()
        .with_latest_pain()
        .values("local_date", "pain_before", "pain_after", "latest_pain")[:RECENT_PAIN_SESSIONS]
    )
