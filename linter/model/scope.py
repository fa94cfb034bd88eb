"""How far discovery may read: not through symbolic links (or inventory paths) that lead outside the tree."""

from __future__ import annotations

import os
from pathlib import Path

from linter.filepaths import display_path, inside

# An instance file (or folder) that is left unread is an error for that instance, never an absence:
# its configuration vanishing would otherwise read as a pass of every change rule.
NOT_FOLLOWED = (
    "not followed: it leads outside the scanned folder; set follow_outside: true in the settings to read it"
)
NOT_FOLLOWED_INVENTORY = (
    "not followed: it leads outside the repository; set follow_outside: true in the settings to read it"
)


class ReadScope:
    """Decides whether a file outside the scanned tree is read, and remembers each one it skipped.

    A link to ``/etc`` or another checkout must not be read (and reported on) because it happens to
    sit in a scanned folder; the settings key ``follow_outside: true`` says that it should be.
    """

    def __init__(self, follow_outside: bool = False) -> None:
        self.follow_outside = follow_outside
        self.skipped: dict[str, None] = {}  # notices, in order, each once

    def allows(self, path: Path, root: Path, what: str = "symbolic link", note: bool = True) -> bool:
        """True when ``path`` (once links are resolved) lies inside ``root``, or when following is allowed.

        ``note``: remember a refusal as a notice (False when the caller makes it an error instead).
        """
        if self.follow_outside:
            return True
        real = os.path.realpath(path)
        boundary = os.path.realpath(root)
        if inside(real, boundary):
            return True
        if not note:
            return False
        outside = display_path(Path(boundary))
        self.skipped.setdefault(
            f"skipped {what} {display_path(path)}: it leads outside "
            f"{'the working directory' if outside == '.' else outside} "
            "(set follow_outside: true in the settings file to read it)"
        )
        return False

    def through_link(self, path: Path, directory: Path) -> bool:
        """True when ``path`` inside ``directory`` is, or sits in a folder that is, a symbolic link."""
        current = path
        while current != directory and current != current.parent:
            if current.is_symlink():
                return True
            current = current.parent
        return False
