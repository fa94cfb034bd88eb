"""Find instances: which files describe one installation, and what type of environment it is.

One algorithm over a listing (linter/model/listing.py): the disk for a plain run and ``--before``, a
git tree for ``--staged`` and ``--base``. A folder that holds instance files is an instance, and the
scan does not look inside it; the settings file's inventory, when it has one, names the instances
instead (linter/model/inventory.py), matched against the same listing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from linter.errors import LintError, LoadError, UsageError
from linter.filepaths import display_path, inside, relative_to_root, repository_of
from linter.formats import (
    FORMATS,
    SUBFOLDERS,
    Recognised,
    Role,
    dump_of,
    env_type_from_word,
    format_of_file,
    layer_of,
    names_in,
    recognise,
    template_of,
)
from linter.model.inputs import InputFile, InstanceSpec, input_file, split_manifest
from linter.model.inventory import inventory_specs
from linter.model.listing import (
    FOLDER,
    FOLDERS,
    LINKED_FOLDER,
    DiskFolders,
    TreeFolders,
    absolute,
    join,
    kind_of,
)
from linter.model.scope import NOT_FOLLOWED, ReadScope
from linter.textsafe import visible

if TYPE_CHECKING:
    from linter.model.listing import Folders, Listing

# Re-exported: the records and the listing protocol are known by this module's name elsewhere.
__all__ = [
    "MAX_SCAN_DEPTH",
    "InputFile",
    "InstanceSpec",
    "discover",
    "discover_in_tree",
    "distinct_labels",
    "env_type_from_word",
    "input_file",
    "inventory_specs",
    "named_as_input",
]

MAX_SCAN_DEPTH = 8
_DEPENDENCY_FOLDERS = frozenset({"node_modules", "vendor"})
# The folders of a Magento root (the magento/magento2 repository's top level): below a folder of shared
# files they hold Magento's code and data, never the instance folders of a monorepo.
_MAGENTO_FOLDERS = frozenset(
    {"app", "bin", "dev", "generated", "lib", "phpserver", "pub", "setup", "update", "var"}
)
# Every name an instance file may have (typed ones without a type): what a tree lists of the folders
# above a named path, to see whether they hold shared files.
_NAMES = tuple(sorted({name for kind in FORMATS for name in kind.names}))
_Found = dict[str, InstanceSpec]  # what an instance's folder is (see Folders.identity) -> the instance


def named_as_input(path: str) -> bool:
    """True when a repository path is named as a file discovery reads (env.php, env.yaml, instance.yaml);
    a git tree keeps such an entry even when it is a link or a submodule, so that reading it is an error."""
    name = _instance_dir(path)[1]
    return recognise(name) is not None or layer_of(path.rsplit("/", 1)[-1]) is not None


def discover(paths: list[str], scope: ReadScope | None = None) -> list[InstanceSpec]:
    """Instances for the command-line paths on disk: instance directories, fleets, or single files.

    Inside a scanned directory, symbolic links that lead outside it are not followed unless
    ``scope`` allows it; ``scope`` remembers each one skipped.
    """
    scope = scope if scope is not None else ReadScope()
    found: _Found = {}
    for text in paths:
        path = Path(text)
        if not path.exists():
            raise UsageError(f"no such file or directory: {visible(text)}")
        if path.is_dir():
            above = _above_on_disk(path, scope)
            _walk(DiskFolders(path, scope), "", 0, scope, found, {os.path.realpath(path)}, above)
            continue
        directory, relative = path.parent, path.name
        if directory.name == "etc" and directory.parent.name == "app":
            directory, relative = directory.parent.parent, f"app/etc/{path.name}"
        # Only the file's folder (and those above it) is listed: a one-file check reads no tree.
        _named_file(DiskFolders(directory, scope), relative, found, scope, _above_on_disk(directory, scope))
    return _unique_names(list(found.values()))


def discover_in_tree(paths: list[str], tree: Listing) -> list[InstanceSpec]:
    """Instances under ``paths`` as they are in a git revision or the index (nothing read from disk)."""
    named: list[tuple[str, str]] = []  # (the path, the folder whose instance it is)
    for text in paths or ["."]:
        relative = relative_to_root(tree.root, text)
        file_like = bool(relative) and (
            Path(text).is_file() or recognise(relative.rsplit("/", 1)[-1]) is not None
        )
        named.append((relative, _instance_dir(relative)[0] if file_like else relative))
    # A named file is looked for in its instance folder: that folder is listed, not the whole tree; of
    # the folders above, only the names an instance file may have.
    pathspecs = [folder for _, folder in named]
    pathspecs += [join(above, name) for _, folder in named for above in _ancestors(folder) for name in _NAMES]
    folders = TreeFolders(tree, pathspecs)
    found: _Found = {}
    for path, folder in named:
        kind = kind_of(folders, path) if path else FOLDER
        # A folder of the revision is handed down what is above it, even where the disk has a file.
        above = _from_above(folders, path if kind == FOLDER else folder)
        if kind == FOLDER:
            _walk(folders, path, 0, ReadScope(), found, set(), above)
        elif kind is not None or folder != path:
            _named_file(folders, path, found, ReadScope(), above)
    return _unique_names(list(found.values()))


def _ancestors(folder: str) -> list[str]:
    """The folders above root-relative ``folder``, nearest first, up to the root (``""``)."""
    parts = folder.split("/") if folder else []
    return ["/".join(parts[:cut]) for cut in range(len(parts) - 1, -1, -1)]


def _above_on_disk(folder: Path, scope: ReadScope) -> tuple[InputFile, ...]:
    """The shared files handed down to a named folder on disk from the folders above it, up to its
    repository's root (outside a repository there is no monorepo to look up to)."""
    boundary = repository_of(folder)
    if boundary is None:
        return ()
    relative = Path(os.path.relpath(os.path.abspath(folder), boundary)).as_posix()
    if relative == "." or relative.startswith("../"):
        return ()
    return _from_above(DiskFolders(Path(os.path.relpath(boundary)), scope), relative)


def _from_above(folders: Folders, folder: str) -> tuple[InputFile, ...]:
    """The shared files the folders above ``folder`` hand down to it, as a scan from there would: from
    each folder of shared files on the way up to the listing's root, until one that is an instance of
    its own, one a scan does not enter, or one too far above."""
    layers: tuple[InputFile, ...] = ()
    parts = folder.split("/") if folder else []
    for cut, above in zip(range(len(parts) - 1, -1, -1), _ancestors(folder), strict=True):
        step = parts[cut]
        if _skipped_folder(step) or len(parts) - cut > MAX_SCAN_DEPTH:
            break
        files, manifest, problems, only_folders = _members(folders, above)
        if not (files or manifest or problems):
            continue
        if manifest or problems or only_folders or not all(file.shared for file in files):
            break  # an instance of its own: what is below it is not its instances
        if step in _MAGENTO_FOLDERS:
            break
        layers = _layered(tuple(files), list(layers))  # a nearer folder's file of a role wins
    return layers


def _walk(
    folders: Folders,
    folder: str,
    depth: int,
    scope: ReadScope,
    found: _Found,
    seen: set[str],
    inherited: tuple[InputFile, ...] = (),
    given: str | None = None,
) -> bool:
    """Add the instances at and below ``folder``; True when there is one.

    A folder holding instance files is an instance, and the scan does not look inside it; hidden and
    dependency folders, and those deeper than MAX_SCAN_DEPTH below the named one, are not entered.
    A folder whose only files are shared ones (config.php, .magento.app.yaml: a monorepo's root) hands
    them down to the instance folders below it as their lower layers, and is an instance of its own
    only when there is none below it.
    """
    files, manifest, problems, only_folders = _members(folders, folder, given)
    # A folder whose files are shared ones (config.php, .magento.app.yaml: a monorepo's root), perhaps
    # beside a capture of a process environment (a docker-compose .env at a repository's root), hands
    # the shared files down to the instance folders below it: such a file alone must never hide them.
    if (
        files
        and not (manifest or problems or only_folders)
        and any(file.shared for file in files)
        and all(file.shared or file.role is Role.VARIABLES for file in files)
    ):
        layers = _layered(inherited, [file for file in files if file.shared])
        if depth < MAX_SCAN_DEPTH and _below(folders, folder, depth, scope, found, seen, layers, True):
            return True
        _add(found, folders, folder, _spec(folders, folder, list(_layered(inherited, files)), None, []))
        return True
    # Only a capture (.env, environment.json) at a folder with instance folders below it: those are
    # the instances (the capture is the folder's own, docker-compose's, say); alone it is one.
    only_capture = all(file.role is Role.VARIABLES for file in files)
    if (
        files
        and only_capture
        and not (manifest or problems or only_folders)
        and depth < MAX_SCAN_DEPTH
        and _below(folders, folder, depth, scope, found, seen, inherited, False)
    ):
        return True
    if files or manifest or problems:
        _add(
            found,
            folders,
            folder,
            _spec(folders, folder, list(_layered(inherited, files)), manifest, problems),
        )
        # A folder whose only "files" are folders (a stray env.yaml/) is reported, but it is no
        # reason to leave the instances below it unchecked.
        if manifest or problems or not only_folders:
            return True
        _below(folders, folder, depth, scope, found, seen, inherited, False)
        return True
    return _below(folders, folder, depth, scope, found, seen, inherited, False)


def _below(
    folders: Folders,
    folder: str,
    depth: int,
    scope: ReadScope,
    found: _Found,
    seen: set[str],
    inherited: tuple[InputFile, ...],
    shared: bool,
) -> bool:
    """Walk the folders below ``folder``; True when an instance is found there. Below a folder of
    shared files (a Magento root) Magento's own code and data folders are not entered either."""
    if depth >= MAX_SCAN_DEPTH:
        return False
    below = [(name, kind) for name, kind in folders.entries(folder).items() if kind in FOLDERS]
    below = [
        (name, kind)
        for name, kind in below
        if not _skipped_folder(name)
        # Magento's own folders below a Magento root are not entered, unless one holds an instance's
        # files: an environment folder may well be called dev.
        and not (
            shared and name in _MAGENTO_FOLDERS and not _looks_like_instance(folders, join(folder, name))
        )
    ]
    any_found = False
    for name, kind in below:
        if kind == LINKED_FOLDER:  # only the disk has them: a tree follows no link
            any_found = _linked(folders, join(folder, name), scope, found, seen, inherited) or any_found
    for name, kind in below:
        if kind == FOLDER:
            any_found = (
                _walk(folders, join(folder, name), depth + 1, scope, found, seen, inherited) or any_found
            )
    return any_found


def _layered(inherited: tuple[InputFile, ...], own: list[InputFile]) -> tuple[InputFile, ...]:
    """An instance's files under the shared ones handed down to it: lower layers first. The instance's
    own shared file of a role (its own config.php) replaces the one from above: it is that instance's."""
    mine = {file.role for file in own if file.shared}
    return (*(file for file in inherited if file.role not in mine), *own)


def _linked(
    folders: Folders,
    path: str,
    scope: ReadScope,
    found: _Found,
    seen: set[str],
    inherited: tuple[InputFile, ...],
) -> bool:
    """A linked folder on disk: one inside the root is scanned where it really is; one outside is not
    read unless the settings say so (an instance folder left unread is an error, never an absence).
    True when an instance is found there."""
    link = absolute(folders, path)
    looks = _looks_like_instance(folders, path)
    if not scope.allows(link, folders.root, note=not looks):
        if looks:
            unread: list[LintError] = [LoadError(NOT_FOLLOWED, display_path(link))]
            _add(found, folders, path, _spec(folders, path, [], None, unread))
        return looks  # outside, and not to be followed: the scope has noted it
    target = os.path.realpath(link)
    if scope.follow_outside and target not in seen and not inside(target, os.path.realpath(folders.root)):
        seen.add(target)  # a loop of links is entered once
        return _walk(DiskFolders(link, scope), "", 0, scope, found, seen, inherited)
    return False


def _named_file(
    folders: Folders, path: str, found: _Found, scope: ReadScope, inherited: tuple[InputFile, ...] = ()
) -> None:
    """The instance of a file named on the command line: a file named as an instance file brings its
    neighbours (and is read wherever it leads); any other file stands alone as an env.php-shaped dump."""
    folder, relative = _instance_dir(path)
    if recognise(relative) is None and "/" in relative:  # app/etc/env.yaml: a dump in app/etc, as scanned
        folder, _, relative = path.rpartition("/")
    if recognise(relative) is not None:
        files, manifest, problems, _ = _members(folders, folder, given=path)
        if files and not (manifest or problems) and all(file.shared for file in files):
            # A shared file (a monorepo's root config.php) is checked as the instances below take it.
            _walk(folders, folder, 0, scope, found, {folders.identity(folder)}, inherited, given=path)
            return
        if files or manifest or problems:
            layers = list(_layered(inherited, files))
            _add(found, folders, folder, _spec(folders, folder, layers, manifest, problems))
        return
    if kind_of(folders, path) is None:
        return
    name = path.rsplit("/", 1)[-1]
    stem = name.split(".")[0]
    # Any other file stands alone: a template as what it is a template of (env.php.dist is env.php),
    # a database dump under another name as a dump (prod-2026-11-02.sql), else an env.php-shaped dump in
    # the format its name and first bytes say.
    kind = (
        template_of(name)
        or dump_of(name)
        or Recognised(Role.ENV, format_of_file(str(absolute(folders, path))), False, env_type_from_word(stem))
    )
    single = folders.input_file(path, kind)
    where = display_path(absolute(folders, path))
    _add(found, folders, path, InstanceSpec(visible(stem), where, (single,), None, None))


def _members(
    folders: Folders, folder: str, given: str | None = None
) -> tuple[list[InputFile], InputFile | None, list[LintError], bool]:
    """The recognised files directly in ``folder`` (and its app/etc), the errors found listing them, and
    whether each of those files is a folder.

    A file reached through a symbolic link that leads outside the listing's root is not read (unless
    the settings say so): it is an error, so that the instance is not checked as if the file did not
    exist. The file named on the command line (``given``) is read wherever it leads.
    """
    candidates = [(join(folder, name), name) for name in folders.entries(folder)]
    for sub in SUBFOLDERS:
        if _has_folder(folders, folder, sub):
            candidates.extend((join(folder, f"{sub}/{name}"), f"{sub}/{name}") for name in names_in(sub))
    members: list[InputFile] = []
    problems: list[LintError] = []
    only_folders = True
    for path, relative in candidates:
        found = recognise(relative)
        if found is None:
            continue
        if path != given and folders.refused(path, folder):
            problems.append(LoadError(NOT_FOLLOWED, display_path(absolute(folders, path))))
            continue
        kind = kind_of(folders, path)
        # A file that is a folder, a broken link or a FIFO is read, and so an error: a manifest too, since
        # its environment type left unread would turn the rules that need it off in silence.
        if kind is None:
            continue
        members.append(folders.input_file(path, found))
        if found.role is not Role.MANIFEST:
            only_folders = only_folders and kind in FOLDERS
    files, manifest = split_manifest(members)
    return files, manifest, problems, only_folders


def _spec(
    folders: Folders,
    folder: str,
    files: list[InputFile],
    manifest: InputFile | None,
    problems: list[LintError],
) -> InstanceSpec:
    name = folders.own_name(folder)
    where = absolute(folders, folder)
    return InstanceSpec(
        name=visible(name or str(where)),
        directory=display_path(where),
        files=tuple(files),
        manifest=manifest,
        dir_env_type=env_type_from_word(name),
        errors=tuple(problems),
    )


def _add(found: _Found, folders: Folders, path: str, spec: InstanceSpec) -> None:
    # Keyed by what the folder is: a display name is escaped, and two names may escape alike.
    found.setdefault(folders.identity(path) + "::" + spec.name, spec)


def _looks_like_instance(folders: Folders, path: str) -> bool:
    """True when ``path`` holds a file an instance is made of (judged by names; nothing is read)."""
    return any(_has_folder(folders, path, sub) for sub in SUBFOLDERS) or any(
        recognise(name) is not None for name in folders.entries(path)
    )


def _has_folder(folders: Folders, folder: str, sub: str) -> bool:
    """True when ``folder`` holds the folder ``sub`` (``app/etc``), listing no folder that is not there."""
    for name in sub.split("/"):
        if folders.entries(folder).get(name) not in FOLDERS:
            return False
        folder = join(folder, name)
    return True


def _skipped_folder(name: str) -> bool:
    """A folder a scan does not enter: hidden, or a dependency tree (node_modules, vendor)."""
    return name.startswith(".") or name in _DEPENDENCY_FOLDERS


def _instance_dir(path: str) -> tuple[str, str]:
    """(instance directory, name within it) for a root-relative file path."""
    parts = path.split("/")
    for folder in SUBFOLDERS:  # app/etc/env.php belongs to the folder above app/
        depth = folder.count("/") + 1
        if len(parts) > depth and parts[-depth - 1 : -1] == folder.split("/"):
            return "/".join(parts[: -depth - 1]), "/".join(parts[-depth - 1 :])
    return "/".join(parts[:-1]), parts[-1]


def distinct_labels(directories: list[str]) -> list[str]:
    """Short labels that tell ``directories`` apart: each one's path below their common folder.

    Unlike a display path they do not depend on the working directory, so the names (and the
    fingerprints) they go into are the same wherever the run starts.
    """
    absolute = [os.path.abspath(directory) for directory in directories]
    try:
        common = os.path.commonpath(absolute)
    except ValueError:  # different drives
        return absolute
    labels = [
        os.path.relpath(path, common) if path != common else os.path.basename(path) for path in absolute
    ]
    labels = [label.replace(os.sep, "/") for label in labels]
    return labels if len(set(labels)) == len(labels) else absolute


def _unique_names(specs: list[InstanceSpec]) -> list[InstanceSpec]:
    """Instance names must be unique in a run; clashing directory names take their distinct paths."""
    groups: dict[str, list[int]] = {}
    for index, spec in enumerate(specs):
        groups.setdefault(spec.name, []).append(index)
    unique = list(specs)
    for members in groups.values():
        if len(members) > 1:
            labels = distinct_labels([specs[index].directory for index in members])
            for index, label in zip(members, labels, strict=True):
                unique[index] = specs[index].replace(name=label)
    return sorted(unique, key=lambda spec: spec.name)
