"""Build the after and before snapshots a run compares: disk, --before PATH, --base REV, --staged."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from linter.before import Snapshot, place_key
from linter.errors import LintError, LoadError, SettingsError, UsageError
from linter.filepaths import display_path, relative_to_root
from linter.gitstate import INDEX, GitTree, merge_base, repository_root, resolve_commit
from linter.model.discovery import (
    InstanceSpec,
    discover,
    discover_in_tree,
    inventory_specs,
    named_as_input,
)
from linter.model.loading import reader_for

if TYPE_CHECKING:
    from linter.model.listing import Listing
from linter.model.scope import ReadScope
from linter.record import Record
from linter.settings import SETTINGS_MAX_BYTES, Settings, parse_settings
from linter.textsafe import visible


def _specs(
    paths: list[str], settings: Settings, explicit: bool, scope: ReadScope, tree: Listing | None = None
) -> list[InstanceSpec]:
    """The instances of one side: from the inventory when the settings have one, else discovered; listed
    from ``tree`` (a git revision or the index) when given, else from the disk."""
    if settings.instances:
        only = paths if explicit else None
        return inventory_specs(settings.instances, settings.base, only, tree, scope, settings.file)
    return discover_in_tree(paths, tree) if tree is not None else discover(paths, scope)


def build_snapshots(
    paths: list[str],
    before: str | None = None,
    base: str | None = None,
    staged: bool = False,
    settings: Settings | None = None,
    explicit_paths: bool = True,
    revisions: GitRange | None = None,
) -> tuple[Snapshot, Snapshot | None]:
    """(after, before): what is checked, and what change rules compare it with (None: no change rules).

    The after snapshot's ``notices`` name each file skipped because it leads outside the tree.
    """
    settings = settings or Settings(Path.cwd())
    scope = ReadScope(settings.follow_outside)
    if revisions is not None:
        if before is not None or base is not None or staged:
            raise UsageError(f"use only one of {revisions.origin}, --before, --base and --staged")
        after, previous = _range_snapshots(paths, revisions, settings, explicit_paths, scope)
    else:
        after, previous = _snapshots(paths, before, base, staged, settings, explicit_paths, scope)
    return after.replace(notices=tuple(scope.skipped)), previous


def _snapshots(
    paths: list[str],
    before: str | None,
    base: str | None,
    staged: bool,
    settings: Settings,
    explicit_paths: bool,
    scope: ReadScope,
) -> tuple[Snapshot, Snapshot | None]:
    if sum(bool(option) for option in (before, base, staged)) > 1:
        raise UsageError("use only one of --before, --base and --staged")
    if before is not None:
        earlier = discover([before], scope)
        if not earlier:  # an empty or mistyped DIR would make every instance look added
            raise UsageError(
                f"--before {visible(before)}: no instance found there (no env.php, config.php or config dump)"
            )
        # Directories are compared below each side's root: old/fleet/eu is new/fleet/eu.
        after_root = _root_of(paths[0]) if len(paths) == 1 else None
        return (
            Snapshot(_specs(paths, settings, explicit_paths, scope), root=after_root),
            Snapshot(earlier, root=_root_of(before)),
        )
    if base is None and not staged:
        return Snapshot(_specs(paths, settings, explicit_paths, scope)), None
    root = repository_root(Path.cwd())
    if staged:
        index = GitTree(root, INDEX, kept=named_as_input)
        after = Snapshot(_specs(paths, settings, explicit_paths, scope, index), reader_for(index))
        _prefetch(index, after.specs)
        old_revision = "HEAD"
    else:
        after = Snapshot(_specs(paths, settings, explicit_paths, scope))
        old_revision = str(base)
    commit = resolve_commit(root, old_revision)
    if commit is None:
        if staged:  # the first commit: everything is added, no change rule applies
            return after, None
        raise UsageError(f"--base {old_revision}: no such revision")
    tree = GitTree(root, old_revision, commit, kept=named_as_input)
    settings_then = _settings_at(tree, settings)
    previous = Snapshot(
        _specs(paths, settings_then, explicit_paths, scope, tree), reader_for(tree), opaque=_opaque(tree)
    )
    _prefetch(tree, previous.specs)
    return after, previous


class GitRange(Record):
    """Two revisions to compare, as pre-commit names them (``--from-ref``/``--to-ref``, a push)."""

    __slots__ = ("old", "new", "origin")

    def __init__(self, old: str, new: str, origin: str) -> None:
        self.old = old
        self.new = new
        self.origin = origin  # what asked for the range, named in messages (the variables pre-commit sets)


def _range_snapshots(
    paths: list[str], revisions: GitRange, settings: Settings, explicit_paths: bool, scope: ReadScope
) -> tuple[Snapshot, Snapshot | None]:
    """The files of ``new`` against those of the merge base of ``old`` and ``new``, both read from git.

    The merge base is what pre-commit lists the changed files against (``git diff old...new``), and what
    a pull request shows; without one (unrelated or shallow histories) ``old`` itself, as pre-commit does.
    """
    root = repository_root(Path.cwd())
    commits = []
    for name, revision in (("old", revisions.old), ("new", revisions.new)):
        commit = resolve_commit(root, revision)
        if commit is None:
            raise UsageError(
                f"{revisions.origin}: '{visible(revision)}' ({name} side) names no commit here"
                " (in CI, fetch it, or more history: actions/checkout fetch-depth: 0)"
            )
        commits.append(commit)
    old, new = commits
    common = merge_base(root, old, new) or old
    checked_out = resolve_commit(root, "HEAD") == new
    tree = GitTree(root, revisions.new, new, kept=named_as_input, checked_out=checked_out)
    now = _settings_at(tree, settings)
    after = Snapshot(_specs(paths, now, explicit_paths, scope, tree), reader_for(tree))
    _prefetch(tree, after.specs)
    label = revisions.old if common == old else common[:12]
    then = GitTree(root, label, common, kept=named_as_input)
    previous = Snapshot(
        _specs(paths, _settings_at(then, settings), explicit_paths, scope, then),
        reader_for(then),
        opaque=_opaque(then),
    )
    _prefetch(then, previous.specs)
    return after, previous


def _prefetch(tree: GitTree, specs: list[InstanceSpec]) -> None:
    """Note every blob the specs need, so that they are read in one batch."""
    tree.want(
        [
            f.blob
            for spec in specs
            for f in (*spec.files, *([spec.manifest] if spec.manifest else []))
            if f.blob
        ]
    )


def _settings_at(tree: GitTree, settings: Settings) -> Settings:
    """The settings as the before side knows them: its inventory is the one committed at that revision.

    Today's inventory may re-label the instances (``environment_type: development``) in the very commit
    that rotates production's keys; the before state must not be read through that label. A settings
    file the revision does not have means no inventory there; one that does not parse is an error.
    """
    if settings.file is None:
        return settings
    path = settings.base / Path(settings.file).name
    try:
        relative = relative_to_root(tree.root, str(path))
    except UsageError:  # outside the repository: the same file on both sides
        return settings
    if relative not in tree.files([relative]):
        return settings.replace(instances=())
    display = tree.display(relative)
    try:
        text = tree.read(relative, SETTINGS_MAX_BYTES).decode("utf-8")
    except UnicodeDecodeError:
        raise SettingsError("settings file is not UTF-8", display) from None
    except LoadError as error:
        raise SettingsError(error.message, display) from None
    return settings.replace(instances=parse_settings(path, display, text).instances)


def _root_of(path: str) -> str:
    """The folder a path's instances are placed under: the path itself, or a file's folder."""
    return path if Path(path).is_dir() else os.path.dirname(path) or os.curdir


def _opaque(tree: GitTree) -> dict[str, LintError]:
    """Location -> error, for each link or submodule in ``tree`` whose files are not listed."""
    return {
        place_key(display_path(tree.root / path), None): LoadError(
            f"is {what} in {tree.label}: the files below it cannot be compared", tree.display(path)
        )
        for path, what in tree.opaque.items()
    }
