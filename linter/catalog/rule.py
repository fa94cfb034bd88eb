"""A rule as loaded from its YAML file (frozen; the check stays declarative data)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, NamedTuple


class Severity(StrEnum):
    """How bad a finding is; ordered info < warning < error."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error."""
        return _RANKS[self]


_RANKS = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class SourceRef(NamedTuple):
    """The document (and quote) that justifies a rule."""

    document: str
    quote: str | None = None
    url: str | None = None


class Rule(NamedTuple):
    """One policy rule."""

    id: str
    title: str
    severity: Severity
    level: str
    rationale: str
    sources: tuple[SourceRef, ...]
    remediation: str
    check: dict[str, Any]
    examples: tuple[dict[str, Any], ...]
    file: str
    tags: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()

    @property
    def needs_env_type(self) -> bool:
        """True when the rule only applies to instances of known environment type."""
        return "environment_type" in self.requires
