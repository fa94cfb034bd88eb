"""A rule as loaded from its YAML file: frozen, with its check compiled into a typed spec."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from linter.checks.vocabulary import Level
from linter.finding import Severity

if TYPE_CHECKING:
    from linter.checks.kinds import CheckSpec


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
    level: Level
    rationale: str
    sources: tuple[SourceRef, ...]
    remediation: str
    check: CheckSpec
    examples: tuple[dict[str, Any], ...]
    file: str
    tags: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()

    @property
    def needs_env_type(self) -> bool:
        """True when the rule only applies to instances of known environment type."""
        return "environment_type" in self.requires
