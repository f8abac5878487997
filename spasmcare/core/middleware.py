"""Headers that keep a person's data on a shared phone to themselves."""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """{"screen-wake-lock": ["self"], "camera": []} -> 'screen-wake-lock=(self), camera=()'."""
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in policy.items())


class StaticFileHeadersMiddleware:
    """A static file (under STATIC_URL: a script, a style sheet, a drawing) goes without the two
    headers Django's SecurityMiddleware sets that govern only a page: Referrer-Policy (a file of
    ours asks for nothing from elsewhere) and Cross-Origin-Opener-Policy (a page's window). It
    keeps X-Content-Type-Options and HSTS. About 70 bytes less on each of the player's 28 files
    at first load, on a cheap phone's data plan (tests/browser/test_player_screen.py). First in
    MIDDLEWARE, so it sees the response after SecurityMiddleware has set them; Django's own
    stays in place for the deployment check."""

    PAGE_ONLY = ("Referrer-Policy", "Cross-Origin-Opener-Policy")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(settings.STATIC_URL):
            for header in self.PAGE_ONLY:
                response.headers.pop(header, None)
        return response


class PrivacyHeadersMiddleware:
    """Every response names the browser features pages may use (settings.PERMISSIONS_POLICY);
    every response to a signed-in person is `Cache-Control: private, no-store`, so no shared
    cache keeps it and the browser doesn't show it again from its cache (or back/forward
    cache) once they have logged out."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.permissions_policy)
        # Without a session cookie nobody is signed in: no need to load the session to know.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


def private_link(view):
    """For pages opened by a secret link (a share link, a link from an email, a calendar feed):
    search engines never list them, and no cache, shared or the browser's, keeps a copy that
    would outlive the link being turned off or used."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        if "Cache-Control" not in response or "max-age" not in response["Cache-Control"]:
            patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapped


class HtmxLoginRequiredMiddleware:
    """An htmx request that needs a login it no longer has (it expired, or the person logged
    out in another tab) gets a 401, not a redirect: the browser would follow the redirect and
    htmx would put the whole log-in page inside the page, over what the person typed.
    static/js/htmx-errors.js says what happened and links to the log-in page (X-Login-Url)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "htmx", False) and response.status_code in (301, 302):
            login = resolve_url(settings.LOGIN_URL)
            if urlsplit(response["Location"]).path == login:
                page = request.headers.get("HX-Current-URL", "")
                path = urlsplit(page).path if page else ""
                return HttpResponse(
                    gettext("Log in again to carry on."),
                    status=401,
                    content_type="text/plain; charset=utf-8",
                    headers={"X-Login-Url": redirect_to_login(path or "/", login)["Location"]},
                )
        return response
