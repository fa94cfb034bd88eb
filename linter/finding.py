"""Findings: immutable values with rule, severity, message, instance, paths and location."""

from __future__ import annotations

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


class Finding:
    """One problem found by one rule. Secret values never enter it: only fingerprints do.

    Immutable: fields are set once in ``__init__`` (assigning one raises AttributeError) and
    ``replace`` makes a changed copy. A plain slotted class, not a dataclass: see linter/record.py.
    """

    __slots__ = (  # the fields in order, as in __init__
        "rule",
        "severity",
        "message",
        "instance",
        "paths",
        "place",
        "related",
        "key",
        "hint",
        "waived",
        "file_key",
        "fingerprint",
    )
    _INIT = __slots__[:-1]  # what ``replace`` carries over: all but the derived fingerprint

    rule: str
    severity: Severity
    message: str
    instance: str | None
    paths: tuple[str, ...]
    place: Location
    related: tuple[Location, ...]
    key: str
    hint: str | None
    waived: str | None
    # The file as the fingerprint sees it: relative to its instance directory (set by the engine), so
    # that the same repository gives the same fingerprints from any working directory. Not compared.
    file_key: str | None
    fingerprint: str

    def __init__(
        self,
        rule: str,
        severity: Severity,
        message: str,
        instance: str | None,
        paths: tuple[str, ...],
        place: Location,
        related: tuple[Location, ...] = (),
        key: str = "",
        hint: str | None = None,
        waived: str | None = None,
        file_key: str | None = None,
    ) -> None:
        set_field = object.__setattr__
        set_field(self, "rule", rule)
        set_field(self, "severity", severity)
        set_field(self, "message", message)
        set_field(self, "instance", instance)
        set_field(self, "paths", paths)
        set_field(self, "place", place)
        set_field(self, "related", related)
        set_field(self, "key", key)
        set_field(self, "hint", hint)
        set_field(self, "waived", waived)
        set_field(self, "file_key", file_key)
        set_field(
            self, "fingerprint", self.fingerprint_with(file_key if file_key is not None else place.file)
        )

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Finding is immutable: cannot assign {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Finding is immutable: cannot delete {name!r}")

    def __reduce__(self) -> tuple[type[Finding], tuple[object, ...]]:
        # Findings cross process boundaries (``--jobs``): rebuilt through ``__init__``, since the
        # default for slots would assign each field.
        return (Finding, tuple(getattr(self, name) for name in self._INIT))

    def _compared(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__ if name != "file_key")

    def __eq__(self, other: object) -> bool:
        if type(other) is not Finding:
            return NotImplemented
        return self._compared() == other._compared()

    def __hash__(self) -> int:
        return hash(self._compared())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"Finding({fields})"

    def replace(self, **changes: object) -> Finding:
        """A copy with ``changes`` applied; the fingerprint is derived again."""
        values = {name: getattr(self, name) for name in self._INIT}
        unknown = changes.keys() - values.keys()
        if unknown:
            raise TypeError(f"Finding has no field {sorted(unknown)[0]!r}")
        values.update(changes)
        return Finding(**values)

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
