"""Django's database sessions, refusing cookie values that could never be a session key.

Keys Django makes are 32 lowercase letters and digits; anything else (a NUL byte, which
PostgreSQL cannot even compare, or kilobytes of junk) is treated as no session at all."""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key):
        return bool(key) and 8 <= len(key) <= 40 and set(key) <= set(VALID_KEY_CHARS)
