"""Check the catalog's ``covers:`` lists: every rule named exists, and no rule covers itself through others.

A rule's own file cannot tell whether the rules it names exist: that is known once every folder is
read, so these are the catalog's errors, each naming the file and line of the ``covers`` entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from linter.checks.rule import Rule
from linter.errors import LoadError, RuleFileError
from linter.loaders.reading import read_text


def covers_errors(rules: Mapping[str, Rule], paths: Mapping[str, Path]) -> list[RuleFileError]:
    """One error per rule whose ``covers`` names an unknown rule or closes a circle (in id order)."""
    errors: list[RuleFileError] = []
    bad: set[str] = set()
    for rule in sorted(rules.values(), key=lambda rule: rule.id):
        for index, covered in enumerate(rule.covers):
            if covered not in rules:
                import difflib  # only for a typo to name

                close = difflib.get_close_matches(covered, list(rules), n=1, cutoff=0.6)
                hint = f" (did you mean {close[0]}?)" if close else ""
                message = f"covers/{index}: covers {covered}, which no loaded rule has{hint}"
                errors.append(_error(message, rule, paths.get(rule.id), index))
                bad.add(rule.id)
                break
    for rule in sorted(rules.values(), key=lambda rule: rule.id):
        if rule.id in bad:
            continue
        circle = _circle(rule.id, rules, bad)
        if circle is not None:
            index = rule.covers.index(circle[1])
            message = f"covers/{index}: a circle of covers: {' -> '.join(circle)}"
            errors.append(_error(message, rule, paths.get(rule.id), index))
            bad.add(rule.id)  # the rest of the circle no longer closes
    return errors


def _circle(start: str, rules: Mapping[str, Rule], bad: set[str]) -> list[str] | None:
    """The ids of a path of covers from ``start`` back to itself, or None (rules in ``bad`` are left out)."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        current, trail = stack.pop()
        for covered in rules[current].covers:
            if covered == start:
                return [*trail, start]
            if covered in rules and covered not in bad and covered not in seen:
                seen.add(covered)
                stack.append((covered, [*trail, covered]))
    return None


def _error(message: str, rule: Rule, path: Path | None, index: int) -> RuleFileError:
    return RuleFileError(message, rule.file, _line(path, rule.file, index))


def _line(path: Path | None, display: str, index: int) -> int | None:
    """The line of ``covers/<index>`` in the rule file (read again: these errors are rare)."""
    if path is None:
        return None
    from linter.loaders.yaml_loader import load_yaml  # PyYAML only when there is an error to place

    try:
        document = load_yaml(read_text(path, display, 1024 * 1024), display, typed_numbers=True)
    except LoadError:
        return None
    position = document.position(("covers", str(index))) or document.position(("covers",))
    return position.line if position else None
