"""A listing: the files of one root as folders to walk, from the disk or from a git tree.

Discovery (linter/model/discovery.py) and the settings inventory walk the same two kinds of listing
with the same code; only how a folder's entries are found, how a file is named and read, and what a
symbolic link means differ. The disk is listed lazily, one folder at a time, so that checking one
file reads one folder and a scan never enters a folder it does not walk.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

from linter.filepaths import display_path
from linter.formats import Recognised
from linter.model.inputs import InputFile, input_file
from linter.model.scope import ReadScope

# What an entry of a folder is. A link to a file counts as a file (it is read through); a link to a
# folder is walked only where the rules for links say so (see discovery).
FILE = "file"
FOLDER = "folder"
LINKED_FOLDER = "linked folder"
OTHER = "other"  # a broken link, a FIFO, a device: present, but not a regular file
FOLDERS = (FOLDER, LINKED_FOLDER)


if TYPE_CHECKING:  # protocols only type-check: creating a Protocol class costs start-up half a millisecond
    from typing import Protocol

    class Listing(Protocol):
        """A flat list of files: a git revision or the index (see linter.gitstate.GitTree)."""

        root: Path

        def files(self, pathspecs: list[str]) -> list[str]:
            """Root-relative paths of the files under ``pathspecs`` (root-relative too)."""
            ...

        def display(self, path: str) -> str:
            """How the file at root-relative ``path`` is named in messages."""
            ...

    class Folders(Protocol):
        """One root's files as folders: what discovery and the inventory walk. Paths are root-relative,
        ``/``-separated; ``""`` is the root."""

        root: Path

        def entries(self, folder: str) -> dict[str, str]:
            """Name -> kind (FILE, FOLDER, LINKED_FOLDER, OTHER) of what ``folder`` holds; {} when none."""
            ...

        def up(self, folder: str) -> str | None:
            """The folder above ``folder`` (``..``), or None where the listing ends."""
            ...

        def identity(self, path: str) -> str:
            """What ``path`` is, whatever it is called: two names of one folder are one instance."""
            ...

        def own_name(self, path: str) -> str:
            """The name of the folder or file at ``path`` (a link's target's, on disk)."""
            ...

        def refused(self, path: str, folder: str) -> bool:
            """True when ``path`` in instance ``folder`` is reached through a link that leads outside the
            root and must not be read (the caller reports it)."""
            ...

        def escapes(self, path: str, boundary: Path) -> bool:
            """True when ``path`` leads outside ``boundary`` and must not be read (the caller reports it)."""
            ...

        def input_file(self, path: str, found: Recognised) -> InputFile:
            """The InputFile for ``path``, read from where this listing's files are read."""
            ...


def join(folder: str, name: str) -> str:
    """``folder/name`` for root-relative paths (the root is ``""``)."""
    return f"{folder}/{name}" if folder else name


def kind_of(folders: Folders, path: str) -> str | None:
    """The kind of the entry at ``path``, or None when there is none."""
    parent, _, name = path.rpartition("/")
    return folders.entries(parent).get(name)


def absolute(folders: Folders, path: str) -> Path:
    """``path`` below the listing's root, as a Path (the root itself for ``""``)."""
    return folders.root / path if path else folders.root


class DiskFolders:
    """The disk below ``root``, one ``os.scandir`` per folder, each read once."""

    def __init__(self, root: Path, scope: ReadScope) -> None:
        self.root = root
        self._scope = scope
        self._entries: dict[str, dict[str, str]] = {}

    def entries(self, folder: str) -> dict[str, str]:
        found = self._entries.get(folder)
        if found is None:
            found = self._entries[folder] = _scan(absolute(self, folder))
        return found

    def up(self, folder: str) -> str | None:
        return join(folder, "..")

    def identity(self, path: str) -> str:
        return os.path.realpath(absolute(self, path))

    def own_name(self, path: str) -> str:
        return absolute(self, path).resolve().name

    def refused(self, path: str, folder: str) -> bool:
        where = absolute(self, path)
        return self._scope.through_link(where, absolute(self, folder)) and not self._scope.allows(
            where, self.root, note=False
        )

    def escapes(self, path: str, boundary: Path) -> bool:
        return not self._scope.allows(absolute(self, path), boundary, note=False)

    def input_file(self, path: str, found: Recognised) -> InputFile:
        where = absolute(self, path)
        return input_file(where, display_path(where), found)


def _scan(directory: Path) -> dict[str, str]:
    """The entries of one folder on disk, by kind; an unreadable folder has none (as os.walk skips it)."""
    found: dict[str, str] = {}
    try:
        with os.scandir(directory) as listing:
            for entry in listing:
                found[entry.name] = _kind(entry)
    except OSError:
        return {}
    return dict(sorted(found.items()))


def _kind(entry: os.DirEntry[str]) -> str:
    try:
        if entry.is_dir():
            return LINKED_FOLDER if entry.is_symlink() else FOLDER
        return FILE if entry.is_file() else OTHER
    except OSError:  # a link in a loop, a name too long to follow
        return OTHER


class TreeFolders:
    """The files of a git revision or of the index (any ``Listing``) under ``pathspecs``, as folders.

    A link or a submodule the tree keeps is a file here (reading it is an error); a path that is both
    a kept file and a folder (a folder called env.yaml) is a folder, as on disk.
    """

    def __init__(self, tree: Listing, pathspecs: list[str]) -> None:
        self.root = tree.root
        self._tree = tree
        self._entries: dict[str, dict[str, str]] = {}
        for path in tree.files(sorted(set(pathspecs))):
            parts = path.split("/")
            for end in range(len(parts)):
                folder = "/".join(parts[:end])
                here = self._entries.setdefault(folder, {})
                if end < len(parts) - 1:
                    here[parts[end]] = FOLDER
                else:
                    here.setdefault(parts[end], FILE)
        for folder, here in self._entries.items():
            for name in here:
                if join(folder, name) in self._entries:
                    here[name] = FOLDER
        self._entries = {folder: dict(sorted(here.items())) for folder, here in self._entries.items()}

    def entries(self, folder: str) -> dict[str, str]:
        return self._entries.get(folder, {})

    def up(self, folder: str) -> str | None:
        return posixpath.dirname(folder) if folder else None

    def identity(self, path: str) -> str:
        return path

    def own_name(self, path: str) -> str:
        return absolute(self, path).name

    def refused(self, path: str, folder: str) -> bool:
        return False  # a tree follows no link: a link is a file, and reading it is the error

    def escapes(self, path: str, boundary: Path) -> bool:
        return False

    def input_file(self, path: str, found: Recognised) -> InputFile:
        return input_file(self.root / path, self._tree.display(path), found, blob=path)
