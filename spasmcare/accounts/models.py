import zoneinfo
from functools import cached_property

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _


def validate_language(value: str) -> None:
    if value not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose one of the languages in the list."))


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Choose a time zone from the list, for example Europe/London."))


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        # No address is longer than 254 characters; refusing early keeps absurd input away
        # from the database (SQLite rejects LIKE patterns over 50 kB).
        if not isinstance(email, str) or len(email) > 254:
            raise self.model.DoesNotExist
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), unique=True)
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    # What everything sent later is written in (reminder email and push, the calendar feed, account
    # mail) and what an unprefixed page opens in (spasmcare/core/languages.py). A code from
    # settings.LANGUAGES; no choices here, so a new language needs no migration.
    language = models.CharField(max_length=8, default=settings.LANGUAGE_CODE, validators=[validate_language])
    weekly_goal = models.PositiveSmallIntegerField(
        default=3, help_text="Active days a week the person aims for (1 to 7)."
    )
    cue_sound = models.BooleanField(_("sound cues"), default=True)
    cue_voice = models.BooleanField(_("spoken cues"), default=True)
    cue_vibrate = models.BooleanField(_("vibration"), default=True)

    class Guidance(models.TextChoices):
        MORE = "more", _("More guidance: how to get into position, and what to notice")
        COUNTS = "counts", _("Just the counts")

    cue_guidance = models.CharField(
        _("spoken guidance"), max_length=6, choices=Guidance.choices, default=Guidance.MORE
    )
    # The last red-flag check (see spasmcare/safety/rules.py): its outcome, when, and the pain
    # rating (0–10) that asked for it, if any; answers cover that rating for one episode.
    safety_outcome = models.CharField(max_length=12, blank=True)
    safety_checked_at = models.DateTimeField(null=True, blank=True)
    safety_pain = models.PositiveSmallIntegerField(null=True, blank=True)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=dj_timezone.now)

    objects = UserManager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weekly_goal__gte=1, weekly_goal__lte=7), name="weekly_goal_1_to_7"
            ),
            # Log-in matches email ignoring case, so two accounts may never differ only by case.
            models.UniqueConstraint(Lower("email"), name="unique_email_ignoring_case"),
        ]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"

    def __str__(self):
        return self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def save(self, *args, **kwargs):
        self.__dict__.pop("tz", None)  # the zone may have changed: read it again when next asked
        super().save(*args, **kwargs)

    @cached_property
    def tz(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def local_now(self):
        return dj_timezone.now().astimezone(self.tz)

    def local_today(self):
        return self.local_now().date()

    @property
    def cue_prefs(self) -> dict[str, bool | str]:
        return {
            "sound": self.cue_sound,
            "voice": self.cue_voice,
            "vibrate": self.cue_vibrate,
            "guidance": self.cue_guidance,
        }


class DeletedAccount(models.Model):
    """An address whose account was deleted, kept only as a keyed digest (never the address)
    and only while a sign-up link made before the deletion could still work, so such a link
    never brings the account back (accounts/signup.py)."""

    email_digest = models.CharField(max_length=64, unique=True)
    deleted_at = models.DateTimeField()

    def __str__(self):
        return f"Account deleted at {self.deleted_at:%Y-%m-%d %H:%M}"


class Throttle(models.Model):
    """A counter per key ("login:email:…", "login:ip:…") over a fixed window, in the database
    so every app process shares it."""

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    window_ends = models.DateTimeField()

    def __str__(self):
        return f"{self.key}: {self.count}"
