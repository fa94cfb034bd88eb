"""A rule as loaded from its YAML file: frozen, with its check compiled into a typed spec."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from linter.checks.vocabulary import Level
from linter.finding import Severity
from linter.record import Record

if TYPE_CHECKING:
    from linter.checks.kinds import CheckSpec


class SourceRef(Record):
    """The document (and quote) that justifies a rule."""

    __slots__ = ("document", "quote", "url")

    def __init__(self, document: str, quote: str | None = None, url: str | None = None) -> None:
        self.document = document
        self.quote = quote
        self.url = url


class Rule(Record):
    """One policy rule."""

    __slots__ = (
        "id",
        "title",
        "severity",
        "level",
        "rationale",
        "sources",
        "remediation",
        "check",
        "examples",
        "file",
        "tags",
        "requires",
        "covers",
        "min_instances",
    )

    def __init__(
        self,
        id: str,
        title: str,
        severity: Severity,
        level: Level,
        rationale: str,
        sources: tuple[SourceRef, ...],
        remediation: str,
        check: CheckSpec,
        examples: tuple[dict[str, Any], ...],
        file: str,
        tags: tuple[str, ...] = (),
        requires: tuple[str, ...] = (),
        covers: tuple[str, ...] = (),
        min_instances: int = 1,
    ) -> None:
        self.id = id
        self.title = title
        self.severity = severity
        self.level = level
        self.rationale = rationale
        self.sources = sources
        self.remediation = remediation
        self.check = check
        self.examples = examples
        self.file = file
        self.tags = tags
        self.requires = requires
        # Rules whose finding this one's covers for the same instance and setting (linter.folding).
        self.covers = covers
        # A fleet rule compares no fewer instances than this: in a smaller run it is not applicable.
        self.min_instances = min_instances

    @property
    def needs_env_type(self) -> bool:
        """True when the rule only applies to instances of known environment type."""
        return "environment_type" in self.requires
