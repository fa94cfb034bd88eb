"""Read files as they are in a git revision or in the index, without touching the work tree.

Git plumbing only: it lists a tree and reads blobs. Which files make an instance is decided by
discovery (linter/model/discovery.py) and the format registry (linter/formats.py).

Every answer from git is NUL-terminated or keyed by object id, so no file name (a newline, a tab, a quote,
a leading dash, bytes that are not UTF-8) can shift or spoof another file's content.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import IO

from linter.errors import LoadError, UsageError
from linter.filepaths import display_path
from linter.record import Record
from linter.textsafe import visible

INDEX = ":"  # the staging area: what the next commit will contain
_OPAQUE = {"160000": "a submodule (a gitlink)", "120000": "a symbolic link"}
_FOLDER = "040000"  # git's mode for a tree: a folder
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


def merge_base(root: Path, first: str, second: str) -> str | None:
    """The best common ancestor of two commits, or None (unrelated histories, or a shallow clone)."""
    try:
        found = _git(root, "merge-base", "--end-of-options", first, second)
    except UsageError:
        return None
    return found.decode("ascii", "replace").strip() or None


class _Entry(Record):
    __slots__ = ("mode", "oid", "stage")

    def __init__(self, mode: str, oid: str, stage: str) -> None:
        self.mode = mode
        self.oid = oid
        self.stage = stage  # "0" unless the index holds a merge conflict for the path


def _no_path(path: str) -> bool:
    return False


class GitTree:
    """The files of one revision (or of the index, ``INDEX``) of a repository.

    ``kept(path)`` says which paths the caller reads: a link, a submodule or a folder named so is
    listed (reading it is an error), never left out as if the file were absent.
    """

    def __init__(
        self,
        root: Path,
        revision: str,
        commit: str | None = None,
        kept: Callable[[str], bool] = _no_path,
        checked_out: bool = False,
    ) -> None:
        self.root = root
        self._kept = kept
        self.revision = revision
        self.commit = commit or revision  # what git is asked about; ``revision`` is what messages show
        # The index, or the commit the work tree is at: its files are named as on disk, where users open them.
        self._as_on_disk = revision == INDEX or checked_out
        self._entries: dict[str, _Entry] = {}
        self._folders: set[str] = set()
        self.opaque: dict[str, str] = {}  # path -> what it is, for links and submodules not listed
        self._wanted: list[str] = []
        self._cache: dict[str, bytes | LoadError] = {}

    @property
    def label(self) -> str:
        """``the index`` or the revision name, for messages."""
        return "the index" if self.revision == INDEX else self.revision

    def display(self, path: str) -> str:
        """How a file of this tree is named in messages: ``REV:path`` for a revision, as git names it."""
        return display_path(self.root / path) if self._as_on_disk else visible(f"{self.revision}:{path}")

    def files(self, pathspecs: list[str]) -> list[str]:
        """Repository-relative paths of the files under ``pathspecs`` (repository-relative too)."""
        pathspecs = [spec or "." for spec in pathspecs]
        specs = ["--", *pathspecs] if pathspecs else []
        if self.revision == INDEX:
            raw = _git(self.root, "ls-files", "-z", "--stage", "--cached", "--full-name", *specs)
        else:
            raw = _git(self.root, "ls-tree", "-r", "-z", "--full-tree", self.commit, *specs)
        names: set[str] = set()
        for record in raw.split(b"\0"):
            if not record:
                continue
            # ls-files --stage: "mode oid stage\tpath"; ls-tree: "mode type oid\tpath".
            head, _, name_bytes = record.partition(b"\t")
            fields = head.decode("ascii", "replace").split()
            if len(fields) != 3:
                continue
            mode, oid, stage = fields if self.revision == INDEX else (fields[0], fields[2], "0")
            name = name_bytes.decode("utf-8", "surrogateescape")
            if mode in _OPAQUE and not self._kept(name):
                # A submodule (a commit, not a file of this repository) or a link: its files are not
                # listed; an instance found in its place on the other side says so (see BeforeState).
                self.opaque[name] = _OPAQUE[mode]
                continue
            # ... unless it sits where an instance file belongs: reading it as absent would make the
            # instance's keys look added, so it is kept, and reading it is an error (see _problem).
            previous = self._entries.get(name)
            if previous is None or previous.stage != "0":
                self._entries[name] = _Entry(mode, oid, stage)
            names.add(name)
            self._folders_named_as_files(name, names)
        return sorted(names)

    def _folders_named_as_files(self, path: str, names: set[str]) -> None:
        """Record each folder on ``path`` that is named as a kept file (a folder called env.yaml):
        on disk it is an unreadable file; here too, and not an absent one."""
        parts = path.split("/")
        for end in range(1, len(parts)):
            folder = "/".join(parts[:end])
            if folder not in self._folders:  # a tree lists many files per folder: each is judged once
                self._folders.add(folder)
                if folder not in self._entries and self._kept(folder):
                    self._entries[folder] = _Entry(_FOLDER, "", "0")
            entry = self._entries.get(folder)
            if entry is not None and entry.mode == _FOLDER:
                names.add(folder)

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
        by_oid: dict[str, list[str]] = {}
        for path in dict.fromkeys(paths):
            if path in self._cache:
                continue
            problem = self._problem(path)
            if problem is not None:
                self._cache[path] = LoadError(problem, self.display(path))
            else:
                by_oid.setdefault(self._entries[path].oid, []).append(path)
        if not by_oid:
            return
        found = _cat_blobs(self.root, list(by_oid), max_bytes)
        for oid, members in by_oid.items():
            content = found.get(oid)
            for path in members:
                if content is None:
                    self._cache[path] = LoadError(
                        f"cannot read this file from {self.label} (object {oid} is missing)",
                        self.display(path),
                    )
                elif isinstance(content, int):
                    self._cache[path] = LoadError(
                        f"file is {content} bytes in {self.label}, over the {max_bytes}-byte limit"
                        " (see --max-file-size)",
                        self.display(path),
                    )
                else:
                    self._cache[path] = content

    def _problem(self, path: str) -> str | None:
        """Why ``path`` has no readable content in this tree, or None."""
        entry = self._entries.get(path)
        if entry is None:
            return f"not in {self.label}"
        if entry.stage != "0":
            return f"has an unresolved merge conflict in {self.label}"
        if entry.mode == "120000":
            return f"is a symbolic link in {self.label}; commit the file itself, links are not followed"
        if entry.mode == _FOLDER:
            return f"is a folder in {self.label}, not a file"
        if entry.mode == "160000":
            return f"is a submodule (a gitlink) in {self.label}, not a file; commit the file itself"
        if entry.mode not in _REGULAR:
            return f"is not a regular file in {self.label} (mode {entry.mode})"
        return None


def _cat_blobs(root: Path, oids: list[str], max_bytes: int) -> dict[str, bytes | int]:
    """Object id -> content, or its size when over ``max_bytes`` (never held in memory); missing ids are
    left out. One ``git cat-file --batch`` fed object ids only, read as a stream."""
    import tempfile

    found: dict[str, bytes | int] = {}
    # The request goes through a file, not a pipe: git stops reading requests while its answers wait
    # to be read, so writing many requests into a pipe first could block both sides.
    with tempfile.TemporaryFile() as request:
        request.write("".join(f"{oid}\n" for oid in oids).encode("ascii"))
        request.seek(0)
        command = ["git", "-C", str(root), "cat-file", "--batch"]
        with subprocess.Popen(
            command, stdin=request, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        ) as git:
            assert git.stdout is not None
            for oid in oids:
                header = git.stdout.readline().split()
                if header == [oid.encode("ascii"), b"missing"]:
                    continue
                if len(header) != 3 or header[0] != oid.encode("ascii") or not header[2].isdigit():
                    break  # out of step, or git stopped: what is left stays unread, and so an error
                size = int(header[2])
                if header[1] == b"blob" and size <= max_bytes:
                    content = git.stdout.read(size)
                    if len(content) != size:
                        break  # cut short: never a truncated file
                    found[oid] = content
                else:
                    _skip(git.stdout, size)
                    if header[1] == b"blob":
                        found[oid] = size
                git.stdout.read(1)  # the newline after each object
            git.stdout.close()  # if we stopped early, git ends on a broken pipe
            git.wait(timeout=300)
    return found


def _skip(stream: IO[bytes], size: int) -> None:
    """Read and drop ``size`` bytes, a megabyte at a time."""
    while size > 0:
        chunk = stream.read(min(size, 1 << 20))
        if not chunk:
            return
        size -= len(chunk)
