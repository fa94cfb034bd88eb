"""Files as the repository names them: the root CI systems resolve report paths against, and paths in it.

Code scanning, GitLab's Code Quality and its test reports place a finding by a path relative to the
checkout, whichever folder the run started in and however the inputs were named (``../fleet``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from linter.filepaths import inside, repository_of
from linter.location import Location
from linter.result import LintResult

# A backslash in a name on POSIX is an escape that ``visible`` wrote (``bad\\xff``), part of the name.
_WINDOWS_ABSOLUTE = re.compile(r"^([A-Za-z]:|\\\\)")
# ``REV:path`` names a file of a git revision (linter/gitstate.py); a ref name cannot hold a colon.
# The place of a live read (linter/loaders/db_live.py Dsn.label): a server, no file in any tree.
_DSN_SCHEMES = ("mysql://", "mariadb://")
_ROW = "core_config_data "  # how a row's place names it: ``core_config_data websites/eu, config_id 12``
_REVISION_FILE = re.compile(r"^(?![A-Za-z]:[\\/])[^:\\]+:(?P<path>[^:].*)$")


def source_root(result: LintResult) -> str:
    """The git work tree of the first input on disk, else the working directory's, else the
    working directory itself: absolute, without a trailing separator."""
    for file in result.inputs:
        if os.path.exists(file):
            repository = repository_of(Path(os.path.dirname(os.path.abspath(file))))
            if repository is not None:
                return str(repository)
            break
    repository = repository_of(Path.cwd())
    return str(repository if repository is not None else Path.cwd())


def pseudo(file: str) -> bool:
    """Whether ``file`` names no file at all (``<environment>``, ``<example:...>``, a live database's
    ``mysql://host/db`` or ``mysql:///db?unix_socket=...``, not a git ``REV:path``) or is empty."""
    return not file or file.startswith(("<", *_DSN_SCHEMES))


def is_row(place: Location) -> bool:
    """Whether ``place`` is a ``core_config_data`` row (linter/model/database.py ``Row.location``): its
    ``variable`` names the row, not an environment variable."""
    return bool(place.variable) and str(place.variable).startswith(_ROW)


def set_by(place: Location) -> str:
    """What a message adds for where a value came from beyond its file and line: the variable that set
    it, or the database row (with the server of a live read, which is no file to point at)."""
    if not place.variable:
        return ""
    if is_row(place):
        return f" ({place.variable} in {place.file})" if pseudo(place.file) else f" ({place.variable})"
    return f" (set by variable {place.variable})"


def in_repository(file: str, root: str) -> str | None:
    """``file`` relative to ``root`` with forward slashes, or None when it lies outside (or is pseudo).

    A file of a git revision (``HEAD:app/etc/env.php``) is named by its path in the repository.
    """
    if pseudo(file):
        return None
    if not os.path.exists(file):
        revision = _REVISION_FILE.match(file)
        if revision is not None:
            return PurePosixPath(revision["path"]).as_posix()
    if _WINDOWS_ABSOLUTE.match(file) and os.sep == "/":  # a Windows name read on POSIX: not here
        return None
    absolute = os.path.abspath(file)
    if not inside(absolute, root) or absolute == root:
        return None
    return Path(os.path.relpath(absolute, root)).as_posix()


def repository_path(file: str, root: str) -> str | None:
    """The path a CI system shows for ``file``: in the repository when it is, else as given."""
    if pseudo(file):
        return None
    return in_repository(file, root) or file
