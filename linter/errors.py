"""User-facing error classes: each carries a file and, where known, a line."""

from __future__ import annotations

from linter.textsafe import visible


class LintError(Exception):
    """Base for errors that stop part of a run and are shown as one line."""

    def __init__(
        self, message: str, file: str | None = None, line: int | None = None, column: int | None = None
    ):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    def __reduce__(self) -> tuple[type[LintError], tuple[str, str | None, int | None, int | None]]:
        # Keep file, line and column when an error crosses a process boundary (--jobs).
        return (type(self), (self.message, self.file, self.line, self.column))

    def one_line(self) -> str:
        """The error as ``file:line:col: message`` on one line, control characters made visible."""
        where = ""
        if self.file:
            where = self.file
            if self.line:
                where += f":{self.line}"
                if self.column:
                    where += f":{self.column}"
            where += ": "
        text = " ".join(self.message.split())
        return visible(f"{where}{text}")


class LoadError(LintError):
    """An input file could not be read or parsed."""


class RuleFileError(LintError):
    """A rule file is malformed or invalid."""


class SettingsError(LintError):
    """A settings file or option is invalid."""


class UsageError(LintError):
    """The command line asks for something impossible."""
