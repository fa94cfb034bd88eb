"""Config paths (section/group/field) and the scopes they are set at."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from linter.record import Record

GLOBAL_SECTIONS = ("services_connector", "magento_saas")


class Scope(Record):
    """A configuration scope: default, a website code or a store-view code."""

    __slots__ = ("kind", "code")

    def __init__(self, kind: str, code: str = "") -> None:
        self.kind = kind  # "default", "websites" or "stores"
        self.code = code

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


def _glob_source(glob: str, escape: Callable[[str], str], end: str) -> str:
    parts = []
    for piece in re.split(r"(\*\*|\*)", glob):
        if piece == "**":
            parts.append(".*")
        elif piece == "*":
            parts.append("[^/]*")
        else:
            parts.append(escape(piece))
    return "".join(parts) + end


@lru_cache(maxsize=512)
def glob_regex(glob: str) -> str:
    """A path glob as regular-expression source: ``*`` matches within a segment, ``**`` across."""
    return _glob_source(glob, re.escape, r"\Z")


def _backtracking_wildcards(glob: str) -> int:
    """Wildcards Python's re may backtrack into (a final ``**`` never fails, so it does not count)."""
    pieces = [piece for piece in re.split(r"(\*\*|\*)", glob) if piece]
    if pieces and pieces[-1] == "**":
        pieces.pop()
    return sum(piece in ("*", "**") for piece in pieces)


def _re2_escape(piece: str) -> str:
    # Every character but [A-Za-z0-9_] as \x{...}: RE2 refuses some of re.escape's escapes.
    return "".join(c if c.isascii() and (c.isalnum() or c == "_") else f"\\x{{{ord(c):x}}}" for c in piece)


def _re2_source(glob: str) -> str:
    return _glob_source(glob, _re2_escape, r"\z")


class _LinearGlobs:
    """Globs matched by RE2. Python's re takes time n**k on a path of length n for a glob with k
    wildcards followed by text (``**a**a**b``: minutes on a 400-character key); RE2 takes time n."""

    __slots__ = ("pattern",)

    def __init__(self, globs: tuple[str, ...]) -> None:
        from linter.regex import compile_pattern

        self.pattern = compile_pattern("|".join(f"(?:{_re2_source(glob)})" for glob in globs))

    def match(self, path: str) -> object:
        """A match at the start of ``path`` (the sources end with ``\\z``: the whole path), or None."""
        from linter.regex import anchored_match

        return anchored_match(self.pattern, path)


class _PlainGlobs:
    """Globs matched with string operations: no wildcard, a final ``**`` or ``*`` (``payment/**``,
    ``web/*``) or ``*`` as whole segments (``payment/*/active``). Most bundled rules name such globs,
    and compiling even a small regular expression costs more than a one-file check spends matching."""

    __slots__ = ("exact", "below", "within", "segments")

    def __init__(self, globs: tuple[str, ...]) -> None:
        self.exact = frozenset(glob for glob in globs if "*" not in glob)
        self.below = tuple(glob[:-2] for glob in globs if _plain_kind(glob) == "**")
        self.within = tuple(glob[:-1] for glob in globs if _plain_kind(glob) == "*")
        self.segments = tuple(tuple(glob.split("/")) for glob in globs if _plain_kind(glob) == "segments")

    def match(self, path: str) -> bool | None:
        """True when ``path`` matches a glob, else None (as a pattern's ``match``)."""
        if path in self.exact or path.startswith(self.below):
            return True
        for head in self.within:
            if path.startswith(head) and "/" not in path[len(head) :]:
                return True
        if self.segments:
            parts = path.split("/")
            for glob in self.segments:
                if len(glob) == len(parts) and all(g in ("*", p) for g, p in zip(glob, parts, strict=True)):
                    return True
        return None


def _plain_kind(glob: str) -> str | None:
    """How ``_PlainGlobs`` matches ``glob``: ``""`` (no wildcard), ``"**"`` or ``"*"`` (the only wildcard,
    ending it), ``"segments"`` (each ``*`` a whole segment), or None (a regular expression is needed)."""
    for tail in ("**", "*", ""):
        if glob.endswith(tail) and "*" not in glob[: len(glob) - len(tail)]:
            return tail
    if "**" not in glob and all(part == "*" or "*" not in part for part in glob.split("/")):
        return "segments"
    return None


class _EitherGlobs:
    """Plain globs matched as strings, the others by a pattern."""

    __slots__ = ("plain", "pattern")

    def __init__(self, plain: _PlainGlobs, pattern: re.Pattern[str] | _LinearGlobs) -> None:
        self.plain = plain
        self.pattern = pattern

    def match(self, path: str) -> object:
        """Something true when ``path`` matches a glob, else None."""
        return self.plain.match(path) or self.pattern.match(path)


@lru_cache(maxsize=256)
def globs_pattern(globs: tuple[str, ...]) -> re.Pattern[str] | _LinearGlobs | _PlainGlobs | _EitherGlobs:
    """One matcher for any of the globs: ``match(path)`` is None when no glob matches the whole path.

    Plain globs (see ``_PlainGlobs``) are matched as strings; of the others, those with at most one
    wildcard that can backtrack use Python's re (one pattern for their union), which is linear for
    them, and the rest use RE2, linear for every glob.
    """
    plain = tuple(glob for glob in globs if _plain_kind(glob) is not None)
    rest = tuple(glob for glob in globs if _plain_kind(glob) is None)
    if not rest:
        return _PlainGlobs(plain)
    pattern: re.Pattern[str] | _LinearGlobs
    if any(_backtracking_wildcards(glob) > 1 for glob in rest):
        pattern = _LinearGlobs(rest)
    else:
        pattern = re.compile("|".join(f"(?:{glob_regex(glob)})" for glob in rest))
    return _EitherGlobs(_PlainGlobs(plain), pattern) if plain else pattern


def matches_any(path: str, globs: tuple[str, ...]) -> bool:
    """True when ``path`` matches one of the globs."""
    return globs_pattern(globs).match(path) is not None
