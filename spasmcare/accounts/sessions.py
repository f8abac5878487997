"""Django's database sessions, refusing cookie values that could never be a session key.

Keys Django makes are 32 lowercase letters and digits. Anything else in the cookie (a NUL byte,
which PostgreSQL refuses in a query and Django would answer with a 500, or kilobytes of junk)
is treated as no session at all, without asking the database."""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key):
        return bool(key) and 8 <= len(key) <= 40 and set(key) <= set(VALID_KEY_CHARS)
