"""What links in account mail carry (sign-up, email change and its undo, unsubscribing from
reminders), sealed: encrypted and signed with Fernet under a key derived from SECRET_KEY and the
link's purpose. Nobody can read a link (no account number or address in readable base64), alter
it, or use one made for one purpose for another, and each stops working after its own time.
"""

import base64
import json
from datetime import UTC, datetime

from cryptography.fernet import Fernet, InvalidToken
from django.utils.crypto import salted_hmac


def _fernet(purpose: str) -> Fernet:
    key = salted_hmac(f"spasmcare.accounts.tokens.{purpose}", "link key", algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(purpose: str, data: dict) -> str:
    """`data` (JSON-ready) as a URL-safe token for `purpose`."""
    return _fernet(purpose).encrypt(json.dumps(data, separators=(",", ":")).encode()).decode()


def unseal(purpose: str, token: str, max_age: int) -> tuple[dict, datetime] | None:
    """(data, when the token was made, UTC) for a token made by seal(purpose, ...) at most
    `max_age` seconds ago; None for anything else (altered, expired, another purpose or key)."""
    if not isinstance(token, str) or len(token) > 2000:
        return None
    fernet = _fernet(purpose)
    try:
        data = json.loads(fernet.decrypt(token.encode(), ttl=max_age))
        issued = datetime.fromtimestamp(fernet.extract_timestamp(token.encode()), UTC)
    except (InvalidToken, ValueError, UnicodeError):
        return None
    return (data, issued) if isinstance(data, dict) else None
