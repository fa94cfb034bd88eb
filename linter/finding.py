"""Findings: immutable values with rule, severity, message, instance, paths and location."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from linter.catalog.rule import Severity
from linter.digest import sha256


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
    # The file as the fingerprint sees it: relative to its instance directory (set by the engine), so
    # that the same repository gives the same fingerprints from any working directory.
    file_key: str | None = field(default=None, compare=False)
    fingerprint: str = field(init=False)

    def __post_init__(self) -> None:
        file = self.file_key if self.file_key is not None else self.place.file
        object.__setattr__(self, "fingerprint", self.fingerprint_with(file))

    def fingerprint_with(self, file: str) -> str:
        """The line-independent fingerprint, with ``file`` standing for the finding's file."""
        basis = "|".join((self.rule, self.instance or "", file, ",".join(self.paths), self.key))
        digest = sha256(basis.encode("utf-8", "surrogatepass"))  # a non-UTF-8 file name
        return digest.hexdigest()[:16]

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
