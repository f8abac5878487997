from django.db import models
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.templatetags.static import static
from django.urls import reverse

# What the player adds around the work itself; the duration shown on a routine is what the
# player really takes, so both use these numbers.
GET_READY_SECONDS = 3
SWITCH_SIDES_SECONDS = 5
DEFAULT_REST_SECONDS = 15


def format_dose(timed: bool, hold: int | None, reps: int | None, per_side: bool) -> str:
    if not timed:
        text = f"{reps} times"
    elif hold >= 120 and hold % 60 == 0:
        text = f"{hold // 60} minutes"
    else:
        text = f"{hold} seconds"
    return text + (" on each side" if per_side else "")


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class PublishedContent(models.Model):
    """What every piece of content an editor publishes has: exercises, routines, articles."""

    is_published = models.BooleanField("published", default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True


class ContentRevision(models.Model):
    """One row: when published content last changed, so cached pages know when to be rendered
    again (exercises/caching.py)."""

    changed = models.DateTimeField()

    def __str__(self):
        return f"Content changed at {self.changed:%Y-%m-%d %H:%M:%S}"


class BodyArea(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class ExerciseQuerySet(PublishedQuerySet):
    def for_cards(self):
        return self.prefetch_related("body_areas")

    def matching(self, *, q="", kind="", area="", position="", difficulty="", equipment=""):
        qs = self
        if q:
            qs = qs.filter(Q(name__icontains=q) | Q(purpose__icontains=q))
        if kind:
            qs = qs.filter(kind=kind)
        if area:
            qs = qs.filter(body_areas__slug=area)
        if position:
            qs = qs.filter(position=position)
        if difficulty:
            qs = qs.filter(difficulty=difficulty)
        if equipment:
            qs = qs.filter(equipment=equipment)
        return qs


class Exercise(PublishedContent):
    class Kind(models.TextChoices):
        STRETCH = "stretch", "Gentle stretch"
        STRENGTH = "strength", "Low-impact strength"
        RELIEF = "relief", "Relief and breathing"

    class Position(models.TextChoices):
        LYING = "lying", "Lying down"
        SITTING = "sitting", "Sitting"
        STANDING = "standing", "Standing"
        HANDS_KNEES = "hands_knees", "Hands and knees"

    class Difficulty(models.TextChoices):
        GENTLE = "gentle", "Gentle"
        MODERATE = "moderate", "Moderate"

    class Equipment(models.TextChoices):
        NONE = "none", "Nothing"
        MAT = "mat", "A mat or rug"
        CHAIR = "chair", "A chair"
        TOWEL = "towel", "A towel"
        WALL = "wall", "A wall"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    purpose = models.CharField(max_length=160, help_text="One line: what it does for you.")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    instructions = models.TextField(help_text="One step per line, 3 to 8 steps.")
    breathing = models.CharField(max_length=200, help_text="One breathing cue.")
    hold_seconds = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For a timed hold. Leave empty for repetitions."
    )
    reps = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For repetitions. Leave empty for a timed hold."
    )
    rep_seconds = models.PositiveSmallIntegerField(
        default=5, help_text="How long one repetition takes at a calm pace."
    )
    per_side = models.BooleanField(default=False, help_text="Done once on each side.")
    position = models.CharField(max_length=12, choices=Position.choices)
    body_areas = models.ManyToManyField(BodyArea, related_name="exercises")
    difficulty = models.CharField(max_length=10, choices=Difficulty.choices)
    equipment = models.CharField(max_length=10, choices=Equipment.choices, default="none")
    cautions = models.TextField(help_text='Who should skip it: "Skip this if…"')
    easier = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    harder = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    figure = models.CharField(
        max_length=200,
        blank=True,
        help_text="Shipped line drawing under static/, used when no image is uploaded.",
    )
    image = models.ImageField(
        upload_to="exercises/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
        help_text="Replaces the line drawing. JPEG, PNG or WebP; location data is removed.",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_renditions = models.JSONField(default=dict, blank=True, editable=False)

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hold_seconds__isnull=False) | Q(reps__isnull=False),
                name="exercise_has_hold_or_reps",
            ),
            models.CheckConstraint(condition=Q(rep_seconds__gte=1), name="exercise_rep_pace"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("exercise", args=[self.slug])

    @property
    def steps(self) -> list[str]:
        return [line.strip() for line in self.instructions.splitlines() if line.strip()]

    @property
    def is_timed(self) -> bool:
        return self.reps is None

    @property
    def dose_label(self) -> str:
        return format_dose(self.is_timed, self.hold_seconds, self.reps, self.per_side)

    @property
    def work_seconds(self) -> int:
        """One side's work at the exercise's own dose."""
        return self.hold_seconds if self.is_timed else self.reps * self.rep_seconds

    @property
    def figure_url(self) -> str:
        if self.image:
            return self.image.url
        return static(self.figure or f"exercises/figures/{self.slug}.svg")

    def _srcset(self, fmt: str) -> str:
        return ", ".join(
            f"{self.image.storage.url(path)} {width}w"
            for width, path in self.image_renditions.get(fmt, [])
        )

    @property
    def srcset_webp(self) -> str:
        return self._srcset("webp")

    @property
    def srcset_jpeg(self) -> str:
        return self._srcset("jpeg")


def published_steps() -> Prefetch:
    steps = RoutineStep.objects.filter(exercise__is_published=True).select_related("exercise", "exercise__easier")
    return Prefetch("steps", queryset=steps)


class RoutineQuerySet(PublishedQuerySet):
    def with_steps(self):
        """Steps and their exercises in two queries, leaving out unpublished exercises."""
        return self.prefetch_related(published_steps())

    def featured(self):
        return self.filter(featured_order__isnull=False).order_by("featured_order")

    def gentle_relief(self):
        return self.filter(gentle_relief=True)


class Routine(PublishedContent):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    purpose = models.CharField(max_length=160, help_text="One line: who it is for.")
    description = models.TextField(blank=True)
    featured_order = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Position on the home page; empty to leave it off."
    )
    gentle_relief = models.BooleanField(
        default=False,
        help_text="Still offered when the safety check advises booking a doctor's appointment.",
    )

    objects = RoutineQuerySet.as_manager()

    class Meta:
        ordering = ["featured_order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("routine", args=[self.slug])

    def get_play_url(self):
        return reverse("play", args=[self.slug])

    @property
    def step_list(self) -> list["RoutineStep"]:
        # Fetched on first use (two queries) unless the queryset prefetched them with_steps().
        if "steps" not in getattr(self, "_prefetched_objects_cache", {}):
            prefetch_related_objects([self], published_steps())
        return list(self.steps.all())

    @property
    def total_seconds(self) -> int:
        steps = self.step_list
        if not steps:
            return 0
        return sum(step.total_seconds for step in steps) - steps[-1].rest_seconds

    @property
    def total_minutes(self) -> int:
        return max(1, round(self.total_seconds / 60))

    @property
    def equipment(self) -> list[str]:
        seen = []
        for step in self.step_list:
            exercise = step.exercise
            if exercise.equipment != Exercise.Equipment.NONE:
                label = exercise.get_equipment_display()
                if label not in seen:
                    seen.append(label)
        return seen

    @property
    def positions(self) -> list[str]:
        seen = []
        for step in self.step_list:
            label = step.exercise.get_position_display()
            if label not in seen:
                seen.append(label)
        return seen


class RoutineStep(models.Model):
    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="steps")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    hold_seconds = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Override the exercise's hold."
    )
    reps = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Override the exercise's repetitions."
    )
    per_side = models.BooleanField(
        null=True, blank=True, help_text="Override whether it is done on each side."
    )
    rest_seconds = models.PositiveSmallIntegerField(
        default=DEFAULT_REST_SECONDS, help_text="Rest after this step."
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.order}. {self.exercise}"

    @property
    def is_timed(self) -> bool:
        return self.exercise.is_timed and self.reps is None

    @property
    def hold(self) -> int | None:
        return self.hold_seconds if self.hold_seconds is not None else self.exercise.hold_seconds

    @property
    def rep_count(self) -> int | None:
        return self.reps if self.reps is not None else self.exercise.reps

    @property
    def sides(self) -> int:
        per_side = self.exercise.per_side if self.per_side is None else self.per_side
        return 2 if per_side else 1

    @property
    def work_seconds(self) -> int:
        """One side's work: the hold, or the repetitions at the exercise's pace."""
        if self.is_timed:
            return self.hold or 0
        return (self.rep_count or 0) * self.exercise.rep_seconds

    @property
    def total_seconds(self) -> int:
        return (
            GET_READY_SECONDS
            + self.work_seconds * self.sides
            + SWITCH_SIDES_SECONDS * (self.sides - 1)
            + self.rest_seconds
        )

    @property
    def dose_label(self) -> str:
        return format_dose(self.is_timed, self.hold, self.rep_count, self.sides == 2)
