"""What discovery hands to loading: the files of an instance (InputFile) and the instance (InstanceSpec)."""

from __future__ import annotations

from pathlib import Path

from linter.errors import LintError
from linter.formats import Recognised, Role
from linter.record import Record


class InputFile(Record):
    """A file that belongs to an instance, with the layer it provides."""

    __slots__ = ("path", "display", "role", "format", "shared", "env_type_hint", "blob")

    def __init__(
        self,
        path: Path,
        display: str,
        role: Role,
        format: str,
        shared: bool,
        env_type_hint: str | None = None,
        blob: str | None = None,
    ) -> None:
        self.path = path
        self.display = display
        self.role = role
        self.format = format  # a key of linter.formats.LOADERS
        self.shared = shared
        self.env_type_hint = env_type_hint
        self.blob = blob  # repository-relative path when read from a git tree, not the disk


class InstanceSpec(Record):
    """What discovery knows about an instance before any file is parsed."""

    __slots__ = (
        "name",
        "directory",
        "files",
        "manifest",
        "dir_env_type",
        "env_type",
        "project",
        "stated",
        "errors",
        "database",
    )

    def __init__(
        self,
        name: str,
        directory: str,
        files: tuple[InputFile, ...],
        manifest: InputFile | None,
        dir_env_type: str | None,
        env_type: str | None = None,
        project: str | None = None,
        stated: bool = False,
        errors: tuple[LintError, ...] = (),
        database: str | None = None,
    ) -> None:
        self.name = name
        self.directory = directory
        self.files = files
        self.manifest = manifest
        self.dir_env_type = dir_env_type
        self.env_type = env_type  # stated by the settings file's inventory: wins over everything
        self.project = project
        self.stated = stated  # named by the settings file's inventory (its name wins over a manifest's)
        self.errors = errors  # found before any file is read: the instance is not checked
        self.database = database  # a DSN, or "env.php", to read the database live (--db); None: not


def input_file(path: Path, display: str, found: Recognised, blob: str | None = None) -> InputFile:
    """The one place an InputFile is made: a file, how it is shown, and what the registry says of it."""
    return InputFile(path, display, found.role, found.format, found.shared, found.env_type_hint, blob)


def split_manifest(members: list[InputFile]) -> tuple[list[InputFile], InputFile | None]:
    """An instance's members as its files, in order, and its manifest (the last one, if several)."""
    manifests = [member for member in members if member.role is Role.MANIFEST]
    return [member for member in members if member.role is not Role.MANIFEST], (
        manifests[-1] if manifests else None
    )
