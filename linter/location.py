"""The one location type: where a value is set or a finding points."""

from __future__ import annotations

from linter.record import Record


class Location(Record):
    """A file, the line and column in it, the environment variable that set a value, the instance.

    ``note`` says what the place is to a finding that names it among its related places ("the
    rotated sandbox key", "'' here masks the value set in app/etc/config.php:118", a folded finding
    of another rule); it is None for the place a finding points at and for a value's provenance.
    """

    __slots__ = ("file", "line", "column", "variable", "instance", "note")

    def __init__(
        self,
        file: str,
        line: int | None = None,
        column: int | None = None,
        variable: str | None = None,
        instance: str | None = None,
        note: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.variable = variable
        self.instance = instance
        self.note = note

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
