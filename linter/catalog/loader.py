"""Load rule files from folders, validate them against schemas/rule.schema.json, select by id."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path
from typing import Any

from linter.catalog.cache import RuleCache, content_key
from linter.catalog.covers import covers_errors
from linter.checks.compiling import CompileError
from linter.checks.kinds import compile_check
from linter.checks.rule import Rule, SourceRef
from linter.checks.vocabulary import Level
from linter.errors import LintError, LoadError, RuleFileError, UsageError
from linter.filepaths import display_path
from linter.finding import Severity
from linter.loaders.reading import read_text
from linter.resources import rules_dir
from linter.validation import schema_problems


def rule_files(folder: Path, errors: list[LintError] | None = None) -> list[Path]:
    """Every ``*.yaml``/``*.yml`` file below ``folder``, in sorted order.

    A folder that cannot be listed is an error, never a silent gap in the catalog: raised, or added
    to ``errors`` (and the rest of the folder still listed) when that list is given.
    """
    problems: list[LintError] = []
    if not folder.is_dir():
        message = "is a file, not a rule folder" if folder.exists() else "rule folder does not exist"
        problems.append(RuleFileError(message, display_path(folder)))

    def unreadable(error: OSError) -> None:
        where = display_path(Path(error.filename)) if error.filename else display_path(folder)
        problems.append(RuleFileError(f"cannot read rule folder: {error.strerror or error}", where))

    found: list[Path] = []
    # Symlinked folders are not followed (as pathlib's rglob did not); files in them are never seen.
    for current, _, files in os.walk(folder, onerror=unreadable) if not problems else ():
        # Not filtered on is_file(): a rule file that cannot be read must say so when it is loaded.
        found.extend(Path(current, name) for name in files if Path(name).suffix in (".yaml", ".yml"))
    if problems and errors is None:
        raise problems[0]
    if errors is not None:
        errors.extend(problems)
    return sorted(found)


def load_rule(path: Path, cache: RuleCache | None = None) -> Rule:
    """Parse and validate one rule file; RuleFileError names the file, line and bad key."""
    display = display_path(path)
    try:
        text = read_text(path, display, 1024 * 1024)
    except LoadError as error:
        raise RuleFileError(error.message, error.file, error.line, error.column) from None
    key = content_key(text)
    data = cache.get(key) if cache is not None else None
    cached = data is not None
    if data is None:
        data = _validated(text, display)
    try:
        # After the cache: it holds validated data, and compiling is cheap (no parsing).
        rule = _rule(data, display, trusted=cached)
    except CompileError as error:
        message = f"{'/'.join(error.path)}: {error.message}"
        raise RuleFileError(message, display, _line(text, display, error)) from None
    if cache is not None and not cached:
        cache.put(key, data)
    return rule


def _line(text: str, display: str, error: CompileError) -> int | None:
    """The line of the key a compile error names (the file is parsed again: errors are rare)."""
    from linter.loaders.yaml_loader import load_yaml

    position = load_yaml(text, display, typed_numbers=True).position(error.path)
    return position.line if position else None


def _validated(text: str, display: str) -> dict[str, Any]:
    from linter.loaders.yaml_loader import load_yaml  # only on a cache miss: PyYAML is a slow import

    try:
        document = load_yaml(text, display, typed_numbers=True)
    except LoadError as error:
        raise RuleFileError(error.message, error.file, error.line, error.column) from None
    if document.duplicates:  # YAML keeps the later value: the earlier one would be silently ignored
        duplicate = document.duplicates[0]
        key, first = "/".join(duplicate.path), duplicate.first.line
        raise RuleFileError(
            f"{key}: key repeated (first at line {first}); the first value would be ignored",
            display,
            duplicate.second.line,
        )
    problems = schema_problems(document, "rule.schema.json")
    if problems:
        key, line, message = min(problems, key=lambda problem: problem[1] or 1 << 30)
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise RuleFileError(f"invalid rule file: {key}: {message}{more}", display, line)
    _check_patterns(document.data.get("check", {}), document.file, document)
    return document.data


def _rule(data: dict[str, Any], display: str, trusted: bool = False) -> Rule:
    level = Level(data["level"])
    covers = tuple(data.get("covers", ()))
    if data["id"] in covers:
        raise CompileError("a rule cannot cover itself", ("covers", str(covers.index(data["id"]))))
    if "min_instances" in data and level != Level.FLEET:
        raise CompileError("min_instances applies to fleet rules only", ("min_instances",))
    return Rule(
        id=data["id"],
        title=data["title"],
        severity=Severity(data["severity"]),
        level=level,
        rationale=data["rationale"].strip(),
        sources=tuple(SourceRef(s["document"], s.get("quote"), s.get("url")) for s in data["source"]),
        remediation=data["remediation"].strip(),
        check=compile_check(data["check"], level, trusted),
        examples=tuple(data["examples"]),
        file=display,
        tags=tuple(data.get("tags", ())),
        requires=tuple(data.get("requires", ())),
        covers=covers,
        min_instances=int(data.get("min_instances", 1)),
    )


def _check_patterns(node: object, file: str, document: object) -> None:
    """Reject regular expressions that RE2 cannot compile (rules match with RE2: linear time)."""
    stack: list[tuple[object, tuple[str, ...]]] = [(node, ("check",))]
    while stack:
        current, path = stack.pop()
        if isinstance(current, dict):
            for key, value in current.items():
                if key == "pattern" and isinstance(value, str):
                    _check_pattern(value, file, document, (*path, key))
                else:
                    stack.append((value, (*path, str(key))))
        elif isinstance(current, list):
            stack.extend((item, (*path, str(index))) for index, item in enumerate(current))


def _check_pattern(pattern: str, file: str, document: object, path: tuple[str, ...]) -> None:
    from linter.loaders.document import Document
    from linter.regex import PatternError, compile_pattern

    position = document.position(path) if isinstance(document, Document) else None
    line = position.line if position else None

    try:
        compile_pattern(pattern)
    except PatternError as error:
        raise RuleFileError(
            f"{'/'.join(path)}: invalid regular expression {pattern!r}: {error}", file, line
        ) from None


def load_catalog(
    extra_dirs: list[str] | None = None,
    include_bundled: bool = True,
    errors: list[LintError] | None = None,
    examples: bool = True,
) -> list[Rule]:
    """All rules: the bundled ones, then each extra folder; duplicate ids are an error.

    The first bad folder or rule file is raised; when ``errors`` is given, each one is added there
    instead and every other rule still loads (a check then runs them and exits 2). Without
    ``examples`` (a check, which never runs them) each rule's examples are empty.
    """
    folders = ([rules_dir()] if include_bundled else []) + [Path(d) for d in extra_dirs or []]
    problems: list[LintError] = []
    rules: dict[str, Rule] = {}
    paths: dict[str, Path] = {}
    cache = RuleCache(examples)
    for folder in folders:
        for path in rule_files(folder, problems):
            try:
                rule = load_rule(path, cache)
            except RuleFileError as error:
                problems.append(error)
                continue
            if rule.id in rules:
                duplicate = f"duplicate rule id {rule.id} (also in {rules[rule.id].file})"
                problems.append(RuleFileError(duplicate, rule.file, 1))
                continue
            rules[rule.id] = rule
            paths[rule.id] = path
    cache.save()
    for problem in covers_errors(rules, paths):  # known only once every folder is read
        problems.append(problem)
        rules = {id: rule for id, rule in rules.items() if rule.file != problem.file}
    if problems and errors is None:
        raise problems[0]
    if errors is not None:
        errors.extend(problems)
    return sorted(rules.values(), key=lambda rule: rule.id)


def select_rules(rules: list[Rule], select: list[str] | None, ignore: list[str] | None) -> list[Rule]:
    """Rules whose id matches a ``select`` glob (all when empty) and no ``ignore`` glob."""

    def hit(rule: Rule, globs: list[str]) -> bool:
        return any(fnmatch.fnmatchcase(rule.id, glob.upper()) for glob in globs)

    chosen = [rule for rule in rules if not select or hit(rule, select)]
    return [rule for rule in chosen if not ignore or not hit(rule, ignore)]


LEVELS = tuple(Level)


def select_levels(rules: list[Rule], levels: list[str]) -> list[Rule]:
    """Rules of the given levels (all when empty); an unknown level is a usage error."""
    unknown = sorted(set(levels) - set(LEVELS))
    if unknown:
        raise UsageError(f"unknown rule level {', '.join(unknown)} (choose from {', '.join(LEVELS)})")
    return [rule for rule in rules if not levels or rule.level in levels]
