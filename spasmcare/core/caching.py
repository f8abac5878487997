"""Everything SpasmCare caches: public content, under one content revision.

Two ways, one rule:
- Whole pages, for visitors who are not signed in. The home page, the library, an exercise,
  the routine list, a routine, the article list and an article show the same thing to every
  such visitor, so `@public_page` keeps each one (per URL and language, and per full page or
  htmx fragment)
  and serves it again without rendering.
- The content part of a page, for everyone. A signed-in person's page is rendered for them
  (their navigation, their week, forms with their CSRF token), but the part that is the same
  for everyone (the library's results, an exercise's or an article's body, a routine's steps,
  the routine cards) comes from Django's `{% cache %}` tag, keyed on `content_revision` (put in
  every template's context by `revision_context` below) and what the part shows (a slug, the
  query string). Views hand those templates lazy QuerySets, so a cached part costs no queries.
  A part kept this way must hold nothing personal: no CSRF token, no name, nothing that depends
  on who asks or on their own routines.

Never stale: everything is kept under the content revision, a time stamp in one database row
(ContentRevision). Any save, deletion or many-to-many change of a model in the exercises or
learn apps moves it (the receivers below), so does `content_changed()`, which the content
loaders call after their bulk writes. A renamed body area, a new step or an unpublished article
shows on the next view. The stamp comes from the app server's clock and is only ever compared
for equality, so servers whose clocks disagree still see every change. Reading it is one query
by primary key per request that needs it (at most once per request).

Never someone else's: a signed-in person's pages are never kept whole. Nor kept: anything but
a 200 to a GET or HEAD, responses that set a cookie or put a CSRF token in a form, and pages
showing a one-off message.

Each process keeps its own cache (CACHES in settings: memory, bounded); several app servers
share one by pointing CACHES at Redis (README, "Caching").
"""

import hashlib
from functools import wraps

from django.contrib import messages
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from .models import ContentRevision

CONTENT_APPS = {"exercises", "learn"}
# The revision is what keeps pages fresh; the timeout only lets unused pages go.
TIMEOUT = 60 * 60
compress = GZipMiddleware(lambda request: None).process_response


def content_revision() -> str:
    # Not .first(): its ORDER BY makes the ORM's work per call twice that of the query itself.
    changed = next(iter(ContentRevision.objects.filter(pk=1).values_list("changed", flat=True)), None)
    return changed.isoformat() if changed else "none"


def request_revision(request: HttpRequest) -> str:
    """The content revision as this request first read it, with the page's language (content is
    kept per language): one query however many parts of the page ask, and one revision for the
    whole page."""
    if not hasattr(request, "_content_revision"):
        request._content_revision = f"{content_revision()}:{get_language()}"
    return request._content_revision


def revision_context(request: HttpRequest) -> dict:
    """Template context processor: `content_revision` (read from the database only if a
    template uses it) and `content_timeout` (seconds), for `{% cache %}` tags. The revision
    carries the active language ("2026-12-06T04:50:00+00:00:nl"), so every part kept under it
    is kept per language without each tag having to say so."""
    return {
        "content_revision": SimpleLazyObject(lambda: request_revision(request)),
        "content_timeout": TIMEOUT,
    }


def content_changed() -> None:
    """Move the content revision: every cached page is rendered afresh on its next view."""
    now = timezone.now()
    if not ContentRevision.objects.filter(pk=1).update(changed=now):
        ContentRevision.objects.update_or_create(pk=1, defaults={"changed": now})


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def move_revision_on_any_content_change(sender, instance=None, **kwargs):
    if sender._meta.app_label not in CONTENT_APPS:
        return
    if not kwargs.get("action", "post_").startswith("post_"):  # m2m_changed also sends pre_*
        return
    # A person's own routine (or one of its steps) is their data, shown on no public page, so
    # editing it must not renew every visitor's cached page (Routine.is_own, RoutineStep.is_own).
    if not getattr(instance, "is_own", False):
        content_changed()


def public_page(view):
    """Serve the view's page from the cache to visitors who are not signed in."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if (
            request.method not in ("GET", "HEAD")
            or request.user.is_authenticated
            or messages.get_messages(request)
        ):
            return view(request, *args, **kwargs)
        key = page_key(request)
        if (hit := cache.get(key)) is not None:
            headers, body = hit
            return HttpResponse(body, headers=headers)
        response = view(request, *args, **kwargs)
        if storable(request, response):
            # Stored compressed for browsers that accept gzip (all of them), as GZipMiddleware
            # would send it, so a page from the cache costs no compression.
            response = compress(request, response)
            cache.set(key, (dict(response.headers), response.content), TIMEOUT)
        return response

    return wrapper


def page_key(request: HttpRequest) -> str:
    parts = (
        request_revision(request),
        # The path says the language of a page (/nl/…), but a page may be shown in another
        # (an address that is the same in every language, answered in the person's own).
        get_language(),
        request.get_host(),
        request.get_full_path(),
        # As django-htmx reads them (only "true" counts): a fragment and the full page apart.
        request.headers.get("HX-Request") == "true",
        request.headers.get("HX-History-Restore-Request") == "true",
        bool(re_accepts_gzip.search(request.headers.get("Accept-Encoding", ""))),
    )
    return "page:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def storable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )
