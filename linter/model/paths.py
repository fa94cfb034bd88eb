"""Config paths (section/group/field) and the scopes they are set at."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

GLOBAL_SECTIONS = ("services_connector", "magento_saas")


class Scope(NamedTuple):
    """A configuration scope: default, a website code or a store-view code."""

    kind: str  # "default", "websites" or "stores"
    code: str = ""

    @property
    def label(self) -> str:
        """``default``, ``websites/eu`` or ``stores/de``."""
        return "default" if self.kind == "default" else f"{self.kind}/{self.code}"

    def qualify(self, path: str) -> str:
        """``path`` in the scoped form findings use: ``websites/eu/payment/...``."""
        return path if self.kind == "default" else f"{self.kind}/{self.code}/{path}"

    def key_path(self, path: str) -> tuple[str, ...]:
        """Where ``path`` at this scope sits in an env.php-shaped document."""
        head = ("system", "default") if self.kind == "default" else ("system", self.kind, self.code)
        return (*head, *path.split("/"))


DEFAULT_SCOPE = Scope("default")


def is_global(path: str) -> bool:
    """Connector and SaaS settings are Global: Magento reads them at default scope only."""
    return path.split("/", 1)[0] in GLOBAL_SECTIONS


@lru_cache(maxsize=512)
def glob_regex(glob: str) -> str:
    """A path glob as regular-expression source: ``*`` matches within a segment, ``**`` across."""
    parts = []
    for piece in re.split(r"(\*\*|\*)", glob):
        if piece == "**":
            parts.append(".*")
        elif piece == "*":
            parts.append("[^/]*")
        else:
            parts.append(re.escape(piece))
    return "".join(parts) + r"\Z"


@lru_cache(maxsize=256)
def globs_pattern(globs: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled pattern matching any of the globs (only the union is compiled)."""
    return re.compile("|".join(f"(?:{glob_regex(glob)})" for glob in globs))


def matches_any(path: str, globs: tuple[str, ...]) -> bool:
    """True when ``path`` matches one of the globs."""
    return globs_pattern(globs).match(path) is not None
