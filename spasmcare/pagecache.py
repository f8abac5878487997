"""Whole pages from the cache, looked up under everything they show, so never stale.

Rendering one of SpasmCare's pages takes milliseconds; finding it in the cache takes
microseconds. A cached view names what its page depends on beyond the URL (`vary`); the key
also holds what every page depends on: the path and query, whether htmx asked for a fragment,
signed in or not, and the published content's version (one query). When any of them changes
the key changes and the page is rendered afresh; nothing is ever invalidated by hand and
every process may keep its own cache. Old entries age out.

Pages are stored compressed for browsers that accept gzip (all of them), as GZipMiddleware
would compress them, but once rather than on every view: for the library that was a
millisecond a view, four times what the rest of serving it from the cache costs.

Never cached: pages showing one-off messages, responses that set a cookie or aren't 200, and
pages holding a CSRF token unless the view says `per_device`: those are cached per browser,
under its CSRF cookie, so the tokens in their forms stay valid.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip

from exercises.context_processors import content_version_of
from spasmcare.history.models import history_version

TIMEOUT = 60 * 60
compress = GZipMiddleware(lambda request: None).process_response


def cached_page(vary: Callable[..., tuple] | None = None, *, content: bool = True, per_device: bool = False):
    """Serve the view's page from the cache when nothing it shows has changed.

    vary(request, *args, **kwargs) returns whatever else the page shows (a cookie's verified
    value, the person's data version); content=False for pages showing no published content.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            key = page_key(request, content, per_device, vary(request, *args, **kwargs) if vary else ())
            if key is None:
                return view(request, *args, **kwargs)
            cache = caches["pages"]
            if (hit := cache.get(key)) is not None:
                headers, body = hit
                return HttpResponse(body, headers=headers)
            response = view(request, *args, **kwargs)
            if storable(request, response, per_device):
                response = compress(request, response)
                cache.set(key, (dict(response.headers), response.content), TIMEOUT)
            return response

        return wrapper

    return decorator


def page_key(request: HttpRequest, content: bool, per_device: bool, extra: tuple) -> str | None:
    if request.method not in ("GET", "HEAD") or len(messages.get_messages(request)):
        return None
    parts = [
        # The host as sent: CommonMiddleware has already refused any not allowed, and
        # validating it again took longer than the rest of the key.
        request.scheme,
        request.META.get("HTTP_HOST"),
        request.get_full_path(),
        # As django-htmx reads them (only "true" counts), so any other value is one key, not many.
        # From META: request.headers would copy every header first.
        request.META.get("HTTP_HX_REQUEST") == "true",
        request.META.get("HTTP_HX_HISTORY_RESTORE_REQUEST") == "true",
        bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))),
        request.user.is_authenticated,
        *extra,
    ]
    if per_device:
        if not (secret := request.META.get("CSRF_COOKIE")):
            return None  # the response sets the browser's first CSRF cookie
        parts.append(secret)
    if content:
        parts.append(content_version_of(request))
    return "page:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def storable(request: HttpRequest, response: HttpResponse, per_device: bool) -> bool:
    used_csrf_token = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and (per_device or not used_csrf_token)
    )


def person(request: HttpRequest) -> tuple:
    """What a signed-in person's pages can show of them: their account (every column, so a
    changed setting, goal, time zone or safety answer is a new page) and their sessions."""
    if not request.user.is_authenticated:
        return ()
    # The account itself, not Django's lazy wrapper around it: reading every column through
    # the wrapper took longer than the rest of the key.
    user = getattr(request.user, "_wrapped", request.user)
    account = tuple(getattr(user, field.attname) for field in user._meta.concrete_fields)
    return (account, history_version(user))
