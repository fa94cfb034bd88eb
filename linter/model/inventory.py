"""The settings file's inventory: instances named with their files, matched against a listing.

The same listing discovery walks (linter/model/listing.py): the disk below the settings file's folder,
or a git tree, so that ``check``, ``--staged`` and ``--base`` see the same files for each pattern.
"""

from __future__ import annotations

import os
import posixpath
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING

from linter.errors import LintError, LoadError, SettingsError
from linter.filepaths import display_path, relative_to_root, repository_of
from linter.formats import Recognised, Role, format_by_suffix, layer_of, recognise, template_of
from linter.model.inputs import InputFile, InstanceSpec, split_manifest
from linter.model.listing import (
    FILE,
    FOLDER,
    FOLDERS,
    DiskFolders,
    TreeFolders,
    absolute,
    join,
    kind_of,
)
from linter.model.scope import NOT_FOLLOWED_INVENTORY, ReadScope
from linter.textsafe import visible

if TYPE_CHECKING:
    from linter.model.listing import Folders, Listing
    from linter.settings import InventoryEntry


def inventory_specs(
    entries: tuple[InventoryEntry, ...],
    base: Path,
    only: list[str] | None = None,
    tree: Listing | None = None,
    scope: ReadScope | None = None,
    settings_file: str | None = None,
) -> list[InstanceSpec]:
    """Instances as the settings file's inventory names them (replaces directory discovery).

    File globs are relative to the settings file. ``only`` keeps the instances that have a file under
    one of those paths; ``tree`` reads the listing from a git revision or the index instead of the disk.
    A pattern that cannot be used, or an entry that matches no file, makes that instance an error
    naming ``settings_file`` and the line; the other instances are still checked.
    """
    scope = scope if scope is not None else ReadScope()
    boundary = repository_of(base) or base
    folders: Folders
    if tree is None:
        folders, start = DiskFolders(base, scope), ""
    else:
        start = relative_to_root(tree.root, str(base))
        folders = TreeFolders(tree, [start])
    wanted = [Path(os.path.abspath(path)) for path in only or []]
    specs = []
    for entry in entries:
        files, manifest, problems = _entry_files(entry, folders, start, boundary, settings_file)
        if wanted and not problems and not any(_under(file.path, wanted) for file in files):
            continue
        stated = visible(entry.name)
        if not files and not problems:  # a manifest alone is nothing to check either
            first = entry.lines[0] if entry.lines else None
            problem = f"inventory instance {stated}: no file matches" + (
                " but its manifest" if manifest else ""
            )
            problems.append(SettingsError(problem, settings_file, first))
        directory = display_path(Path(os.path.commonpath([f.path for f in files]))) if files else str(base)
        specs.append(
            InstanceSpec(
                stated,
                directory,
                tuple(files),
                manifest,
                None,
                entry.environment_type,
                entry.project,
                stated=True,
                errors=tuple(problems),
            )
        )
    return specs


def _entry_files(
    entry: InventoryEntry, folders: Folders, start: str, boundary: Path, settings_file: str | None
) -> tuple[list[InputFile], InputFile | None, list[LintError]]:
    """The files one inventory entry names, its manifest, and the mistakes in it (each with its line)."""
    members: list[InputFile] = []
    problems: list[LintError] = []
    stated = visible(entry.name)
    for index, item in enumerate(entry.files):
        pattern = item["path"]
        line = entry.lines[index] if index < len(entry.lines) else None
        try:
            matched = matches(pattern, folders, start)
        except ValueError as error:
            problem = f"inventory instance {stated}: files pattern {visible(pattern)!r} {error}"
            problems.append(SettingsError(problem, settings_file, line))
            continue
        for path in matched:
            if folders.escapes(path, boundary):
                # Checking the entry without it would pass what is in the unread file.
                problems.append(LoadError(NOT_FOLLOWED_INVENTORY, display_path(absolute(folders, path))))
                continue
            relative = posixpath.relpath(path, start) if start else path
            name = relative.rsplit("/", 1)[-1]
            found = recognise(name)
            if found is not None and found.role is Role.MANIFEST and "role" not in item:
                members.append(folders.input_file(path, found))
                continue
            kind = layer_of(f"app/etc/{name}" if "/app/etc/" in f"/{relative}" else name) or template_of(name)
            role = Role(item["role"]) if item.get("role") else (kind.role if kind else None)
            if role is None:
                problem = (
                    f"inventory instance {stated}: cannot tell the layer of {visible(relative)}; "
                    "give it a role (config, env, variables, config_show)"
                )
                problems.append(SettingsError(problem, settings_file, line))
                continue
            fmt = item.get("format") or (kind.format if kind else format_by_suffix(name))
            shared = kind.shared if kind else role is Role.CONFIG
            # A name's environment type hint is not taken: the inventory states the type.
            members.append(folders.input_file(path, Recognised(role, fmt, shared)))
    files, manifest = split_manifest(members)
    return files, manifest, problems


def matches(pattern: str, folders: Folders, start: str = "") -> list[str]:
    """The files of ``folders`` an inventory pattern names, relative to ``start``, as listing paths.

    Read as pathlib's glob reads it, on the disk and in a git tree alike: ``*``, ``?`` and ``[...]``
    match within one name (a hidden one too), ``**`` alone is any number of folders (not through
    links), ``..`` goes up. A ValueError says why a pattern is unusable.
    """
    if os.path.isabs(pattern):
        raise ValueError("is absolute; patterns are relative to the settings file")
    if any("**" in part and part != "**" for part in pattern.replace("\\", "/").split("/")):
        # Python 3.13's pathlib reads 'a**' as 'a*'; 3.11 and 3.12 refuse it, and so do we everywhere.
        raise ValueError("is not a usable glob (Invalid pattern: '**' can only be an entire path component)")
    parts = [part for part in pattern.split("/") if part not in ("", ".")]
    if not parts:
        raise ValueError(f"is not a usable glob (Unacceptable pattern: {pattern!r})")
    current = [start]
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        step: list[str] = []
        for folder in current:
            if part == "**":
                step.extend(_folders_below(folders, folder))
            elif part == "..":
                above = folders.up(folder)
                step.extend([above] if above is not None else [])
            elif any(char in part for char in "*?["):
                step.extend(
                    join(folder, name)
                    for name, kind in folders.entries(folder).items()
                    if fnmatchcase(name, part) and (last or kind in FOLDERS)
                )
            elif kind_of(folders, join(folder, part)) in ((FILE, *FOLDERS) if last else FOLDERS):
                step.append(join(folder, part))
        current = list(dict.fromkeys(step))
    return sorted(path for path in current if kind_of(folders, path) == FILE)


def _folders_below(folders: Folders, folder: str) -> list[str]:
    """``folder`` and every folder below it, not through links (as pathlib's ``**``)."""
    found = [folder]
    for name, kind in folders.entries(folder).items():
        if kind == FOLDER:
            found.extend(_folders_below(folders, join(folder, name)))
    return found


def _under(path: Path, roots: list[Path]) -> bool:
    absolute_path = Path(os.path.abspath(path))
    return any(absolute_path == root or root in absolute_path.parents for root in roots)
