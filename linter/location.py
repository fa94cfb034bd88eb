"""The one location type: where a value is set or a finding points."""

from __future__ import annotations

from linter.record import Record


class Location(Record):
    """A file, the line and column in it, the environment variable that set a value, the instance."""

    __slots__ = ("file", "line", "column", "variable", "instance")

    def __init__(
        self,
        file: str,
        line: int | None = None,
        column: int | None = None,
        variable: str | None = None,
        instance: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.variable = variable
        self.instance = instance

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
