"""Find instances: which files describe one installation, and what type of environment it is."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from linter.errors import LintError, LoadError, SettingsError, UsageError
from linter.model.scope import NOT_FOLLOWED, NOT_FOLLOWED_INVENTORY, ReadScope, inside
from linter.textsafe import visible

if TYPE_CHECKING:
    from linter.gitstate import GitTree
    from linter.settings import InventoryEntry

_DUMP = re.compile(r"^(?:(?P<type>[a-z0-9_-]+)\.)?(?P<role>env|config)\.(?P<ext>ya?ml|json)$", re.I)
MANIFEST_NAMES = ("instance.yaml", "instance.yml")
CONFIG_SHOW_NAMES = ("config-show.txt",)
_FIXED: dict[str, tuple[str, str, bool]] = {
    # name: (role, format, shared: belongs in source control)
    "app/etc/env.php": ("env", "php", False),
    "app/etc/config.php": ("config", "php", True),
    "env.php": ("env", "php", False),
    "config.php": ("config", "php", True),
    "environment.json": ("variables", "environment", False),
    ".env": ("variables", "dotenv", False),
    ".magento.app.yaml": ("variables", "cloud_app", True),
    "config-show.txt": ("config_show", "config_show", False),
}
ENV_TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "production": ("production", "prod", "live", "prd"),
    "staging": ("staging", "stage", "uat", "preprod", "stg"),
    "development": ("dev", "develop", "development", "integration", "local", "qa", "test"),
}
_WORD_TO_TYPE = {word: kind for kind, words in ENV_TYPE_WORDS.items() for word in words}
MAX_SCAN_DEPTH = 8


class InputFile(NamedTuple):
    """A file that belongs to an instance, with the layer it provides."""

    path: Path
    display: str
    role: str
    format: str
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


def env_type_from_word(text: str) -> str | None:
    """The environment type a name points to (``prod``, ``eu-staging``), or None."""
    tokens = [token for token in re.split(r"[^a-z0-9]+", text.lower()) if token]
    kinds = {_WORD_TO_TYPE[token] for token in tokens if token in _WORD_TO_TYPE}
    return kinds.pop() if len(kinds) == 1 else None


def classify(relative: str) -> tuple[str, str, bool, str | None] | None:
    """(role, format, shared, env type hint) for a file name inside an instance, or None."""
    fixed = _FIXED.get(relative)
    if fixed is not None:
        return (*fixed, None)
    match = _DUMP.match(relative)
    if match is None:
        return None
    ext = match["ext"].lower()
    fmt = "json" if ext == "json" else "yaml"
    role = match["role"].lower()
    hint = env_type_from_word(match["type"]) if match["type"] else None
    return role, fmt, role == "config", hint


def instance_files(
    directory: Path, root: Path | None = None, scope: ReadScope | None = None, given: Path | None = None
) -> tuple[list[InputFile], InputFile | None, list[LintError]]:
    """The recognised files directly in ``directory`` (and its app/etc), and the errors found listing them.

    A file reached through a symbolic link that leads outside ``root`` is not read (unless ``scope``
    says so): it is an error, so that the instance is not checked as if the file did not exist.
    """
    files: list[InputFile] = []
    manifest: InputFile | None = None
    problems: list[LintError] = []
    candidates: list[tuple[Path, str]] = []
    try:
        entries = sorted(os.listdir(directory))
    except OSError:
        return [], None, []
    candidates.extend((directory / name, name) for name in entries)
    app_etc = directory / "app" / "etc"
    if app_etc.is_dir():
        candidates.extend((app_etc / name, f"app/etc/{name}") for name in ("config.php", "env.php"))
    for path, relative in candidates:
        if (
            scope is not None
            and root is not None
            and (relative in MANIFEST_NAMES or classify(relative) is not None)
            and (given is None or os.path.abspath(path) != os.path.abspath(given))
            and scope.through_link(path, directory)
            and not scope.allows(path, root, note=False)
        ):
            problems.append(LoadError(NOT_FOLLOWED, display_path(path)))
            continue
        if relative in MANIFEST_NAMES and path.is_file():
            manifest = InputFile(path, display_path(path), "manifest", "yaml", True)
            continue
        kind = classify(relative)
        if kind is not None and (path.exists() or path.is_symlink()):
            role, fmt, shared, hint = kind
            files.append(InputFile(path, display_path(path), role, fmt, shared, hint))
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
    return (directory / "app" / "etc").is_dir() or any(
        name in MANIFEST_NAMES or classify(name) is not None for name in names
    )


def _scan_fleet(
    root: Path, scope: ReadScope, seen: set[str] | None = None
) -> list[tuple[Path, InstanceSpec]]:
    specs: list[tuple[Path, InstanceSpec]] = []
    base_depth = len(root.parts)
    seen = seen if seen is not None else {os.path.realpath(root)}
    for current, dirs, _ in os.walk(root, followlinks=False):
        here = Path(current)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("node_modules", "vendor"))
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
    if classify(relative) is not None or relative in MANIFEST_NAMES:
        # The file named on the command line is read wherever it leads; its neighbours stay inside.
        files, manifest, problems = instance_files(directory, directory, scope, given=path)
        return directory, _spec(directory, files, manifest, problems)
    # Any other file stands alone as an env.php-shaped dump.
    fmt = "json" if path.suffix.lower() == ".json" else "yaml"
    stem = visible(path.name.split(".")[0])
    single = InputFile(path, display_path(path), "env", fmt, False, env_type_from_word(stem))
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
    if len(parts) >= 3 and parts[-3:-1] == ["app", "etc"]:
        return "/".join(parts[:-3]), "/".join(parts[-3:])
    return "/".join(parts[:-1]), parts[-1]


def discover_in_tree(paths: list[str], tree: GitTree) -> list[InstanceSpec]:
    """Instances under ``paths`` as they are in a git revision or the index (nothing read from disk)."""
    from linter.gitstate import relative_to_root

    wanted: list[str] = []
    for text in paths or ["."]:
        relative = relative_to_root(tree.root, text)
        name = relative.rsplit("/", 1)[-1]
        is_file = Path(text).is_file() or classify(name) is not None or name in MANIFEST_NAMES
        wanted.append(_instance_dir(relative)[0] if is_file and relative else relative)
    groups: dict[str, list[tuple[str, str]]] = {}
    for path in tree.files(sorted(set(wanted))):
        directory, name = _instance_dir(path)
        if _hidden_below(directory, wanted):
            continue
        if classify(name) is not None or name in MANIFEST_NAMES:
            groups.setdefault(directory, []).append((path, name))
    specs = []
    for directory, members in sorted(groups.items()):
        files: list[InputFile] = []
        manifest: InputFile | None = None
        for path, name in members:
            display = tree.display(path)
            if name in MANIFEST_NAMES:
                manifest = InputFile(tree.root / path, display, "manifest", "yaml", True, blob=path)
                continue
            kind = classify(name)
            assert kind is not None
            role, fmt, shared, hint = kind
            files.append(InputFile(tree.root / path, display, role, fmt, shared, hint, blob=path))
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


def _hidden_below(directory: str, wanted: list[str]) -> bool:
    """True when ``directory`` lies in a hidden folder below the path it was found under.

    As on disk, a hidden folder is skipped while scanning, but one that was named (the hook passes
    ``.github/config.yml``) is read: a named file is never dropped without a word.
    """
    parts = [part for part in directory.split("/") if part]
    prefixes = [[part for part in path.split("/") if part] for path in wanted]
    named = max((len(prefix) for prefix in prefixes if parts[: len(prefix)] == prefix), default=0)
    return any(part.startswith(".") for part in parts[named:])


def inventory_specs(
    entries: tuple[InventoryEntry, ...],
    base: Path,
    only: list[str] | None = None,
    tree: GitTree | None = None,
    scope: ReadScope | None = None,
    settings_file: str | None = None,
) -> list[InstanceSpec]:
    """Instances as the settings file's inventory names them (replaces directory discovery).

    File globs are relative to the settings file. ``only`` keeps the instances that have a file under
    one of those paths; ``tree`` reads the listing from a git revision or the index instead of the disk.
    A pattern that cannot be used, or an entry that matches no file, makes that instance an error
    naming ``settings_file`` and the line; the other instances are still checked.
    """
    from linter.gitstate import relative_to_root

    scope = scope if scope is not None else ReadScope()
    boundary = repository_of(base) or base

    listing: list[str] | None = None
    if tree is not None:
        prefix = relative_to_root(tree.root, str(base))
        listing = [p[len(prefix) + 1 :] if prefix else p for p in tree.files([prefix])]
    wanted = [Path(os.path.abspath(path)) for path in only or []]
    specs = []
    for entry in entries:
        files: list[InputFile] = []
        manifest: InputFile | None = None
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
                if name in MANIFEST_NAMES and "role" not in item:
                    manifest = InputFile(path, display, "manifest", "yaml", True, blob=blob)
                    continue
                kind = classify(f"app/etc/{name}" if "/app/etc/" in f"/{relative}" else name)
                role = item.get("role") or (kind[0] if kind else None)
                if role is None:
                    problem = (
                        f"inventory instance {stated}: cannot tell the layer of {visible(relative)}; "
                        "give it a role (config, env, variables, config_show)"
                    )
                    problems.append(SettingsError(problem, settings_file, line))
                    continue
                fmt = item.get("format") or (kind[1] if kind else _format_of(name))
                shared = kind[2] if kind else role == "config"
                files.append(InputFile(path, display, role, fmt, shared, None, blob))
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


def _format_of(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower()
    return {"json": "json", "php": "php", "yml": "yaml", "yaml": "yaml", "txt": "config_show"}.get(
        suffix, "yaml"
    )


def _under(path: Path, roots: list[Path]) -> bool:
    absolute = Path(os.path.abspath(path))
    return any(absolute == root or root in absolute.parents for root in roots)
