"""Which values are secrets, how they are shown (a short fingerprint), and a last-line scrubber."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from linter.model.paths import matches_any

# Config paths (section/group/field) whose values are secrets.
SECRET_CONFIG_PATHS: tuple[str, ...] = (
    "services_connector/services_connector_integration/*_api_key",
    "services_connector/services_connector_integration/*_private_key",
    "services_connector/ims_technical_account_credentials/client_secret",
    "**password**",
    "**_secret",
    "**private_key**",
    "**api_key**",
)
# Document key names (anywhere in env.php-shaped data) whose values are secrets.
_SECRET_KEY_NAME = re.compile(r"(password|passwd|secret|private_key|api_key|^key$|id_salt|token)", re.I)
_MIN_SCRUB_LENGTH = 6


def fingerprint(value: str) -> str:
    """A short, stable stand-in for a secret: the first 8 hex digits of its SHA-256."""
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def is_secret_path(path: str) -> bool:
    """True when a config path holds a secret (keys, passwords, client secrets)."""
    return matches_any(path, SECRET_CONFIG_PATHS)


def is_secret_key(key_path: tuple[str, ...]) -> bool:
    """True when a document key (e.g. ``crypt/key``, ``db/.../password``) holds a secret."""
    return bool(key_path) and bool(_SECRET_KEY_NAME.search(key_path[-1]))


class Scrubber:
    """Replaces any known secret value that slipped into text with its fingerprint."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: set[str] = set()
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str) -> None:
        """Remember a secret value, and each of its lines (a PEM body may be quoted line by line)."""
        for piece in (secret, *secret.splitlines()):
            piece = piece.strip()
            if len(piece) >= _MIN_SCRUB_LENGTH and not piece.startswith("-----"):
                self._secrets.add(piece)

    def scrub(self, text: str) -> str:
        """``text`` with every remembered secret replaced by ``[fingerprint]``."""
        if not self._secrets:
            return text
        for secret in sorted(self._secrets, key=len, reverse=True):
            if secret in text:
                text = text.replace(secret, f"[{fingerprint(secret)}]")
        return text
