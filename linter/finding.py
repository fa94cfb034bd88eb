"""Findings: immutable values with rule, severity, message, instance, paths and location."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from linter.digest import sha256
from linter.location import Location


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


@dataclass(frozen=True)
class Finding:
    """One problem found by one rule. Secret values never enter it: only fingerprints do."""

    rule: str
    severity: Severity
    message: str
    instance: str | None
    paths: tuple[str, ...]
    place: Location
    related: tuple[Location, ...] = ()
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
