"""Find instances: which files describe one installation, and what type of environment it is."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

from linter.errors import LintError, LoadError, SettingsError, UsageError
from linter.filepaths import display_path, inside, relative_to_root, repository_of
from linter.formats import (
    SUBFOLDERS,
    Recognised,
    Role,
    env_type_from_word,
    format_by_suffix,
    format_of_file,
    layer_of,
    names_in,
    recognise,
    template_of,
)
from linter.model.scope import NOT_FOLLOWED, NOT_FOLLOWED_INVENTORY, ReadScope
from linter.textsafe import visible

if TYPE_CHECKING:
    from linter.settings import InventoryEntry

MAX_SCAN_DEPTH = 8
_DEPENDENCY_FOLDERS = frozenset({"node_modules", "vendor"})
_Groups = dict[str, list[tuple[str, Recognised]]]  # instance folder -> its files in a listing


class InputFile(NamedTuple):
    """A file that belongs to an instance, with the layer it provides."""

    path: Path
    display: str
    role: Role
    format: str  # a key of linter.formats.LOADERS
    shared: bool
    env_type_hint: str | None = None
    blob: str | None = None  # repository-relative path when read from a git tree, not the disk


class InstanceSpec(NamedTuple):
    """What discovery knows about an instance before any file is parsed."""

    name: str
    directory: str
    files: tuple[InputFile, ...]
    manifest: InputFile | None
    dir_env_type: str | None
    env_type: str | None = None  # stated by the settings file's inventory: wins over everything
    project: str | None = None
    stated: bool = False  # named by the settings file's inventory (its name wins over a manifest's)
    errors: tuple[LintError, ...] = ()  # found before any file is read: the instance is not checked


class Listing(Protocol):
    """Files discovery can list instead of the disk's: a git revision or the index (see GitTree)."""

    root: Path

    def files(self, pathspecs: list[str]) -> list[str]:
        """Root-relative paths of the files under ``pathspecs`` (root-relative too)."""
        ...

    def display(self, path: str) -> str:
        """How the file at root-relative ``path`` is named in messages."""
        ...


def input_file(path: Path, display: str, found: Recognised, blob: str | None = None) -> InputFile:
    """The one place an InputFile is made: a file, how it is shown, and what the registry says of it."""
    return InputFile(path, display, found.role, found.format, found.shared, found.env_type_hint, blob)


def _split(members: list[InputFile]) -> tuple[list[InputFile], InputFile | None]:
    """An instance's members as its files, in order, and its manifest (the last one, if several)."""
    manifests = [member for member in members if member.role is Role.MANIFEST]
    return [member for member in members if member.role is not Role.MANIFEST], (
        manifests[-1] if manifests else None
    )


def named_as_input(path: str) -> bool:
    """True when a repository path is named as a file discovery reads (env.php, env.yaml, instance.yaml);
    a git tree keeps such an entry even when it is a link or a submodule, so that reading it is an error."""
    name = _instance_dir(path)[1]
    return recognise(name) is not None or layer_of(path.rsplit("/", 1)[-1]) is not None


def instance_files(
    directory: Path, root: Path | None = None, scope: ReadScope | None = None, given: Path | None = None
) -> tuple[list[InputFile], InputFile | None, list[LintError]]:
    """The recognised files directly in ``directory`` (and its app/etc), and the errors found listing them.

    A file reached through a symbolic link that leads outside ``root`` is not read (unless ``scope``
    says so): it is an error, so that the instance is not checked as if the file did not exist.
    """
    members: list[InputFile] = []
    problems: list[LintError] = []
    candidates: list[tuple[Path, str]] = []
    try:
        entries = sorted(os.listdir(directory))
    except OSError:
        return [], None, []
    candidates.extend((directory / name, name) for name in entries)
    for folder in SUBFOLDERS:
        if (directory / folder).is_dir():
            candidates.extend((directory / folder / name, f"{folder}/{name}") for name in names_in(folder))
    for path, relative in candidates:
        found = recognise(relative)
        if (
            scope is not None
            and root is not None
            and found is not None
            and (given is None or os.path.abspath(path) != os.path.abspath(given))
            and scope.through_link(path, directory)
            and not scope.allows(path, root, note=False)
        ):
            problems.append(LoadError(NOT_FOLLOWED, display_path(path)))
            continue
        if found is None:
            continue
        # A manifest must be a file; a layer that is a folder or a broken link is read, and so an error.
        present = path.is_file() if found.role is Role.MANIFEST else path.exists() or path.is_symlink()
        if present:
            members.append(input_file(path, display_path(path), found))
    files, manifest = _split(members)
    return files, manifest, problems


def _spec(
    directory: Path, files: list[InputFile], manifest: InputFile | None, problems: list[LintError]
) -> InstanceSpec:
    return InstanceSpec(
        name=visible(directory.resolve().name or str(directory)),
        directory=display_path(directory),
        files=tuple(files),
        manifest=manifest,
        dir_env_type=env_type_from_word(directory.resolve().name),
        errors=tuple(problems),
    )


def _looks_like_instance(directory: Path) -> bool:
    """True when ``directory`` holds a file an instance is made of (judged by names; nothing is read)."""
    try:
        names = os.listdir(directory)
    except OSError:
        return False
    return any((directory / folder).is_dir() for folder in SUBFOLDERS) or any(
        recognise(name) is not None for name in names
    )


def _scan_fleet(
    root: Path, scope: ReadScope, seen: set[str] | None = None
) -> list[tuple[Path, InstanceSpec]]:
    specs: list[tuple[Path, InstanceSpec]] = []
    base_depth = len(root.parts)
    seen = seen if seen is not None else {os.path.realpath(root)}
    for current, dirs, _ in os.walk(root, followlinks=False):
        here = Path(current)
        dirs[:] = sorted(d for d in dirs if not _skipped_folder(d))
        if len(here.parts) - base_depth >= MAX_SCAN_DEPTH:
            dirs[:] = []
        files, manifest, problems = instance_files(here, root, scope)
        if files or manifest or problems:
            specs.append((here, _spec(here, files, manifest, problems)))
            # A folder whose only "files" are folders (a stray env.yaml/) is reported, but it is no
            # reason to leave the instances below it unchecked.
            if manifest or problems or not all(file.path.is_dir() for file in files):
                dirs[:] = []
        for name in [d for d in dirs if (here / d).is_symlink()]:
            dirs.remove(name)  # os.walk would not enter it either; an inside target is scanned anyway
            link = here / name
            target = os.path.realpath(link)
            if not scope.allows(link, root, note=not _looks_like_instance(link)):
                if _looks_like_instance(link):  # an instance folder left unread must not vanish
                    specs.append((link, _spec(link, [], None, [LoadError(NOT_FOLLOWED, display_path(link))])))
                continue  # outside, and not to be followed: the scope has noted it
            if scope.follow_outside and target not in seen and not inside(target, os.path.realpath(root)):
                seen.add(target)  # a loop of links is entered once
                specs.extend(_scan_fleet(link, scope, seen))
    return specs


def discover(paths: list[str], scope: ReadScope | None = None) -> list[InstanceSpec]:
    """Instances for the command-line paths: instance directories, fleets, or single files.

    Inside a scanned directory, symbolic links that lead outside it are not followed unless
    ``scope`` allows it; ``scope`` remembers each one skipped.
    """
    scope = scope if scope is not None else ReadScope()
    specs: dict[str, InstanceSpec] = {}
    for text in paths:
        path = Path(text)
        if not path.exists():
            raise UsageError(f"no such file or directory: {visible(text)}")
        found = _scan_fleet(path, scope) if path.is_dir() else [_file_spec(path, scope)]
        for where, spec in found:
            # Keyed by the real path: a display name is escaped, and two names may escape alike.
            specs.setdefault(os.path.realpath(where) + "::" + spec.name, spec)
    return _unique_names(list(specs.values()))


def _file_spec(path: Path, scope: ReadScope) -> tuple[Path, InstanceSpec]:
    directory = path.parent
    relative = path.name
    if directory.name == "etc" and directory.parent.name == "app":
        directory = directory.parent.parent
        relative = f"app/etc/{path.name}"
    if recognise(relative) is not None:
        # The file named on the command line is read wherever it leads; its neighbours stay inside.
        files, manifest, problems = instance_files(directory, directory, scope, given=path)
        return directory, _spec(directory, files, manifest, problems)
    # Any other file stands alone: a template as what it is a template of (env.php.dist is env.php),
    # else an env.php-shaped dump in the format its name and first bytes say.
    stem = visible(path.name.split(".")[0])
    kind = template_of(path.name) or Recognised(
        Role.ENV, format_of_file(str(path)), False, env_type_from_word(stem)
    )
    single = input_file(path, display_path(path), kind)
    return path, InstanceSpec(stem, display_path(path), (single,), None, None)


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
                unique[index] = specs[index]._replace(name=label)
    return sorted(unique, key=lambda spec: spec.name)


def _instance_dir(path: str) -> tuple[str, str]:
    """(instance directory, name within it) for a repository-relative file path."""
    parts = path.split("/")
    for folder in SUBFOLDERS:  # app/etc/env.php belongs to the folder above app/
        depth = folder.count("/") + 1
        if len(parts) > depth and parts[-depth - 1 : -1] == folder.split("/"):
            return "/".join(parts[: -depth - 1]), "/".join(parts[-depth - 1 :])
    return "/".join(parts[:-1]), parts[-1]


def discover_in_tree(paths: list[str], tree: Listing) -> list[InstanceSpec]:
    """Instances under ``paths`` as they are in a git revision or the index (nothing read from disk)."""
    wanted: list[str] = []
    for text in paths or ["."]:
        relative = relative_to_root(tree.root, text)
        name = relative.rsplit("/", 1)[-1]
        is_file = Path(text).is_file() or recognise(name) is not None
        wanted.append(_instance_dir(relative)[0] if is_file and relative else relative)
    groups: _Groups = {}
    for path in tree.files(sorted(set(wanted))):
        directory, name = _instance_dir(path)
        found = recognise(name)
        if found is None and name.count("/"):  # app/etc/env.yaml: a dump in app/etc, as the disk scan sees it
            directory, _, name = path.rpartition("/")
            found = recognise(name)
        if found is not None and not _pruned_below(directory, wanted):
            groups.setdefault(directory, []).append((path, found))
    specs = []
    for directory, found_here in sorted(_outermost(groups, wanted).items()):
        files, manifest = _split(
            [input_file(tree.root / path, tree.display(path), found, blob=path) for path, found in found_here]
        )
        base = tree.root / directory if directory else tree.root
        specs.append(
            InstanceSpec(
                name=visible(base.name),
                directory=display_path(base),
                files=tuple(files),
                manifest=manifest,
                dir_env_type=env_type_from_word(base.name),
            )
        )
    return _unique_names(specs)


def _skipped_folder(name: str) -> bool:
    """A folder a scan does not enter: hidden, or a dependency tree (node_modules, vendor)."""
    return name.startswith(".") or name in _DEPENDENCY_FOLDERS


def _below_named(directory: str, wanted: list[str]) -> list[str]:
    """The parts of ``directory`` below the longest named path that holds it (those a scan walked)."""
    parts = [part for part in directory.split("/") if part]
    prefixes = [[part for part in path.split("/") if part] for path in wanted]
    named = max((len(prefix) for prefix in prefixes if parts[: len(prefix)] == prefix), default=0)
    return parts[named:]


def _pruned_below(directory: str, wanted: list[str]) -> bool:
    """True when a scan of the disk would not reach ``directory`` from the path it was found under:
    a skipped folder on the way, or deeper than MAX_SCAN_DEPTH.

    As on disk, a folder that was named (the hook passes ``.github/config.yml``) is read: a named
    file is never dropped without a word.
    """
    walked = _below_named(directory, wanted)
    return len(walked) > MAX_SCAN_DEPTH or any(_skipped_folder(part) for part in walked)


def _outermost(
    groups: dict[str, list[tuple[str, Recognised]]], wanted: list[str]
) -> dict[str, list[tuple[str, Recognised]]]:
    """The instance folders a scan of the disk finds: it does not look inside an instance it found.

    So a folder below another instance's folder (below the named path) is not a second instance,
    whether the files come from the disk or from a git tree.
    """
    kept: dict[str, list[tuple[str, Recognised]]] = {}
    for directory in sorted(groups, key=lambda folder: (folder.count("/"), folder)):
        walked = len(_below_named(directory, wanted))
        parts = directory.split("/") if directory else []
        ancestors = ("/".join(parts[:cut]) for cut in range(len(parts) - walked, len(parts)))
        if not any(ancestor in kept for ancestor in ancestors):
            kept[directory] = groups[directory]
    return kept


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

    listing: list[str] | None = None
    if tree is not None:
        prefix = relative_to_root(tree.root, str(base))
        listing = [p[len(prefix) + 1 :] if prefix else p for p in tree.files([prefix])]
    wanted = [Path(os.path.abspath(path)) for path in only or []]
    specs = []
    for entry in entries:
        members: list[InputFile] = []
        problems: list[LintError] = []
        stated = visible(entry.name)
        for index, item in enumerate(entry.files):
            pattern = item["path"]
            line = entry.lines[index] if index < len(entry.lines) else None
            try:
                matched = _matches(pattern, base, listing)
            except ValueError as error:
                problem = f"inventory instance {stated}: files pattern {visible(pattern)!r} {error}"
                problems.append(SettingsError(problem, settings_file, line))
                continue
            for relative in matched:
                path = base / relative
                if tree is None and not scope.allows(path, boundary, note=False):
                    # Checking the entry without it would pass what is in the unread file.
                    problems.append(LoadError(NOT_FOLLOWED_INVENTORY, display_path(path)))
                    continue
                name = relative.rsplit("/", 1)[-1]
                blob = None if tree is None else relative_to_root(tree.root, str(path))
                display = display_path(path) if tree is None or blob is None else tree.display(blob)
                found = recognise(name)
                if found is not None and found.role is Role.MANIFEST and "role" not in item:
                    members.append(input_file(path, display, found, blob=blob))
                    continue
                in_app_etc = "/app/etc/" in f"/{relative}"
                kind = layer_of(f"app/etc/{name}" if in_app_etc else name) or template_of(name)
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
                members.append(input_file(path, display, Recognised(role, fmt, shared), blob))
        files, manifest = _split(members)
        if wanted and not problems and not any(_under(file.path, wanted) for file in files):
            continue
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


def _matches(pattern: str, base: Path, listing: list[str] | None) -> list[str]:
    """Files matching an inventory pattern, relative to ``base``; a ValueError says why it is unusable."""
    import fnmatch

    if os.path.isabs(pattern):
        raise ValueError("is absolute; patterns are relative to the settings file")
    if listing is not None:
        return sorted(fnmatch.filter(listing, pattern))
    if any("**" in part and part != "**" for part in pattern.replace("\\", "/").split("/")):
        # Python 3.13's pathlib reads 'a**' as 'a*'; 3.11 and 3.12 refuse it, and so do we everywhere.
        raise ValueError("is not a usable glob (Invalid pattern: '**' can only be an entire path component)")
    try:
        return sorted(str(p.relative_to(base)) for p in base.glob(pattern) if p.is_file())
    except (ValueError, NotImplementedError, IndexError) as error:  # pathlib's refusals ('', '.', 'a**')
        raise ValueError(f"is not a usable glob ({error or 'empty'})") from None
    except OSError as error:
        raise ValueError(f"cannot be listed: {error.strerror or error}") from None


def _under(path: Path, roots: list[Path]) -> bool:
    absolute = Path(os.path.abspath(path))
    return any(absolute == root or root in absolute.parents for root in roots)
