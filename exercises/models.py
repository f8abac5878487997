import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.templatetags.static import static
from django.urls import reverse
from django.utils.functional import cached_property, lazy
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from spasmcare.core.models import PublishedContent, PublishedQuerySet, TranslatedModel
from spasmcare.core.translations import missing_words, words_language

from . import pacing
from .drawings import drawing_key

DEFAULT_REST_SECONDS = 15


def format_dose(timed: bool, hold: int | None, reps: int | None, per_side: bool) -> str:
    """ "8 times", "once on each side", "30 seconds", "2 minutes on each side"."""
    if not timed:
        text = gettext("once") if reps == 1 else ngettext("%(n)d time", "%(n)d times", reps) % {"n": reps}
    elif hold >= 120 and hold % 60 == 0:
        text = ngettext("%(n)d minute", "%(n)d minutes", hold // 60) % {"n": hold // 60}
    else:
        text = ngettext("%(n)d second", "%(n)d seconds", hold) % {"n": hold}
    return gettext("%(dose)s on each side") % {"dose": text} if per_side else text


def split_paragraphs(text: str) -> list[str]:
    """Each non-empty line of an editor's text box as its own paragraph."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def spoken_fallback_name(name: str) -> str:
    """A name fit to be read aloud: "Knee rolls (lower-trunk rotation)" -> "Knee rolls"."""
    return re.sub(r"\s*[(\[].*?[)\]]", "", name).strip()


# Characters and abbreviations a speech synthesiser or screen reader reads badly or aloud.
UNSPOKEN = re.compile(
    r"[()\[\]{}/\\&*#_<>|~^=+%@]|\b(e\.g|i\.e|etc|approx|min|mins|sec|secs|reps?)\b\.?|\b\d+\s*x\b|\bx\s*\d",
    re.IGNORECASE,
)


def validate_spoken(value: str) -> None:
    """Spoken text is read aloud as written, so anything a voice would mangle is refused."""
    found = UNSPOKEN.search(value or "")
    if found:
        raise ValidationError(
            f"Write this as you would say it: “{found.group(0).strip()}” doesn't read well aloud. "
            "Leave out brackets, slashes, symbols and abbreviations, and write words in full."
        )


class BodyArea(TranslatedModel):
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

    def matching(self, *, kind=(), position=(), area="", difficulty="", equipment="", **_):
        """Filtered by the library's choices; `kind` and `position` are lists (any of them).
        The search words are ranked in exercises/search.py, not here."""
        qs = self
        if kind:
            qs = qs.filter(kind__in=kind)
        if position:
            qs = qs.filter(position__in=position)
        if area:
            qs = qs.filter(body_areas__slug=area)
        if difficulty:
            qs = qs.filter(difficulty=difficulty)
        if equipment:
            qs = qs.filter(equipment=equipment)
        return qs


class Exercise(PublishedContent):
    class Kind(models.TextChoices):
        STRETCH = "stretch", _("Gentle stretch")
        STRENGTH = "strength", _("Low-impact strength")
        RELIEF = "relief", _("Relief and breathing")

    class Position(models.TextChoices):
        LYING = "lying", _("Lying down")
        SITTING = "sitting", _("Sitting")
        STANDING = "standing", _("Standing")
        HANDS_KNEES = "hands_knees", _("Hands and knees")

    class Difficulty(models.TextChoices):
        GENTLE = "gentle", pgettext_lazy("difficulty", "Gentle")
        MODERATE = "moderate", pgettext_lazy("difficulty", "Moderate")

    class Equipment(models.TextChoices):
        NONE = "none", pgettext_lazy("equipment", "Nothing")
        MAT = "mat", _("A mat or rug")
        CHAIR = "chair", _("A chair")
        TOWEL = "towel", _("A towel")
        WALL = "wall", _("A wall")

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    purpose = models.CharField(max_length=160, help_text=_("One line: what it does for you."))
    kind = models.CharField(max_length=12, choices=Kind.choices)
    instructions = models.TextField(help_text=_("One step per line, 3 to 8 steps."))
    breathing = models.CharField(max_length=200, help_text=_("One breathing cue."))
    hold_seconds = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("For a timed hold. Leave empty for repetitions.")
    )
    reps = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("For repetitions. Leave empty for a timed hold.")
    )
    rep_seconds = models.PositiveSmallIntegerField(
        default=5, help_text=_("How long one repetition takes at a calm pace.")
    )
    per_side = models.BooleanField(default=False, help_text=_("Done once on each side."))
    position = models.CharField(max_length=12, choices=Position.choices)
    body_areas = models.ManyToManyField(BodyArea, related_name="exercises")
    difficulty = models.CharField(max_length=10, choices=Difficulty.choices)
    equipment = models.CharField(max_length=10, choices=Equipment.choices, default="none")
    cautions = models.TextField(
        help_text=_('Who should skip it: "Skip this if…"')
    )  # Spoken guidance, written for the ear: the player's voice reads these (static/js/player/coach.js)
    # to someone who may have their eyes closed.
    spoken_name = models.CharField(
        max_length=80,
        validators=[validate_spoken],
        default="",
        help_text=_("The name as the voice says it: short, no brackets."),
    )
    spoken_setup = models.TextField(
        validators=[validate_spoken],
        default="",
        help_text=_(
            "How to get into position (and, for repetitions, what one repetition is). "
            "Said while the person gets ready. Two or three short sentences."
        ),
    )
    spoken_cues = models.TextField(
        validators=[validate_spoken],
        default="",
        help_text=_(
            "2 to 4 short cues said during the hold or the repetitions, one per line, "
            "for example: Let your knees fall gently."
        ),
    )
    spoken_breathing = models.CharField(
        validators=[validate_spoken],
        max_length=200,
        default="",
        blank=True,
        help_text=_(
            "Breathing pace said during a hold, for example: Breathe in… and slowly out. "
            "Needed for timed holds."
        ),
    )
    spoken_switch_sides = models.CharField(
        validators=[validate_spoken],
        max_length=200,
        default="",
        blank=True,
        help_text=_("What to do when changing sides. Needed when it is done on each side."),
    )
    easier = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    harder = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    figure = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Shipped line drawing under static/, used when no image is uploaded."),
    )
    image = models.ImageField(
        upload_to="exercises/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
        help_text=_("Replaces the line drawing. Checked and re-encoded on upload; location data is removed."),
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    image_alt = models.CharField(
        _("what the image shows"),
        max_length=250,
        blank=True,
        help_text=_(
            "Read out to people who can't see the image, e.g. “A person lying on their back "
            "with knees bent, lifting their hips off a mat.” Left empty, the exercise's name is used.",
        ),
    )
    search_terms = models.TextField(
        blank=True,
        help_text=_(
            "Other words people search with, comma-separated: everyday words "
            "(desk, bed), where it hurts (stiff neck) or what they have, only where this exercise "
            "really fits (see the reference notes)."
        ),
    )

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

    def missing_words(self, language: str | None = None) -> list[str]:
        """The fields whose words `language` (the page's by default) lacks, shown in English
        instead (spasmcare/core/translations.py); search words and image descriptions aside."""
        return missing_words(
            self, language, lines=("instructions", "spoken_cues"), skip=("search_terms", "image_alt")
        )

    @property
    def is_translated(self) -> bool:
        """Whether everything shown and said of it is in the page's language."""
        return not self.missing_words()

    @property
    def words_language(self) -> str:
        """The page's language, or "en" while it has no translation (a `lang` attribute)."""
        return words_language(self, "name")

    @property
    def steps(self) -> list[str]:
        return split_paragraphs(self.instructions)

    @property
    def caution_paragraphs(self) -> list[str]:
        """Each line an editor wrote under cautions: shown as separate paragraphs, never run
        together."""
        return split_paragraphs(self.cautions)

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
    def spoken_cue_list(self) -> list[str]:
        return [line.strip() for line in self.spoken_cues.splitlines() if line.strip()]

    def coach_data(self) -> dict:
        """What the player's voice says for this exercise (see static/js/player/coach.js): spoken name,
        setup, cues (a list of 2 to 4), breathing and switch-sides text, all plain strings."""
        return {
            "name": self.spoken_name or spoken_fallback_name(self.name),
            "setup": self.spoken_setup,
            "cues": self.spoken_cue_list,
            "breathing": self.spoken_breathing,
            "switchSides": self.spoken_switch_sides,
        }

    def player_data(self) -> dict:
        """The exercise at its own dose, in the shape of one step of `Routine.player_steps`."""
        return step_data(
            self, self.is_timed, self.hold_seconds, self.reps, 2 if self.per_side else 1, self.dose_label
        )

    def stand_in(self) -> "Exercise | None":
        """A published exercise to offer in this one's place once it is unpublished: its easier
        variant, else its harder one, else the first of the same kind done in the same position."""
        for variant in (self.easier, self.harder):
            if variant is not None and variant.is_published:
                return variant
        return (
            Exercise.objects.published()
            .filter(kind=self.kind, position=self.position)
            .exclude(pk=self.pk)
            .order_by("difficulty", "name")
            .first()
        )

    def routines_using(self) -> tuple[list["Routine"], int]:
        """The curated routines with this exercise as a step (in name order), and how many
        people's own routines have it: what unpublishing or deleting it changes."""
        routines = Routine.objects.filter(steps__exercise=self).distinct()
        curated = list(routines.filter(owner__isnull=True).order_by("name"))
        return curated, routines.filter(owner__isnull=False).count()

    @property
    def figure_url(self) -> str:
        if self.image:
            return self.image.url
        return static(self.figure or f"exercises/figures/{self.slug}.svg")

    @property
    def drawing_key(self):
        """What the shipped drawing shows (exercises.drawings.DrawingKey), or None when an
        uploaded image replaces it or the figure is not a shipped drawing."""
        if self.image:
            return None
        return drawing_key(self.figure or f"exercises/figures/{self.slug}.svg")

    def _srcset(self, fmt: str) -> str:
        return ", ".join(
            f"{self.image.storage.url(path)} {width}w" for width, path in self.image_renditions.get(fmt, [])
        )

    @property
    def srcset_webp(self) -> str:
        return self._srcset("webp")

    @property
    def srcset_jpeg(self) -> str:
        return self._srcset("jpeg")


def step_data(
    exercise: Exercise, timed: bool, hold: int | None, reps: int | None, sides: int, dose: str
) -> dict:
    return {
        "slug": exercise.slug,
        "name": exercise.name,
        "dose": dose,
        "kind": exercise.kind,
        "position": exercise.position,
        "mode": "hold" if timed else "reps",
        "hold": hold if timed else None,
        "reps": None if timed else reps,
        "repSeconds": exercise.rep_seconds,
        "sides": sides,
        "spoken": exercise.coach_data(),
    }


def published_steps() -> Prefetch:
    steps = RoutineStep.objects.filter(exercise__is_published=True).select_related(
        "exercise", "exercise__easier"
    )
    return Prefetch("steps", queryset=steps)


class RoutineQuerySet(PublishedQuerySet):
    def published(self):
        """Curated routines open to everyone; never anyone's own."""
        return self.filter(is_published=True, owner__isnull=True)

    def for_user(self, user):
        """The routines this person made themselves (none when signed out)."""
        return self.filter(owner=user) if user.is_authenticated else self.none()

    def playable_by(self, user):
        """What this person may open and play: the published routines and their own."""
        if not user.is_authenticated:
            return self.published()
        return self.filter(Q(is_published=True, owner__isnull=True) | Q(owner=user))

    def shared(self, token: str):
        """The own routine whose owner shared it under this link token (none for an empty
        token, or once the owner turns the link off)."""
        return self.filter(owner__isnull=False, share_token=token).exclude(share_token="")

    def with_steps(self):
        """Steps and their exercises in two queries, leaving out unpublished exercises."""
        return self.prefetch_related(published_steps())

    def featured(self):
        return self.filter(featured_order__isnull=False).order_by("featured_order")

    def for_role(self, role: str, turn: int = 0) -> "Routine | None":
        """The routine in this role (Routine.Role), or None. Where several share one (STRENGTH),
        they take turns in order of name: `turn` (any whole number) picks one. One query."""
        found = list(self.filter(role=role).order_by("name"))
        return found[turn % len(found)] if found else None

    def gentle_relief(self):
        return self.filter(gentle_relief=True)

    def relief_or_rest(self):
        """What the 'book an appointment' outcome offers: gentle relief, rest and breathing."""
        rest = Routine.objects.rest_and_breathe().values("pk")
        return self.filter(Q(gentle_relief=True) | Q(pk__in=rest))

    def rest_and_breathe(self):
        """Routines whose every step, as they play, is a relief position, breathing or relaxation
        (no exercise), so still offered while someone waits to see a doctor. Steps whose exercise
        an editor has taken out of the library don't play, so they count neither way; a routine
        with no step that plays is not one. The one definition of "rest only" (Routine.rest_only
        asks it too)."""
        exercise = Exercise.objects.published().exclude(kind=Exercise.Kind.RELIEF)
        return (
            self.filter(steps__exercise__is_published=True).exclude(steps__exercise__in=exercise).distinct()
        )


# A routine longer than this gets a gentle note that shorter ones are easier to keep up.
EASY_MAX_STEPS = 8
EASY_MAX_SECONDS = 20 * 60
# What a person may make: a home programme a physiotherapist hands out has a handful of
# exercises, rarely a dozen; these are far past that and far short of a burden on the server.
MAX_STEPS = 20
MAX_OWN_ROUTINES = 100
# Positions a routine's steps pass through while being renumbered (Routine.place_steps): above
# any a routine has.
PLACING_FROM = 16_000
# In the language of whoever reads them (lazy: worked out when said, not at import).
TOO_MANY_STEPS = lazy(
    lambda: (
        gettext("A routine can have up to %(max)s steps. Remove one to make room, or start a new routine.")
        % {"max": MAX_STEPS}
    ),
    str,
)()
TOO_MANY_ROUTINES = lazy(
    lambda: (
        gettext(
            "You have %(max)s routines, the most one account can keep. Delete one you no longer use, then try again."
        )
        % {"max": MAX_OWN_ROUTINES}
    ),
    str,
)()


class Routine(PublishedContent):
    class Goal(models.TextChoices):
        RELIEF = "relief", _("For a spasm or a sore day")
        EVERYDAY = "everyday", _("Loosen up through the day")
        STRENGTH = "strength", _("Build strength")

    class Role(models.TextChoices):
        """What the code finds a routine by, instead of its slug: an editor can give a role to
        another routine in the admin. One routine per role, except STRENGTH (they take turns)."""

        RELIEF = "relief", _("Spasm relief: where “Back spasm right now?” leads; kept for offline use")
        REST = "rest", _("Rest and breathe: kept for offline use beside the spasm relief routine")
        MORNING = "morning", _("Suggested in the morning")
        DAYTIME = "daytime", _("Suggested in the daytime")
        EVENING = "evening", _("Suggested in the evening and at night")
        STRENGTH = "strength", _("Suggested on strengthening days (these take turns)")
        WALK = "walk", _("Suggested on walking days")

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    purpose = models.CharField(max_length=160, help_text=_("One line: who it is for."))
    description = models.TextField(blank=True)
    featured_order = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Position on the home page; empty to leave it off.")
    )
    gentle_relief = models.BooleanField(
        default=False,
        help_text=(
            _(
                "Offered to someone waiting for a doctor's appointment (the safety check's 'book an "
                "appointment' outcome) and straight after the one-tap 'Back spasm right now?' check. "
                "Tick only routines a person in an acute spasm can do lying down with small, "
                "comfortable movements: not deep stretches such as child's pose, both knees to the "
                "chest or a figure-4 stretch. Routines made only of relief positions and breathing "
                "are offered in those cases anyway."
            )
        ),
    )
    goal = models.CharField(
        max_length=10,
        choices=Goal.choices,
        default=Goal.EVERYDAY,
        help_text=_("The group it is listed under on the routines page."),
    )
    role = models.CharField(
        max_length=10,
        choices=Role.choices,
        blank=True,
        default="",
        help_text=_(
            "Where the app itself offers this routine, if anywhere. To give a role to another "
            "routine, take it from this one first."
        ),
    )
    # A person's own routine has an owner, is never published, and is seen by others only
    # through its share link (while share_token is set).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="own_routines",
        editable=False,
    )
    share_token = models.CharField(max_length=32, blank=True, default="", editable=False)
    # The shared routine an own routine was copied from: a person gets one copy of each, however
    # often "Add a copy" is tapped.
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = RoutineQuerySet.as_manager()

    class Meta:
        ordering = ["featured_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=True) | Q(is_published=False),
                name="own_routine_never_published",
            ),
            models.UniqueConstraint(
                fields=["share_token"], condition=~Q(share_token=""), name="routine_share_token_unique"
            ),
            models.UniqueConstraint(
                fields=["owner", "copied_from"],
                condition=Q(copied_from__isnull=False),
                name="one_copy_of_a_shared_routine_each",
            ),
            models.UniqueConstraint(
                fields=["role"],
                condition=~Q(role__in=["", "strength"]),
                name="one_routine_per_role",
                violation_error_message="Another routine already has this role: take it from that one first.",
            ),
            models.CheckConstraint(
                condition=Q(role="") | Q(owner__isnull=True), name="own_routine_has_no_role"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("routine", args=[self.slug])

    def missing_words(self, language: str | None = None) -> list[str]:
        """What of this routine `language` (the page's by default) lacks, as it plays: its own
        fields ("purpose"), its steps' ("step 2: spoken_setup") and their exercises'
        ("cat-cow: spoken_cues (2 of 3)"). No query once the steps are fetched (step_list)."""
        missing = missing_words(self, language)
        for number, step in enumerate(self.step_list, start=1):
            missing += [f"step {number}: {field}" for field in missing_words(step, language)]
            missing += [f"{step.exercise.slug}: {field}" for field in step.exercise.missing_words(language)]
        return list(dict.fromkeys(missing))

    @property
    def is_translated(self) -> bool:
        """Whether everything shown and said as it plays is in the page's language."""
        return not self.missing_words()

    def get_play_url(self):
        return reverse("play", args=[self.slug])

    def get_edit_url(self):
        return reverse("edit_routine", args=[self.slug])

    def get_share_url(self):
        return reverse("shared_routine", args=[self.share_token]) if self.share_token else ""

    def get_shared_play_url(self):
        return reverse("play_shared", args=[self.share_token]) if self.share_token else ""

    @property
    def is_own(self) -> bool:
        return self.owner_id is not None

    def same_in_every_language(self) -> bool:
        """A person's own routine keeps its name in every language (TranslatedModel)."""
        return self.is_own

    @property
    def is_long(self) -> bool:
        """Past what people tend to keep up (EASY_MAX_STEPS steps or EASY_MAX_SECONDS)."""
        return len(self.step_list) > EASY_MAX_STEPS or self.total_seconds > EASY_MAX_SECONDS

    @property
    def all_gentle(self) -> bool:
        steps = self.step_list
        return bool(steps) and all(s.exercise.difficulty == Exercise.Difficulty.GENTLE for s in steps)

    @property
    def allowed_after_see_soon(self) -> bool:
        """Whether it may play after a "see a doctor soon" answer (spasmcare/safety/SOURCES.md: that
        outcome still allows the gentlest routines). Curated routines are vetted by an editor
        (gentle_relief); a person's own only when every exercise in it is marked gentle."""
        return self.all_gentle if self.is_own else self.gentle_relief

    @property
    def figure_strip(self) -> list["Exercise"]:
        """Each exercise once, in routine order, for a strip of small figures."""
        seen, strip = set(), []
        for step in self.step_list:
            if step.exercise_id not in seen:
                seen.add(step.exercise_id)
                strip.append(step.exercise)
        return strip

    @staticmethod
    def new_own_slug() -> str:
        return f"my-{secrets.token_hex(5)}"

    def free_copy_slug(self) -> str:
        """ "<slug>-copy", or "<slug>-copy-2", -3… when that is taken."""
        candidate, n = f"{self.slug}-copy", 2
        while Routine.objects.filter(slug=candidate).exists():
            candidate, n = f"{self.slug}-copy-{n}", n + 1
        return candidate

    def duplicate(self, name: str, *, owner=None, copied_from: "Routine | None" = None) -> "Routine":
        """An unpublished copy of this routine under `name`: its purpose, description and goal,
        and its steps in order with their doses and rests. Never its role, place on the home
        page or gentle-relief mark: an editor decides those again for the copy.

        With an `owner` it is that person's own routine (a "my-…" slug, `copied_from` naming the
        shared routine it came from): the steps as the routine plays them now, up to MAX_STEPS,
        without the step-specific spoken setups ("from the step before"), since the person may
        reorder the steps. Without one it is an editor's draft (a "<slug>-copy" slug) with every
        step as it is, spoken setups and steps hidden from the library included. Raises
        IntegrityError if `owner` already has a copy of `copied_from`."""
        own = owner is not None
        steps = self.step_list[:MAX_STEPS] if own else list(self.steps.order_by("order", "pk"))
        with transaction.atomic():
            copy = Routine.objects.create(
                slug=Routine.new_own_slug() if own else self.free_copy_slug(),
                name=name[:100],
                purpose=self.purpose,
                description=self.description,
                goal=self.goal,
                owner=owner,
                copied_from=copied_from,
                is_published=False,
            )
            RoutineStep.objects.bulk_create(
                RoutineStep(
                    routine=copy,
                    exercise_id=step.exercise_id,
                    order=n,
                    hold_seconds=step.hold_seconds,
                    reps=step.reps,
                    per_side=step.per_side,
                    rest_seconds=step.rest_seconds,
                    spoken_setup="" if own else step.spoken_setup,
                )
                for n, step in enumerate(steps, start=1)
            )
        return copy

    def place_steps(self, steps: list["RoutineStep"]) -> None:
        """Number every one of this routine's steps 1, 2, 3… in the order of `steps` (all of
        them, hidden ones too; unsaved ones are created). Two UPDATEs, by way of positions no
        step has, so no two steps share a position at any moment (RoutineStep's constraint)."""
        saved = [step for step in steps if step.pk]
        for index, step in enumerate(steps):
            step.routine, step.order = self, PLACING_FROM + index
        RoutineStep.objects.bulk_update(saved, ["order"])
        RoutineStep.objects.bulk_create([step for step in steps if not step.pk])
        for index, step in enumerate(steps, start=1):
            step.order = index
        RoutineStep.objects.bulk_update(steps, ["order"])

    @property
    def hidden_steps(self) -> list["RoutineStep"]:
        """Steps whose exercise an editor has taken out of the library: kept in place, left out
        when the routine plays, shown to the owner with a swap."""
        # Not self.steps: when prefetched (with_steps), that holds the published steps only.
        steps = RoutineStep.objects.filter(routine=self, exercise__is_published=False)
        return list(steps.select_related("exercise__easier", "exercise__harder").order_by("order", "pk"))

    @property
    def step_list(self) -> list["RoutineStep"]:
        # Fetched on first use (two queries) unless the queryset prefetched them with_steps().
        if "steps" not in getattr(self, "_prefetched_objects_cache", {}):
            prefetch_related_objects([self], published_steps())
        return list(self.steps.all())

    @cached_property
    def rest_only(self) -> bool:
        """Every step is a relief position, breathing or relaxation: not exercise, so it stays
        available on the safety check's 'contact a doctor today' outcome
        (RoutineQuerySet.rest_and_breathe says which). One small query, so the player can apply
        the safety rules without fetching every step (its steps' markup is usually cached,
        spasmcare/core/caching.py)."""
        return Routine.objects.filter(pk=self.pk).rest_and_breathe().exists()

    @property
    def total_seconds(self) -> int:
        """What the player takes with full spoken guidance: the sum of the phases it is handed
        (exercises/pacing.py)."""
        return pacing.routine_seconds(self.player_steps(phases=False))

    @property
    def total_minutes(self) -> int:
        return max(1, round(self.total_seconds / 60))

    @property
    def duration_label(self) -> str:
        """ "About 1 minute", "About 12 minutes"; "No exercises yet" for a routine with none."""
        if not self.step_list:
            return "No exercises yet"
        minutes = self.total_minutes
        return ngettext("About %(n)d minute", "About %(n)d minutes", minutes) % {"n": minutes}

    @property
    def steps_label(self) -> str:
        count = len(self.step_list)
        return ngettext("%(n)d step", "%(n)d steps", count) % {"n": count}

    def player_steps(self, language: str | None = None, *, phases: bool = True) -> list[dict]:
        """Every step as the player and its voice (static/js/player/) use it, JSON-ready:

        {slug, name, dose, kind, position, mode: "hold"|"reps", hold: seconds or null,
         reps: count or null, repSeconds, sides: 1|2, rest: seconds after the step (0 after the
         last), spoken: {name, setup, cues: [2-4 strings], breathing, switchSides},
         next: {name, setup, position} of the following step or null,
         easier: the easier variant at its own dose (same keys, no rest/next) or null,
         phases: every phase's length in seconds and the lines said in it, per level of spoken
         guidance, at the pace of `language` (the active one by default; exercises/pacing.py);
         left out with phases=False}
        """
        steps = self.step_list
        data = []
        for index, step in enumerate(steps):
            following = steps[index + 1] if index + 1 < len(steps) else None
            item = step.player_data()
            item["rest"] = step.rest_seconds if following else 0
            item["next"] = None
            if following:
                spoken = following.player_data()["spoken"]
                item["next"] = {
                    "name": spoken["name"],
                    "setup": spoken["setup"],
                    "position": following.exercise.position,
                }
            easier = step.exercise.easier
            item["easier"] = easier.player_data() if easier and easier.is_published else None
            data.append(item)
        return pacing.with_phases(data, language) if phases else data

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


class RoutineStep(TranslatedModel):
    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="steps")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    hold_seconds = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Override the exercise's hold.")
    )
    reps = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Override the exercise's repetitions.")
    )
    per_side = models.BooleanField(
        null=True, blank=True, help_text=_("Override whether it is done on each side.")
    )
    rest_seconds = models.PositiveSmallIntegerField(
        default=DEFAULT_REST_SECONDS, help_text=_("Rest after this step.")
    )
    spoken_setup = models.CharField(
        max_length=300,
        blank=True,
        default="",
        validators=[validate_spoken],
        help_text=_(
            "How to get into position from the step before, said in the rest before this "
            "step. Empty: the exercise's own spoken setup."
        ),
    )

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            # Each step keeps its own place: an exercise taken out and put back returns where
            # the person put it, never sharing a position with another step.
            models.UniqueConstraint(fields=["routine", "order"], name="one_step_per_position"),
        ]

    def __str__(self):
        return f"{self.order}. {self.exercise}"

    @property
    def is_own(self) -> bool:
        """Whether it is a step of a person's own routine: their data, on no public page."""
        return Routine.objects.filter(pk=self.routine_id, owner__isnull=False).exists()

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
    def dose_label(self) -> str:
        return format_dose(self.is_timed, self.hold, self.rep_count, self.sides == 2)

    def player_data(self) -> dict:
        data = step_data(self.exercise, self.is_timed, self.hold, self.rep_count, self.sides, self.dose_label)
        if self.spoken_setup:
            data["spoken"]["setup"] = self.spoken_setup
        return data
