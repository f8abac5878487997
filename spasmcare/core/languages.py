"""Which language a person sees, and which text must be translated before a language is offered.

Pages have an address per language (spasmcare/urls.py): English at /…, Dutch at /nl/…, Spanish at
/es/…. Django's LocaleMiddleware reads the language from that prefix. A person's own language is,
in this order: their account's (User.language, chosen in Settings or the header's chooser), the
language cookie a signed-out phone keeps after a choice, then their browser's languages
(Accept-Language) on a first visit. `preferred_language` sends a GET of an unprefixed page to that
language's address, so a Dutch phone opening an old link lands on the Dutch page; an address
that is the same in every language (the calendar feed, the push endpoints) answers in it.

Safety-critical text is what a person in a spasm or with a red flag reads: the safety check and
its outcomes, the relief path, the pain rules, the call buttons, the offline page and the
player. `SAFETY_CRITICAL_SOURCES` names where it is written; tests/test_catalogues.py fails
when a catalogue of an offered language (settings.LANGUAGES) leaves any of it untranslated or
fuzzy, so no language is offered with an English red flag in it.
"""

from fnmatch import fnmatchcase

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject

# Source files (paths from the repository's root, shell-style patterns) whose every translatable
# string is safety-critical. A catalogue entry is safety-critical when any of its source
# references ("#: templates/learn/relief.html:12") falls under one of these.
SAFETY_CRITICAL_SOURCES = (
    # The safety check's questions, outcomes, advice, the pain rules and the doctor card.
    "spasmcare/safety/*",
    "templates/learn/safety.html",
    "templates/learn/safety_result.html",
    "templates/learn/_traffic_light.html",
    "templates/learn/_emergency.html",
    "templates/learn/_call_buttons.html",
    # The relief path: "Back spasm right now?", its one-tap check and the rest offer.
    "templates/learn/relief.html",
    "templates/learn/_relief_check.html",
    "templates/learn/_rest_offer.html",
    "templates/_safety_line.html",
    "templates/_pain_scale.html",
    "templates/history/_persistent_pain.html",
    # The player (the relief routine plays in it), its pain check, "This hurts" and its words.
    "templates/exercises/play.html",
    "templates/exercises/_pain_check.html",
    "templates/exercises/_safety_gate.html",
    "templates/exercises/_player_step_body.html",
    "exercises/pacing.py",
    # What a phone shows with no network.
    "templates/offline.html",
    "templates/sw.js",
    "templates/500.html",
)


def is_safety_critical(source: str) -> bool:
    """Whether a source reference ("templates/offline.html:12" or a bare path) is safety-critical."""
    path = source.rsplit(":", 1)[0] if source.rpartition(":")[2].isdigit() else source
    return any(fnmatchcase(path, pattern) for pattern in SAFETY_CRITICAL_SOURCES)


def supported(code: str | None) -> str | None:
    """`code` if it is one of settings.LANGUAGES, else None."""
    return code if code in dict(settings.LANGUAGES) else None


def account_language(user) -> str:
    """The language to write to `user` in (emails, push, the calendar feed): their account's,
    else the site's default."""
    return supported(getattr(user, "language", None)) or settings.LANGUAGE_CODE


def own_language(request: HttpRequest) -> str:
    """The person's own language: their account's when signed in, else the language cookie,
    else the best match to their browser's Accept-Language, else English."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and supported(getattr(user, "language", None)):
        return user.language
    return translation.get_language_from_request(request, check_path=False)


def preferred_language(get_response):
    """Middleware (after authentication): unprefixed pages in the person's own language.

    A GET or HEAD of an unprefixed page (English) by someone whose language is another is
    redirected to that language's address (302, never cached). Other unprefixed requests that
    a page in another language would not answer (the calendar feed, push endpoints, the
    chooser) run in the person's language. A prefixed address always shows its own language:
    it is what someone shared or chose."""

    def middleware(request: HttpRequest):
        if translation.get_language_from_path(request.path_info):
            return get_response(request)
        language = own_language(request)
        if language == settings.LANGUAGE_CODE:
            return get_response(request)
        path = request.get_full_path()
        target = translate_url(path, language)
        if target != path:
            if request.method in ("GET", "HEAD"):
                response = HttpResponseRedirect(target)
                response["Cache-Control"] = "private, no-cache"
                patch_vary_headers(response, ("Accept-Language", "Cookie"))
                return response
            # A form posted from an English page is answered in English, as the page was.
            return get_response(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    return middleware


def language_alternates(request: HttpRequest) -> list[dict[str, str]]:
    """The page's address in every language, for `<link rel="alternate" hreflang>`: absolute
    URLs on settings.SITE_URL without the query string, plus "x-default" (the English, unprefixed one). Empty for a
    page that has no address per language (the service worker, an error)."""
    path = request.path
    current = translation.get_language()
    if request.resolver_match is None:  # an error page
        return []
    alternates = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        if url == path and code != current:
            return []  # an address that is the same in every language
        # On SPASMCARE_SITE_URL, never the Host header the request names.
        alternates.append({"hreflang": code, "url": settings.SITE_URL + url})
    default = next(a["url"] for a in alternates if a["hreflang"] == settings.LANGUAGE_CODE)
    return [*alternates, {"hreflang": "x-default", "url": default}]


def language_words() -> list[tuple[str, str]]:
    """("nl", "Taal"): the word "Language" in each language, from each one's catalogue, so the
    chooser can be found by someone who can't read the page's language."""
    words = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            words.append((code, translation.gettext("Language")))
    return words


def language_context(request: HttpRequest) -> dict:
    """Template context processor: `language_alternates` and `language_words` (both worked out
    only if a template uses them)."""
    return {
        "language_alternates": SimpleLazyObject(lambda: language_alternates(request)),
        "language_words": SimpleLazyObject(language_words),
    }
