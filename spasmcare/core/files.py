"""Files the app makes for itself on first start (the secret key, the VAPID key)."""

import os
import secrets
from pathlib import Path


def create_once(path: Path, content: bytes) -> None:
    """Create `path` holding `content` (mode 0600) unless it exists. Written in full under a
    temporary name, then linked into place: processes starting at once (the test runs side by
    side, several workers) all end up reading whichever file was linked first, never a
    half-written one, and none fails because another got there first."""
    if path.exists():
        return
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink()
