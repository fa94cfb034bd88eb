"""Read configuration files as they are in a git revision or in the index, without touching the work tree."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from linter.errors import LoadError, UsageError

if TYPE_CHECKING:
    from linter.model.discovery import InputFile, InstanceSpec

INDEX = ":"  # the staging area: what the next commit will contain


def _git(root: Path | None, *args: str, data: bytes | None = None) -> bytes:
    command = ["git", *(["-C", str(root)] if root else []), *args]
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
    return Path(_git(start, "rev-parse", "--show-toplevel").decode().strip())


def revision_exists(root: Path, revision: str) -> bool:
    """True when ``revision`` names a commit (a fresh repository has no HEAD yet)."""
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except UsageError:
        return False
    return True


class GitTree:
    """The files of one revision (or of the index, ``INDEX``) of a repository."""

    def __init__(self, root: Path, revision: str) -> None:
        self.root = root
        self.revision = revision
        self._cache: dict[str, bytes] = {}

    @property
    def label(self) -> str:
        """``the index`` or the revision name, for messages."""
        return "the index" if self.revision == INDEX else self.revision

    def files(self, pathspecs: list[str]) -> list[str]:
        """Repository-relative paths of the files under ``pathspecs`` (repository-relative too)."""
        pathspecs = [spec or "." for spec in pathspecs]
        specs = ["--", *pathspecs] if pathspecs else []
        if self.revision == INDEX:
            raw = _git(self.root, "ls-files", "-z", "--cached", "--full-name", *specs)
        else:
            raw = _git(self.root, "ls-tree", "-r", "-z", "--name-only", "--full-tree", self.revision, *specs)
        return sorted(name for name in raw.decode("utf-8", "surrogateescape").split("\0") if name)

    def read_many(self, paths: list[str]) -> None:
        """Fetch many blobs with one ``git cat-file --batch`` process."""
        wanted = [path for path in paths if path not in self._cache]
        if not wanted:
            return
        prefix = ":" if self.revision == INDEX else f"{self.revision}:"
        request = "".join(f"{prefix}{path}\n" for path in wanted).encode("utf-8", "surrogateescape")
        output = _git(self.root, "cat-file", "--batch", data=request)
        offset = 0
        for path in wanted:
            end = output.index(b"\n", offset)
            header = output[offset:end].split()
            offset = end + 1
            if len(header) == 3 and header[1] == b"blob":
                size = int(header[2])
                self._cache[path] = output[offset : offset + size]
                offset += size + 1
            else:
                self._cache[path] = b""

    def read(self, path: str) -> bytes:
        """The content of one file in this tree."""
        self.read_many([path])
        return self._cache[path]


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
        raw = tree.read(file.blob)
        if len(raw) > max_bytes:
            raise LoadError(
                f"file is {len(raw)} bytes in {tree.label}, over the {max_bytes}-byte limit", file.display
            )
        return decode_text(raw, file.display)

    return read


def prefetch(tree: GitTree, specs: list[InstanceSpec]) -> None:
    """Read every blob the specs need in one batch."""
    blobs = [
        f.blob for spec in specs for f in (*spec.files, *([spec.manifest] if spec.manifest else [])) if f.blob
    ]
    tree.read_many(blobs)
