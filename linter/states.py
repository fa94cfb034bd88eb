"""Build the after and before snapshots a run compares: disk, --before PATH, --base REV, --staged."""

from __future__ import annotations

from pathlib import Path

from linter.engine import Snapshot
from linter.errors import UsageError
from linter.model.discovery import discover, discover_in_tree


def build_snapshots(
    paths: list[str], before: str | None = None, base: str | None = None, staged: bool = False
) -> tuple[Snapshot, Snapshot | None]:
    """(after, before): what is checked, and what change rules compare it with (None: no change rules)."""
    if sum(bool(option) for option in (before, base, staged)) > 1:
        raise UsageError("use only one of --before, --base and --staged")
    if before is not None:
        return Snapshot(discover(paths)), Snapshot(discover([before]))
    if base is None and not staged:
        return Snapshot(
            discover(paths),
        ), None
    from linter.gitstate import INDEX, GitTree, prefetch, reader_for, repository_root, revision_exists

    root = repository_root(Path.cwd())
    if staged:
        index = GitTree(root, INDEX)
        after = Snapshot(discover_in_tree(paths, index), reader_for(index))
        prefetch(index, after.specs)
        old_revision = "HEAD"
    else:
        after = Snapshot(discover(paths))
        old_revision = str(base)
    if not revision_exists(root, old_revision):
        if staged:  # the first commit: everything is added, no change rule applies
            return after, None
        raise UsageError(f"--base {old_revision}: no such revision")
    tree = GitTree(root, old_revision)
    previous = Snapshot(discover_in_tree(paths, tree), reader_for(tree))
    prefetch(tree, previous.specs)
    return after, previous
