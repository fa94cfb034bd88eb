"""Generic path helpers: how a path is shown, where it sits relative to a folder or a repository."""

from __future__ import annotations

import os
from pathlib import Path

from linter.errors import UsageError
from linter.textsafe import visible


def display_path(path: Path) -> str:
    """A path as users see it: relative to the working directory when inside it, unsafe characters escaped."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return visible(str(path))
    return visible(str(path) if relative.startswith("..") else relative)


def instance_relative(file: str, directory: str) -> str | None:
    """``file`` relative to its instance ``directory`` (``/``-separated), or None when it lies outside."""
    if not file or file.startswith("<"):
        return None  # a pseudo file such as <environment> is the same from anywhere
    path, base = os.path.abspath(file), os.path.abspath(directory)
    if path == base:
        return os.path.basename(path)  # a single-file instance: its directory is the file
    if not path.startswith(base.rstrip(os.sep) + os.sep):
        return None
    return os.path.relpath(path, base).replace(os.sep, "/")


def repository_of(start: Path) -> Path | None:
    """The top of the git work tree holding ``start`` (the nearest folder with a ``.git``), or None."""
    start = Path(os.path.abspath(start))
    for directory in (start, *start.parents):
        if (directory / ".git").exists():
            return directory
    return None


def inside(path: str, root: str) -> bool:
    """True when the (resolved) ``path`` is ``root`` or lies below it."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def relative_to_root(root: Path, path: str) -> str:
    """A command-line path as a repository-relative pathspec (``""`` for the root itself)."""
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(root.resolve())
    except ValueError:
        raise UsageError(f"{path} is outside the git repository {root}") from None
    text = relative.as_posix()
    return "" if text == "." else text
