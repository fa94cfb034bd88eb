"""Read configuration files as they are in a git revision or in the index, without touching the work tree.

Every answer from git is NUL-terminated or keyed by object id, so no file name (a newline, a tab, a quote,
a leading dash, bytes that are not UTF-8) can shift or spoof another file's content.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from linter.errors import LoadError, UsageError

if TYPE_CHECKING:
    from linter.model.discovery import InputFile, InstanceSpec

INDEX = ":"  # the staging area: what the next commit will contain
_REGULAR = ("100644", "100755")  # the modes of a plain file; 120000 is a symbolic link, 160000 a submodule


def _git(root: Path | None, *args: str, data: bytes | None = None) -> bytes:
    # --literal-pathspecs: a directory called '*' or ':(glob)x' is a name, not a pattern.
    command = ["git", *(["-C", str(root)] if root else []), "--literal-pathspecs", *args]
    try:
        done = subprocess.run(command, input=data, capture_output=True, check=False, timeout=300)
    except FileNotFoundError:
        raise UsageError("git is not installed, but --base/--staged need it") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {args[0]} failed: {message[-1] if message else 'unknown error'}")
    return done.stdout


def repository_root(start: Path) -> Path:
    """The top of the git work tree containing ``start``."""
    return Path(os.fsdecode(_git(start, "rev-parse", "--show-toplevel").rstrip(b"\n")))


def resolve_commit(root: Path, revision: str) -> str | None:
    """The commit id ``revision`` names, or None (a fresh repository has no HEAD yet)."""
    if not revision or revision.startswith("-"):  # never let a revision be read as an option
        return None
    try:
        found = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    except UsageError:
        return None
    return found.decode("ascii", "replace").strip() or None


class _Entry(NamedTuple):
    mode: str
    oid: str
    stage: str  # "0" unless the index holds a merge conflict for the path
    size: int | None  # known from ls-tree --long; the index does not list sizes


class GitTree:
    """The files of one revision (or of the index, ``INDEX``) of a repository."""

    def __init__(self, root: Path, revision: str, commit: str | None = None) -> None:
        self.root = root
        self.revision = revision
        self.commit = commit or revision  # what git is asked about; ``revision`` is what messages show
        self._entries: dict[str, _Entry] = {}
        self._wanted: list[str] = []
        self._cache: dict[str, bytes | LoadError] = {}

    @property
    def label(self) -> str:
        """``the index`` or the revision name, for messages."""
        return "the index" if self.revision == INDEX else self.revision

    def display(self, path: str) -> str:
        """How a file of this tree is named in messages: ``REV:path`` for a revision, as git names it."""
        from linter.model.discovery import display_path, printable

        return (
            display_path(self.root / path) if self.revision == INDEX else printable(f"{self.revision}:{path}")
        )

    def files(self, pathspecs: list[str]) -> list[str]:
        """Repository-relative paths of the files under ``pathspecs`` (repository-relative too)."""
        pathspecs = [spec or "." for spec in pathspecs]
        specs = ["--", *pathspecs] if pathspecs else []
        if self.revision == INDEX:
            raw = _git(self.root, "ls-files", "-z", "--stage", "--cached", "--full-name", *specs)
        else:
            raw = _git(self.root, "ls-tree", "-r", "-z", "--long", "--full-tree", self.commit, *specs)
        names: set[str] = set()
        for record in raw.split(b"\0"):
            if not record:
                continue
            # ls-files --stage: "mode oid stage\tpath"; ls-tree --long: "mode type oid size\tpath".
            head, _, name_bytes = record.partition(b"\t")
            fields = head.decode("ascii", "replace").split()
            size: int | None = None
            if self.revision == INDEX and len(fields) == 3:
                mode, oid, stage = fields
            elif self.revision != INDEX and len(fields) == 4:
                mode, oid, stage = fields[0], fields[2], "0"
                size = int(fields[3]) if fields[3].isdigit() else None
            else:
                continue
            name = name_bytes.decode("utf-8", "surrogateescape")
            if mode == "160000":  # a submodule: a commit, not a file of this repository
                continue
            previous = self._entries.get(name)
            if previous is None or previous.stage != "0":
                self._entries[name] = _Entry(mode, oid, stage, size)
            names.add(name)
        return sorted(names)

    def want(self, paths: list[str]) -> None:
        """Note blobs that will be read, so the first read fetches them all with one git process."""
        self._wanted.extend(path for path in paths if path not in self._cache)

    def read(self, path: str, max_bytes: int) -> bytes:
        """The content of one file in this tree; raises LoadError when it cannot be read."""
        if path not in self._cache:
            self._fetch([*self._wanted, path], max_bytes)
            self._wanted = []
        found = self._cache[path]
        if isinstance(found, LoadError):
            raise found
        return found

    def _fetch(self, paths: list[str], max_bytes: int) -> None:
        """Fill the cache for ``paths``: content, or the error that stands for it."""
        wanted: dict[str, str] = {}  # oid -> a path with that content
        same: dict[str, list[str]] = {}
        for path in dict.fromkeys(paths):
            if path in self._cache:
                continue
            problem = self._problem(path)
            if problem is not None:
                self._cache[path] = LoadError(problem, self.display(path))
                continue
            oid = self._entries[path].oid
            same.setdefault(oid, []).append(path)
            wanted.setdefault(oid, path)
        if not wanted:
            return
        sizes = {oid: size for oid in wanted if (size := self._entries[wanted[oid]].size) is not None}
        unknown = [oid for oid in wanted if oid not in sizes]
        if unknown:
            sizes.update(self._sizes(unknown))
        small = [oid for oid in wanted if sizes.get(oid, -1) >= 0 and sizes[oid] <= max_bytes]
        contents = self._contents(small) if small else {}
        for oid, members in same.items():
            size = sizes.get(oid, -1)
            for path in members:
                if size < 0 or (size <= max_bytes and oid not in contents):
                    found: bytes | LoadError = LoadError(
                        f"cannot read this file from {self.label} (object {oid} is missing)",
                        self.display(path),
                    )
                elif size > max_bytes:
                    found = LoadError(
                        f"file is {size} bytes in {self.label}, over the {max_bytes}-byte limit"
                        " (see --max-file-size)",
                        self.display(path),
                    )
                else:
                    found = contents[oid]
                self._cache[path] = found

    def _problem(self, path: str) -> str | None:
        """Why ``path`` has no readable content in this tree, or None."""
        entry = self._entries.get(path)
        if entry is None:
            return f"not in {self.label}"
        if entry.stage != "0":
            return f"has an unresolved merge conflict in {self.label}"
        if entry.mode == "120000":
            return f"is a symbolic link in {self.label}; commit the file itself, links are not followed"
        if entry.mode not in _REGULAR:
            return f"is not a regular file in {self.label} (mode {entry.mode})"
        return None

    def _sizes(self, oids: list[str]) -> dict[str, int]:
        """Object id -> size of each blob that exists (-1: missing or not a blob)."""
        output = _git(self.root, "cat-file", "--batch-check", data="".join(f"{o}\n" for o in oids).encode())
        sizes: dict[str, int] = {}
        for line in output.decode("ascii", "replace").splitlines():
            fields = line.split()
            if len(fields) == 3 and fields[1] == "blob" and fields[2].isdigit():
                sizes[fields[0]] = int(fields[2])
            elif fields:
                sizes[fields[0]] = -1
        return sizes

    def _contents(self, oids: list[str]) -> dict[str, bytes]:
        """Object id -> content, from one ``git cat-file --batch`` fed object ids only."""
        output = _git(self.root, "cat-file", "--batch", data="".join(f"{o}\n" for o in oids).encode())
        contents: dict[str, bytes] = {}
        offset = 0
        for oid in oids:
            end = output.find(b"\n", offset)
            if end < 0:
                break
            header = output[offset:end].split()
            offset = end + 1
            if len(header) != 3 or header[1] != b"blob" or header[0].decode("ascii", "replace") != oid:
                if len(header) == 3:  # an object of another type: skip its body to stay in step
                    offset += int(header[2]) + 1
                continue
            size = int(header[2])
            if len(output) < offset + size:
                break
            contents[oid] = output[offset : offset + size]
            offset += size + 1
        return contents


def relative_to_root(root: Path, path: str) -> str:
    """A command-line path as a repository-relative pathspec."""
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(root.resolve())
    except ValueError:
        raise UsageError(f"{path} is outside the git repository {root}") from None
    text = relative.as_posix()
    return "" if text == "." else text


def reader_for(tree: GitTree) -> Callable[[InputFile, int], str]:
    """A file reader that takes each file's content from ``tree`` instead of the disk."""
    from linter.loaders.reading import decode_text, read_text

    def read(file: InputFile, max_bytes: int) -> str:
        if file.blob is None:
            return read_text(file.path, file.display, max_bytes)
        return decode_text(tree.read(file.blob, max_bytes), file.display)

    return read


def prefetch(tree: GitTree, specs: list[InstanceSpec]) -> None:
    """Note every blob the specs need, so that they are read in one batch."""
    tree.want(
        [
            f.blob
            for spec in specs
            for f in (*spec.files, *([spec.manifest] if spec.manifest else []))
            if f.blob
        ]
    )
