import zoneinfo
from functools import cache
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import MaxLengthValidator
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from spasmcare.core.languages import account_language

from . import mail, throttle
from .models import User

EMAIL_ATTRS = {"autocomplete": "email", "autocapitalize": "none", "spellcheck": "false"}


@cache
def timezone_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every zone the server knows, grouped by region so the list is easy to scroll on a phone."""
    groups: dict[str, list[tuple[str, str]]] = {}
    # "localtime" (the server's own clock) and "Factory" mean nothing to a person picking a zone.
    for name in sorted(zoneinfo.available_timezones() - {"localtime", "Factory"}):
        region, _, place = name.partition("/")
        group = region if place else "Other"
        groups.setdefault(group, []).append((name, name.replace("_", " ")))
    groups["Other"] = groups.pop("Other", [])
    return list(groups.items())


def normalized_email(value: str) -> str:
    # The same rule as UserManager.create_user, so "Ann@Example.com" and "ann@example.com" are
    # one account however it was created.
    return User.objects.normalize_email(value).lower()


class SignupForm(forms.ModelForm):
    """The address to send the sign-up link to. The password is chosen on the link's page, by
    whoever holds the mailbox (accounts/signup.py)."""

    # Filled by static/js/timezone.js; without JavaScript the account starts on UTC.
    timezone = forms.CharField(
        required=False, initial="UTC", widget=forms.HiddenInput(attrs={"data-detect-timezone": True})
    )

    class Meta:
        model = User
        fields = ["email", "timezone"]
        labels = {"email": _("Email")}
        help_texts = {"email": _("We'll email you a link to finish: your account is made when you open it.")}
        widgets = {"email": forms.EmailInput(attrs=EMAIL_ATTRS)}

    def clean_email(self):
        # Whether the address already has an account is never said here: that would tell
        # anyone that the address uses a back-pain app. The view emails its owner instead.
        return normalized_email(self.cleaned_data["email"])

    # See clean_email; the database's constraints still hold when the account is created.
    def validate_unique(self):
        pass

    def validate_constraints(self):
        pass

    def clean_timezone(self):
        # A browser may report a zone this server doesn't know; that is no reason to refuse
        # an account, so fall back to UTC (changeable in Settings).
        value = self.cleaned_data.get("timezone", "")
        return value if value in zoneinfo.available_timezones() else "UTC"


class NewPasswordMixin:
    """For every form that chooses a password (sign-up, reset, change): the password's own
    problems ("too common", "too short") stand next to the first field and a mismatch next to
    the second; and what was typed comes back when the page shows an error, so nothing has to be
    typed again and a password manager's suggestion isn't lost. Safe because every page with
    such a form is sent `no-store` (never_cache, or PrivacyHeadersMiddleware when signed in)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.widget.attrs.get("autocomplete") == "new-password":
                field.widget.render_value = True

    def validate_password_for_user(self, user, password_field_name="password2"):
        first = password_field_name.removesuffix("2") + "1"
        super().validate_password_for_user(user, first if first in self.fields else password_field_name)


class SignupPasswordForm(NewPasswordMixin, auth_forms.SetPasswordMixin, forms.Form):
    """The password for a new account, chosen on the page the sign-up link opens."""

    password1, password2 = auth_forms.SetPasswordMixin.create_password_fields(
        label1=_("Choose a password"), label2=_("Password again")
    )

    def __init__(self, email: str, *args, **kwargs):
        self.user = User(email=email)  # for the "too similar to your email" check
        super().__init__(*args, **kwargs)
        self.fields["password2"].help_text = ""

    def clean(self):
        self.validate_passwords()
        self.validate_password_for_user(self.user)
        return super().clean()


class ThrottledLoginMixin:
    """Password guessing limits for every log-in form (the site's and the admin's): per address,
    and per account from one address. Never per account alone, so nobody can keep the owner
    out by guessing wrong on purpose; a success clears the account's counts everywhere."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        email = self.fields["username"]
        # AuthenticationForm sets max_length after building the field, so it isn't checked; an
        # overlong "email" would reach the lookup (SQLite errors on LIKE patterns over 50 kB).
        email.validators.append(MaxLengthValidator(email.max_length))
        self.throttled = False

    def clean(self):
        email = (self.cleaned_data.get("username") or "").strip()
        address = throttle.client_ip(self.request) if self.request else ""
        device = throttle.trusted_device(self.request, email) if self.request else None
        if device:  # this browser has logged in to this account before: its own limit only
            rules = [(throttle.LOGIN_PER_DEVICE, (device, email))]
        else:
            rules = [
                (throttle.LOGIN_PER_ACCOUNT_AND_ADDRESS, (email, address)),
                (throttle.LOGIN_PER_ADDRESS, (address,)),
            ]
        wait = next((w for rule, values in rules if (w := throttle.blocked_for(rule, *values))), None)
        if wait:
            self.throttled = True
            raise ValidationError(
                throttle.wait_message(wait)
                + " "
                + str(_("Or reset your password: the link in the email logs you in.")),
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            for rule, values in rules:
                throttle.record(rule, *values)
            raise
        throttle.clear_account(email)
        return cleaned


class LoginForm(ThrottledLoginMixin, auth_forms.AuthenticationForm):
    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _(
            "That email and password don't match an account. "
            "Check them and try again, or reset your password."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        email = self.fields["username"]
        email.label = _("Email")
        email.widget.input_type = "email"
        email.widget.attrs.update(EMAIL_ATTRS)


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin's log-in, with the same limits as the site's."""


class ThrottledPasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, sending at most a few emails an hour to one address, silently, so
    the page looks the same whether or not the address has an account."""

    def save(self, *args, request=None, **kwargs):
        email = self.cleaned_data["email"]
        if throttle.blocked_for(throttle.RESET_PER_ACCOUNT, email):
            return
        throttle.record(throttle.RESET_PER_ACCOUNT, email)
        # Links point at SPASMCARE_SITE_URL, never at the Host header of the request (anyone can
        # send a request naming their own host, and the owner would get a link to it).
        site = urlsplit(settings.SITE_URL)
        kwargs.update(domain_override=site.netloc, use_https=site.scheme == "https")
        kwargs["extra_email_context"] = {
            **(kwargs.get("extra_email_context") or {}),
            "site_url": settings.SITE_URL,
        }
        super().save(*args, request=request, **kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # Off the request path, so the page takes as long for an address with an account as
        # for one without (accounts/mail.py). Written, links too, in the account's language.
        with translation.override(account_language(context["user"])):
            subject = "".join(render_to_string(subject_template_name, context).splitlines())
            body = render_to_string(email_template_name, context)
        mail.send(EmailMessage(subject, body, from_email, [to_email]))


def check_password_throttled(user: User, password: str, address: str) -> bool:
    """Whether `password` is the account's, counting a wrong one like a wrong log-in (the same
    limit per account and address). Raises ValidationError while that limit is reached, so a
    stolen session can't be used to guess the password through a signed-in form."""
    wait = throttle.blocked_for(throttle.LOGIN_PER_ACCOUNT_AND_ADDRESS, user.email, address)
    if wait:
        raise ValidationError(throttle.wait_message(wait), code="throttled")
    if user.check_password(password):
        return True
    throttle.record(throttle.LOGIN_PER_ACCOUNT_AND_ADDRESS, user.email, address)
    return False


class ThrottledPasswordChangeForm(NewPasswordMixin, auth_forms.PasswordChangeForm):
    def __init__(self, user, *args, address: str = "", **kwargs):
        self.address = address
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if not check_password_throttled(self.user, old_password, self.address):
            raise ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password


class ResetSetPasswordForm(NewPasswordMixin, auth_forms.SetPasswordForm):
    """Choosing a new password from a reset email: proof enough to lift every log-in limit
    counted against the account."""

    def save(self, commit=True):
        user = super().save(commit)
        throttle.clear_account(user.email)
        return user


class LanguageSelect(forms.Select):
    """A list of languages, each option marked with its own language (a screen reader reads
    "Nederlands" in Dutch)."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        option["attrs"]["lang"] = value
        return option


class SettingsForm(forms.ModelForm):
    # Names in their own language (settings.LANGUAGES): findable whatever this page is in.
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        widget=LanguageSelect,
        # A form from before the languages (a page kept offline) sends none: keep the account's.
        required=False,
        help_text=_("The app, your reminders and every email we send you are in this language."),
    )
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=timezone_choices,
        help_text=_("Your days in History start at midnight in this time zone."),
    )
    weekly_goal = forms.TypedChoiceField(
        label=_("Weekly goal"),
        coerce=int,
        choices=lambda: [
            (n, ngettext("%(n)d day a week", "%(n)d days a week", n) % {"n": n}) for n in range(1, 8)
        ],
        help_text=_("How many days a week you'd like to do a routine."),
    )

    class Meta:
        model = User
        fields = [
            "language",
            "timezone",
            "weekly_goal",
            "cue_sound",
            "cue_voice",
            "cue_vibrate",
            "cue_guidance",
        ]
        help_texts = {
            "cue_sound": _("Short beeps count down the end of each hold."),
            "cue_voice": _("Each step is read out loud."),
            "cue_vibrate": _("The phone buzzes when a step changes, on phones that can."),
            "cue_guidance": _("What the voice says while you move, when spoken cues are on."),
        }
        widgets = {"cue_guidance": forms.RadioSelect}

    def clean_language(self):
        return self.cleaned_data.get("language") or self.instance.language


class EmailChangeForm(forms.Form):
    """A new address for the account (accounts/email_change.py). Whether another account uses
    it is never said here, only in the email to that address."""

    email = forms.EmailField(label=_("New email"), widget=forms.EmailInput(attrs=EMAIL_ATTRS))
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args, address: str = "", **kwargs):
        self.user = user
        self.address = address
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = normalized_email(self.cleaned_data["email"])
        if email == self.user.email:
            raise ValidationError(_("That is the address your account uses now."), code="unchanged")
        return email

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not check_password_throttled(self.user, password, self.address):
            raise ValidationError(_("That password isn't right."), code="password_incorrect")
        return password


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args, address: str = "", **kwargs):
        self.user = user
        self.address = address
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not check_password_throttled(self.user, password, self.address):
            raise ValidationError(
                _("That password isn't right. Nothing has been deleted."), code="password_incorrect"
            )
        return password


class AdminUserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email"]


class AdminUserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
