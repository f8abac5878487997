import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.admin import site as admin_site
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import (
    url_has_allowed_host_and_scheme,
    urlencode,
)
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe
from django.views.i18n import set_language

from spasmcare.core.http import download_headers, safe_next_url
from spasmcare.core.languages import account_language, supported
from spasmcare.core.middleware import private_link

from . import email_change, export, throttle
from . import signup as signup_by_email
from .forms import (
    DeleteAccountForm,
    EmailChangeForm,
    LoginForm,
    ResetSetPasswordForm,
    SettingsForm,
    SignupForm,
    SignupPasswordForm,
    ThrottledPasswordChangeForm,
    ThrottledPasswordResetForm,
)
from .models import User

log = logging.getLogger("spasmcare.accounts")


# Sent when someone stops being signed in on this browser (logging out, deleting the account):
# the browser drops its HTTP cache ("cache") and everything the site keeps on the phone
# ("storage": the service worker and its saved pages, local storage with any queued session).
# sessions.js and the service worker clear the same things themselves where a browser
# ignores the header.
CLEAR_SITE_DATA = '"cache", "storage"'


def redirect_to_next(next_url: str) -> HttpResponseRedirect:
    # Not redirect(next_url): it reads a bare word ("abc") as a view name and crashes on it.
    return HttpResponseRedirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))


def after_signup_url(next_url: str) -> str:
    """Where a new account lands: the welcome page (a weekly goal and a reminder in two taps,
    reminders/views.py: welcome), which then leads on to the page the person came from."""
    return reverse("welcome") + (f"?{urlencode({'next': next_url})}" if next_url else "")


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def signup(request: HttpRequest):
    next_url = safe_next_url(request)
    if request.user.is_authenticated:
        return redirect_to_next(next_url)
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        address = throttle.client_ip(request)
        wait = throttle.blocked_for(throttle.SIGNUP_PER_ADDRESS, address)
        if wait:
            form.is_valid()
            form.add_error(None, throttle.wait_message(wait))
            return render(request, "accounts/signup.html", {"form": form, "next": next_url}, status=429)
        throttle.record(throttle.SIGNUP_PER_ADDRESS, address)
    if form.is_valid():
        data = form.cleaned_data
        signup_by_email.send_signup_email(data["email"], data["timezone"], next_url)
        # The same answer whether or not the address has an account (see accounts/signup.py).
        request.session["signup_email"] = data["email"]
        return redirect("signup_sent")
    status = 400 if form.errors else 200
    return render(request, "accounts/signup.html", {"form": form, "next": next_url}, status=status)


@require_safe
@never_cache
def signup_sent(request: HttpRequest):
    return render(request, "accounts/signup_sent.html", {"email": request.session.get("signup_email", "")})


@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_post_parameters("password1", "password2")
@never_cache
@private_link
def signup_confirm(request: HttpRequest, token: str):
    """The link from the sign-up email: the person who holds the mailbox chooses the password,
    and the account is made. A GET only shows the form, so a mail scanner opening the link
    creates nothing and signs nobody in."""
    opened = signup_by_email.read_token(token)
    if opened is None or signup_by_email.deleted_since(opened[0]["e"], opened[1]):
        return render(request, "accounts/signup_confirm.html", {"invalid": True}, status=400)
    data = opened[0]
    if User.objects.filter(email__iexact=data["e"]).exists():
        messages.info(request, _("That account is already set up. Log in with your email and password."))
        return redirect("login")
    form = SignupPasswordForm(data["e"], request.POST if request.method == "POST" else None)
    if not form.is_valid():
        status = 400 if form.errors else 200
        return render(
            request, "accounts/signup_confirm.html", {"email": data["e"], "form": form}, status=status
        )
    user = signup_by_email.create_account(data, form.cleaned_data["password1"])
    if user is None:
        messages.info(request, _("That account is already set up. Log in with your email and password."))
        return redirect("login")
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    next_url = (
        data["n"] if url_has_allowed_host_and_scheme(data["n"], allowed_hosts={request.get_host()}) else ""
    )
    response = HttpResponseRedirect(after_signup_url(next_url))
    throttle.remember_device(request, response, user.email)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def account_settings(request: HttpRequest):
    form = SettingsForm(request.POST if request.method == "POST" else None, instance=request.user)
    if form.is_valid():
        user = form.save()
        # Carry on in the language just chosen: the message, the page, and this phone's cookie.
        with translation.override(user.language):
            messages.success(request, _("Settings saved."))
            response = redirect("settings")
        set_language_cookie(response, user.language)
        return response
    status = 400 if form.errors else 200
    return render(request, "accounts/settings.html", {"form": form}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@sensitive_post_parameters("password")
def change_email(request: HttpRequest):
    """Ask for a new address: it takes effect from the link sent there (accounts/email_change.py)."""
    form = EmailChangeForm(
        request.user, request.POST if request.method == "POST" else None, address=throttle.client_ip(request)
    )
    if form.is_valid():
        email_change.request_change(request.user, form.cleaned_data["email"])
        messages.success(
            request,
            _(
                "We've sent a link to %(new)s. Your email changes when you open it; "
                "until then, we keep using %(old)s."
            )
            % {"new": form.cleaned_data["email"], "old": request.user.email},
        )
        return redirect("settings")
    status = 400 if form.errors else 200
    return render(request, "accounts/change_email.html", {"form": form}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@private_link
def email_change_confirm(request: HttpRequest, token: str):
    """The link sent to the new address. A GET asks for one more tap (mail scanners open links)."""
    found = email_change.read_change(token)
    if found is None:
        return render(request, "accounts/email_change.html", {"invalid": True}, status=400)
    user, new_email = found
    if request.method != "POST":
        return render(request, "accounts/email_change.html", {"confirm": True, "new_email": new_email})
    if not email_change.apply_change(user, new_email):
        return render(
            request, "accounts/email_change.html", {"taken": True, "new_email": new_email}, status=409
        )
    messages.success(request, _("Your account now uses %(email)s.") % {"email": new_email})
    return redirect("settings" if request.user == user else "login")


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@private_link
def email_change_undo(request: HttpRequest, token: str):
    """The link sent to the old address after a change: put it back and secure the account."""
    found = email_change.read_undo(token)
    if found is None:
        return render(request, "accounts/email_change.html", {"invalid": True}, status=400)
    user, old_email = found
    if request.method != "POST":
        return render(request, "accounts/email_change.html", {"undo": True, "old_email": old_email})
    choose_password = email_change.undo_change(user, old_email)
    if choose_password is None:
        return render(
            request, "accounts/email_change.html", {"taken": True, "new_email": old_email}, status=409
        )
    logout(request)
    messages.success(
        request,
        _(
            "Your account uses %(email)s again, and every device has been logged out. "
            "Choose a new password to log back in."
        )
        % {"email": old_email},
    )
    return redirect(choose_password)


@require_safe
@login_required
@never_cache
def export_json(request: HttpRequest):
    return HttpResponse(
        export.as_json(request.user),
        content_type="application/json; charset=utf-8",
        headers=download_headers(export.filename(request.user, "json")),
    )


@require_safe
@login_required
@never_cache
def export_csv(request: HttpRequest):
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers=download_headers(export.filename(request.user, "csv")),
    )
    export.write_csv(request.user, response)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@sensitive_post_parameters("password")
def delete_account(request: HttpRequest):
    form = DeleteAccountForm(
        request.user, request.POST if request.method == "POST" else None, address=throttle.client_ip(request)
    )
    if form.is_valid():
        user = request.user
        logout(request)
        user.delete()
        messages.success(request, _("Your account and everything saved in it have been deleted. Take care."))
        response = redirect("home")
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response
    status = 400 if form.errors else 200
    return render(request, "accounts/delete.html", {"form": form}, status=status)


def set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def choose_language(request: HttpRequest):
    """The language chooser, which the header's globe opens with `next` (the page it was on):
    every language named in its own words. Choosing is a POST of `language` and `next`: back to
    that page in the chosen language, the choice kept in this phone's language cookie and, for
    a signed-in person, on their account (User.language), which everything sent later follows.
    An unknown language or a `next` on another site changes nothing (Django's set_language)."""
    if request.method != "POST":
        next_url = safe_next_url(request) or reverse("home")
        return render(request, "accounts/language.html", {"next": next_url})
    next_url = request.POST.get("next", "")
    # set_language translates `next` by resolving it, which works in the language it is in.
    path = urlsplit(next_url).path if isinstance(next_url, str) else ""
    with translation.override(translation.get_language_from_path(path) or settings.LANGUAGE_CODE):
        response = set_language(request)
    language = supported(request.POST.get("language"))
    if language and request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


class LogoutView(auth_views.LogoutView):
    """Django's log-out (a POST), which also clears what this browser kept for the person."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response


class LoginView(auth_views.LoginView):
    """Django's log-in, answering 400 for a wrong password and 429 while throttled."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        throttle.remember_device(self.request, response, user.email)
        # Carry on in the account's language, on this phone too (a shared or new phone).
        language = account_language(user)
        if language != translation.get_language():
            response["Location"] = translate_url(response["Location"], language)
        set_language_cookie(response, language)
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 429 if form.throttled else 400
        return response


def admin_login(request: HttpRequest):
    """The admin's log-in page, with the site's log-in limits (429 while throttled)."""
    response = admin_site.login(request)
    form = (getattr(response, "context_data", None) or {}).get("form")
    if getattr(form, "throttled", False):
        response.status_code = 429
    elif request.method == "POST" and request.user.is_authenticated:
        throttle.remember_device(request, response, request.user.email)
    return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change; wrong current passwords count like wrong log-ins."""

    form_class = ThrottledPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "address": throttle.client_ip(self.request)}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a new password from a reset email, which always lets the person in: it signs
    them in at once and lifts every log-in limit counted against the account."""

    form_class = ResetSetPasswordForm
    post_reset_login = True

    def form_valid(self, form):
        response = super().form_valid(form)
        throttle.remember_device(self.request, response, form.user.email)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset request, limited per address the request comes from (and, silently, per
    email inside the form)."""

    form_class = ThrottledPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    extra_email_context = {"valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600}

    def post(self, request, *args, **kwargs):
        address = throttle.client_ip(request)
        wait = throttle.blocked_for(throttle.RESET_PER_ADDRESS, address)
        if wait:
            form = self.get_form()
            form.is_valid()
            form.add_error(None, throttle.wait_message(wait))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        throttle.record(throttle.RESET_PER_ADDRESS, address)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response
