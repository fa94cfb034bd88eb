"""Settings: found upward from the working directory (stopping at the repository root), validated,
then layered under command-line options. Mappings merge; lists and scalars replace."""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from linter.errors import LoadError, SettingsError
from linter.filepaths import display_path, repository_of
from linter.formats import LOADERS, Role
from linter.loaders.document import Document
from linter.record import Record

SETTINGS_NAMES = ("commerce-lint.yaml", "commerce-lint.yml", ".commerce-lint.yaml")


class Waiver(Record):
    """An accepted finding: which rule, where, why, who, until when."""

    __slots__ = ("rule", "reason", "instance", "path", "owner", "expires", "line")

    def __init__(
        self,
        rule: str,
        reason: str,
        instance: str = "*",
        path: str | None = None,
        owner: str | None = None,
        expires: datetime.date | None = None,
        line: int | None = None,
    ) -> None:
        self.rule = rule
        self.reason = reason
        self.instance = instance
        self.path = path
        self.owner = owner
        self.expires = expires
        self.line = line

    def describe(self) -> str:
        """``reason (owner, until date)``."""
        extra = ", ".join(
            part for part in (self.owner, f"until {self.expires}" if self.expires else None) if part
        )
        return f"{self.reason} ({extra})" if extra else self.reason


class InventoryEntry(Record):
    """One instance named in the settings file, with its files (globs) and facts."""

    __slots__ = ("name", "files", "environment_type", "project", "lines")

    def __init__(
        self,
        name: str,
        files: tuple[dict[str, str], ...],
        environment_type: str | None = None,
        project: str | None = None,
        lines: tuple[int | None, ...] = (),
    ) -> None:
        self.name = name
        self.files = files
        self.environment_type = environment_type
        self.project = project
        self.lines = lines  # the settings file line of each ``files`` item


class Settings(Record):
    """Everything a settings file may say; ``file`` is None when no settings file was found.

    ``base`` is the folder relative paths start from: the settings file's, else the working one.
    """

    __slots__ = (
        "base",
        "file",
        "paths",
        "rules",
        "select",
        "ignore",
        "severity",
        "fail_on",
        "max_file_size",
        "jobs",
        "baseline",
        "quotas",
        "instances",
        "waivers",
        "follow_outside",
        "found_above",
        "lines",
        "db",
    )

    def __init__(
        self,
        base: Path,
        file: str | None = None,
        paths: tuple[str, ...] = (),
        rules: tuple[str, ...] = (),
        select: tuple[str, ...] = (),
        ignore: tuple[str, ...] = (),
        severity: Mapping[str, str] = {},
        fail_on: str | None = None,
        max_file_size: int | None = None,
        jobs: int | None = None,
        baseline: str | None = None,
        quotas: Mapping[str, int] = {},
        instances: tuple[InventoryEntry, ...] = (),
        waivers: tuple[Waiver, ...] = (),
        follow_outside: bool = False,
        found_above: bool = False,
        lines: Mapping[str, int] = {},
        db: str | None = None,
    ) -> None:
        self.base = base
        self.file = file
        self.paths = paths
        self.rules = rules
        self.select = select
        self.ignore = ignore
        self.severity = severity  # read-only through its type; a plain dict pickles
        self.fail_on = fail_on
        self.max_file_size = max_file_size
        self.jobs = jobs
        self.baseline = baseline
        self.quotas = quotas
        self.instances = instances
        self.waivers = waivers
        self.follow_outside = (
            follow_outside  # read symbolic links and inventory paths that lead outside the tree
        )
        self.found_above = (
            found_above  # found above the working directory, with no repository to bound the search
        )
        # Lines of the rule ids named under select, ignore and severity ("select/0", "severity/CSC-X"),
        # so that one naming no rule is reported where it is written.
        self.lines = lines
        self.db = db  # the database to read live (a DSN without password, or "env.php"), as --db


def find_settings(start: Path) -> Path | None:
    """The nearest settings file from ``start`` upward, not above the repository root."""
    for directory in (start, *start.parents):
        for name in SETTINGS_NAMES:
            # Not is_file(): a settings file that is a FIFO, a directory or a broken link must be an
            # error when read, not silently skipped.
            if os.path.lexists(directory / name):
                return directory / name
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and "[tool.commerce-lint]" in pyproject.read_text(errors="replace"):
            return pyproject
        if (directory / ".git").exists():
            return None
    return None


SETTINGS_MAX_BYTES = 4 * 1024 * 1024


def _document(path: Path, display: str, text: str | None = None) -> Document:
    from linter.loaders.reading import read_text

    if text is None:
        text = read_text(path, display, SETTINGS_MAX_BYTES)
    if path.name != "pyproject.toml":
        from linter.loaders.yaml_loader import load_yaml

        return load_yaml(text, display, typed_numbers=True)
    import tomllib

    try:
        data = tomllib.loads(text).get("tool", {}).get("commerce-lint", {})
    except tomllib.TOMLDecodeError as error:
        raise LoadError(f"invalid TOML: {error}", display) from None
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == "[tool.commerce-lint]"), 0)

    def positions() -> dict[tuple[str, ...], Any]:
        from linter.loaders.document import Position

        found: dict[tuple[str, ...], Any] = {}
        for number, line in enumerate(lines[start:], start + 1):
            key = line.split("=", 1)[0].strip()
            if "=" in line and key and (key,) not in found:
                found[(key,)] = Position(number, 1)
        return found

    return Document(display, "toml", data if isinstance(data, dict) else {}, position_source=positions)


def load_settings(explicit: str | None = None, start: Path | None = None) -> Settings:
    """Read, validate and freeze the settings file (``--config FILE`` or the nearest one)."""
    origin = (start or Path.cwd()).resolve()
    path = Path(explicit) if explicit else find_settings(origin)
    if path is None:
        return Settings(Path.cwd())
    if explicit and not path.is_file():
        found = "not a regular file (a directory, FIFO or device?)" if path.exists() else "not found"
        raise SettingsError(f"settings file {found}", explicit)
    settings = parse_settings(path, display_path(path))
    if not explicit and path.parent != origin:
        # Inside a repository the search stops at its root; without one it went up to /, and a
        # settings file up there (a home folder's, another project's) must not apply unannounced.
        return settings.replace(found_above=repository_of(origin) is None)
    return settings


def parse_settings(path: Path, display: str, text: str | None = None) -> Settings:
    """Validate and freeze the settings file at ``path`` (its ``text`` when given: a git revision's)."""
    from linter.validation import schema_problems

    try:
        document = _document(path, display, text)
    except LoadError as error:
        raise SettingsError(error.message, error.file, error.line, error.column) from None
    problems = schema_problems(document, "settings.schema.json") or _inventory_problems(document)
    if problems:
        key, line, message = min(problems, key=lambda problem: problem[1] or 1 << 30)
        raise SettingsError(f"invalid settings: {key}: {message}", display, line)
    return _freeze(document, path.parent)


def _inventory_problems(document: Document) -> list[tuple[str, int | None, str]]:
    """Inventory ``role``/``format`` names the registry does not know (the schema leaves them to it)."""
    known = {
        "role": sorted(role.value for role in Role if role is not Role.MANIFEST),
        "format": sorted(LOADERS),
    }
    problems = []
    for i, entry in enumerate(document.data.get("instances") or ()):
        for j, item in enumerate(entry.get("files") or ()):
            for field, names in known.items():
                given = item.get(field) if isinstance(item, dict) else None
                if given is not None and given not in names:
                    key = ("instances", str(i), "files", str(j), field)
                    message = f"unknown {field} {given!r} (choose from {', '.join(names)})"
                    problems.append(("/".join(key), _line(document, key), message))
    return problems


def _line(document: Document, key: tuple[str, ...]) -> int | None:
    position = document.position(key)
    return position.line if position else None


def _freeze(document: Document, base: Path) -> Settings:
    data = document.data
    waivers = []
    for index, item in enumerate(data.get("waivers", [])):
        position = document.position(("waivers", str(index)))
        expires = datetime.date.fromisoformat(str(item["expires"])) if item.get("expires") else None
        waivers.append(
            Waiver(
                item["rule"],
                item["reason"],
                item.get("instance", "*"),
                item.get("path"),
                item.get("owner"),
                expires,
                position.line if position else None,
            )
        )
    inventory = tuple(
        InventoryEntry(
            item["name"],
            tuple(f if isinstance(f, dict) else {"path": f} for f in item["files"]),
            item.get("environment_type"),
            item.get("project"),
            tuple(_line(document, ("instances", str(i), "files", str(j))) for j in range(len(item["files"]))),
        )
        for i, item in enumerate(data.get("instances", []))
    )
    return Settings(
        file=document.file,
        base=base,
        paths=tuple(data.get("paths", ())),
        rules=tuple(str(base / folder) for folder in data.get("rules", ())),
        select=tuple(data.get("select", ())),
        ignore=tuple(data.get("ignore", ())),
        severity=dict(data.get("severity", {})),
        fail_on=data.get("fail_on"),
        max_file_size=data.get("max_file_size"),
        jobs=data.get("jobs"),
        baseline=str(base / data["baseline"]) if data.get("baseline") else None,
        quotas=dict(data.get("quotas", {})),
        instances=inventory,
        waivers=tuple(waivers),
        follow_outside=bool(data.get("follow_outside", False)),
        lines=_rule_id_lines(document),
        db=data.get("db"),
    )


def _rule_id_lines(document: Document) -> dict[str, int]:
    lines: dict[str, int] = {}
    for key in ("select", "ignore", "severity"):
        value = document.data.get(key)
        names = [str(i) for i in range(len(value))] if isinstance(value, list) else list(value or ())
        for name in names:
            position = document.position((key, name))
            if position is not None:
                lines[f"{key}/{name}"] = position.line
    return lines
