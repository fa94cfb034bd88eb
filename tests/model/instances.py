"""Build instances from files in a temporary directory, as discovery and loading would."""

from __future__ import annotations

from pathlib import Path

from linter.model.discovery import discover
from linter.model.instance import Instance
from linter.model.loading import load_instance


def write(directory: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (relative name -> text) below ``directory``."""
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return directory


def load(directory: Path, files: dict[str, str] | None = None) -> Instance:
    """The one instance in ``directory`` (after writing ``files`` there); fails on any load error."""
    write(directory, files or {})
    specs = discover([str(directory)])
    assert len(specs) == 1, specs
    instance, errors = load_instance(specs[0])
    assert not errors, [error.one_line() for error in errors]
    assert instance is not None
    return instance
