"""Django's database sessions, refusing cookie values that could never be a session key.

Keys Django makes are 32 lowercase letters and digits. Anything else in the cookie (a NUL byte,
which PostgreSQL refuses in a query and Django would answer with a 500, or kilobytes of junk)
is treated as no session at all, without asking the database. And a request carrying a key
that has just been rotated away doesn't sign the person out (SessionMiddleware)."""

from django.conf import settings
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.utils.cache import patch_vary_headers


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key):
        return bool(key) and 8 <= len(key) <= 40 and set(key) <= set(VALID_KEY_CHARS)


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware, except that a request whose session key no longer exists
    leaves the browser's session cookie alone.

    Django answers such a request by deleting the cookie. But a key stops existing when the
    person logs in (the key is rotated), and a request the phone sent just before that, answered
    just after it, would then delete the new cookie and sign them out a second after they signed
    in. A stale key costs nothing to keep: it is simply no session, and the next log-in replaces
    it. A session this request emptied itself (logging out) is still deleted as Django does."""

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        stale = (
            session is not None
            and settings.SESSION_COOKIE_NAME in request.COOKIES
            and not session.modified
            and session.is_empty()
        )
        if not stale:
            return super().process_response(request, response)
        if session.accessed:
            patch_vary_headers(response, ("Cookie",))
        return response
