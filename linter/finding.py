"""Findings: immutable values with rule, severity, message, instance, paths and location."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import NamedTuple

from linter.catalog.rule import Severity


class Place(NamedTuple):
    """Where a finding points: a file position and, for variables, the variable name."""

    file: str
    line: int | None = None
    column: int | None = None
    variable: str | None = None
    instance: str | None = None

    def label(self) -> str:
        """``file:line:col`` (plus the variable name when one set the value)."""
        text = self.file
        if self.line:
            text += f":{self.line}"
            if self.column:
                text += f":{self.column}"
        if self.variable:
            text += f" ({self.variable})"
        return text


@dataclass(frozen=True)
class Finding:
    """One problem found by one rule. Secret values never enter it: only fingerprints do."""

    rule: str
    severity: Severity
    message: str
    instance: str | None
    paths: tuple[str, ...]
    place: Place
    related: tuple[Place, ...] = ()
    key: str = ""
    hint: str | None = None
    waived: str | None = None
    fingerprint: str = field(init=False)

    def __post_init__(self) -> None:
        basis = "|".join((self.rule, self.instance or "", self.place.file, ",".join(self.paths), self.key))
        object.__setattr__(
            self, "fingerprint", hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        )

    def sort_key(self) -> tuple[str, str, int, int, str, str]:
        """Stable order: instance, file, line, column, rule, message."""
        return (
            self.instance or "",
            self.place.file,
            self.place.line or 0,
            self.place.column or 0,
            self.rule,
            self.message,
        )
