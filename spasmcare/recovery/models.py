"""What a person keeps to answer "is my back getting better?": the activities they follow
(Patient-Specific Functional Scale), a weekly check-in, flare-ups, and a plan to keep the next
one away. Every "day" is the person's own calendar day, as in the history."""

import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ActivityQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def followed(self):
        return self.filter(stopped_on__isnull=True)


class Activity(models.Model):
    """One activity the person finds hard because of their back ("putting on socks"), rated at
    each check-in. Stopping it keeps its ratings; the history shows the ones still followed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=80)
    created = models.DateTimeField(auto_now_add=True)
    stopped_on = models.DateField(null=True, blank=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["created", "id"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["user", "created"])]

    def __str__(self):
        return self.name


class CheckInQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def answered(self):
        return self.filter(skipped=False)


class CheckIn(models.Model):
    """The weekly check-in: average pain over the last 7 days (0–10, optional) and a rating of
    each activity. At most one a day; answering again the same day changes it. A row with
    `skipped` is "not this week", kept only so the question waits a week."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    local_date = models.DateField()
    pain = models.PositiveSmallIntegerField(null=True, blank=True)
    skipped = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["local_date"]
        constraints = [
            models.UniqueConstraint(fields=["user", "local_date"], name="one_check_in_a_day"),
            models.CheckConstraint(
                condition=Q(pain__isnull=True) | Q(pain__lte=10), name="check_in_pain_0_10"
            ),
        ]

    def __str__(self):
        return f"Check-in on {self.local_date}"


class ActivityRating(models.Model):
    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="ratings")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="ratings")
    score = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["check_in", "activity"], name="one_rating_per_activity"),
            models.CheckConstraint(condition=Q(score__lte=10), name="activity_score_0_10"),
        ]

    def __str__(self):
        return f"{self.activity}: {self.score}"


def record_check_in(user, day, pain: int | None, scores: dict[Activity, int]) -> CheckIn:
    """The person's check-in on `day` (their own day) with these answers (0–10 each; `pain`
    None leaves it as it was): one row a day, answering again the same day changes it."""
    with transaction.atomic():
        check_in, _ = CheckIn.objects.get_or_create(user=user, local_date=day)
        check_in.skipped = False
        if pain is not None:
            check_in.pain = pain
        check_in.save()
        for activity, score in scores.items():
            ActivityRating.objects.update_or_create(
                check_in=check_in, activity=activity, defaults={"score": score}
            )
    return check_in


def follow(user, day, rated: list[tuple[str, int]], pain: int | None = None) -> list[Activity]:
    """Start following activities, each with how well the person can do it on `day` (0–10),
    rated in that day's check-in."""
    with transaction.atomic():
        made = Activity.objects.bulk_create(Activity(user=user, name=name) for name, _ in rated)
        record_check_in(user, day, pain, {a: score for a, (_, score) in zip(made, rated, strict=True)})
    return made


class FlareUpQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class FlareUp(models.Model):
    """A spasm coming back: when it started, what set it off, what helped and when it settled
    (None while it hasn't). `key` is made in the browser, so a flare-up kept on the phone and
    sent again (a retry, after signing up) is saved once."""

    class Trigger(models.TextChoices):
        LIFTING = "lifting", _("Lifting")
        BENDING_TWISTING = "twisting", _("Bending or twisting")
        SLEEPING = "sleeping", _("Sleeping awkwardly")
        SITTING = "sitting", _("Sitting for a long time")
        STRESS = "stress", _("Stress")
        NOTHING_CLEAR = "nothing_clear", _("Nothing clear")

    class Help(models.TextChoices):
        HEAT = "heat", _("Heat")
        WALKING = "walking", _("Walking")
        RELIEF_ROUTINE = "relief_routine", _("The relief routine")
        REST_POSITIONS = "rest_positions", _("Rest positions")
        PAIN_RELIEF = "pain_relief", _("Pain relief medicine")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.UUIDField(default=uuid.uuid4)
    started_on = models.DateField()
    settled_on = models.DateField(null=True, blank=True)
    # Lists of Trigger and Help values, checked by the form (FlareUpForm).
    triggers = models.JSONField(default=list, blank=True)
    helped = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True, max_length=500)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = FlareUpQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_flare_up_per_key"),
            models.CheckConstraint(
                condition=Q(settled_on__isnull=True) | Q(settled_on__gte=F("started_on")),
                name="flare_up_settles_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["user", "-started_on", "-id"])]

    def __str__(self):
        return f"Flare-up from {self.started_on}"

    @property
    def settled(self) -> bool:
        return self.settled_on is not None

    @property
    def days(self) -> int | None:
        """Days from the first to the day it settled, counting both (None while it hasn't)."""
        return (self.settled_on - self.started_on).days + 1 if self.settled_on else None

    def trigger_labels(self) -> list[str]:
        return [self.Trigger(t).label for t in self.triggers if t in self.Trigger.values]

    def help_labels(self) -> list[str]:
        return [self.Help(h).label for h in self.helped if h in self.Help.values]


class PlanQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def running(self):
        return self.filter(stopped_at__isnull=True)


class Plan(models.Model):
    """A plan to keep the next flare-up away, from `started_on` (the person's day) until
    stopped. Which step it is at is worked out from what happened since (plan.PlanState), so
    nothing here changes as the weeks pass. When it drives the reminders, `reminder_before`
    holds the reminder's own days and on/off, given back when the plan stops."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    started_on = models.DateField()
    started_at = models.DateTimeField(auto_now_add=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    flare_up = models.ForeignKey(FlareUp, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    drives_reminders = models.BooleanField(default=False)
    reminder_before = models.JSONField(null=True, blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(stopped_at__isnull=True), name="one_running_plan"
            )
        ]

    def __str__(self):
        return f"Plan from {self.started_on}"
