"""What discovery hands to loading: the files of an instance (InputFile) and the instance (InstanceSpec)."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from linter.errors import LintError
from linter.formats import Recognised, Role


class InputFile(NamedTuple):
    """A file that belongs to an instance, with the layer it provides."""

    path: Path
    display: str
    role: Role
    format: str  # a key of linter.formats.LOADERS
    shared: bool
    env_type_hint: str | None = None
    blob: str | None = None  # repository-relative path when read from a git tree, not the disk


class InstanceSpec(NamedTuple):
    """What discovery knows about an instance before any file is parsed."""

    name: str
    directory: str
    files: tuple[InputFile, ...]
    manifest: InputFile | None
    dir_env_type: str | None
    env_type: str | None = None  # stated by the settings file's inventory: wins over everything
    project: str | None = None
    stated: bool = False  # named by the settings file's inventory (its name wins over a manifest's)
    errors: tuple[LintError, ...] = ()  # found before any file is read: the instance is not checked


def input_file(path: Path, display: str, found: Recognised, blob: str | None = None) -> InputFile:
    """The one place an InputFile is made: a file, how it is shown, and what the registry says of it."""
    return InputFile(path, display, found.role, found.format, found.shared, found.env_type_hint, blob)


def split_manifest(members: list[InputFile]) -> tuple[list[InputFile], InputFile | None]:
    """An instance's members as its files, in order, and its manifest (the last one, if several)."""
    manifests = [member for member in members if member.role is Role.MANIFEST]
    return [member for member in members if member.role is not Role.MANIFEST], (
        manifests[-1] if manifests else None
    )
